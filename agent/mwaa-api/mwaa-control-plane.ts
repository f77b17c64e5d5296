import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { AgentError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { LifecycleService } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { EnvironmentHost } from './environment-host.js';
import type { EnvironmentRecord } from './environment-record.js';
import { MwaaApiServer } from './mwaa-api-server.js';
import { ShortLivedTokens } from './short-lived-tokens.js';
import type { AcceptedCredentials } from './sigv4-verifier.js';

export interface MwaaControlPlaneOptions {
  config: Readonly<Config> & { mwaaApiPort: number };
  env: NodeJS.ProcessEnv;
  clock: Clock;
  log: Logger;
  events: EventBus;
  /** node and the CLI's main script, for `/aws_mwaa/cli`. */
  cli: readonly string[];
  onChange?: (record: EnvironmentRecord | null) => void;
}

/**
 * `mwaa-agent run --mwaa-api-port`: the MWAA API and the environment it creates. Started in data-flow
 * order (the environment saved from the last run first, then the API that drives it), stopped in reverse.
 */
export class MwaaControlPlane extends LifecycleService {
  readonly environments: EnvironmentHost;
  readonly api: MwaaApiServer;
  readonly tokens: ShortLivedTokens;

  constructor(o: MwaaControlPlaneOptions) {
    super();
    this.tokens = new ShortLivedTokens(o.clock);
    this.environments = new EnvironmentHost({
      config: o.config,
      env: o.env,
      clock: o.clock,
      log: o.log.child({ stage: 'mwaa-environment' }),
      events: o.events,
      onChange: o.onChange,
    });
    this.api = new MwaaApiServer({
      host: o.config.apiHost,
      port: o.config.mwaaApiPort,
      region: o.config.region,
      credentials: acceptedCredentials(o.env),
      environments: this.environments,
      tokens: this.tokens,
      cli: o.cli,
      env: o.env,
      clock: o.clock,
      log: o.log.child({ stage: 'mwaa-api' }),
    });
  }

  protected async onStart(): Promise<void> {
    await this.environments.start();
    await this.api.start();
  }

  protected async onStop(): Promise<void> {
    await this.api.stop();
    await this.environments.stop();
  }
}

/**
 * The credentials requests must be signed with: the agent's own AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.
 * LocalStack's `test`/`test` are accepted only when those are what the agent is given.
 */
function acceptedCredentials(env: NodeJS.ProcessEnv): AcceptedCredentials[] {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey)
    throw new AgentError(
      'CONFIG_INVALID',
      "--mwaa-api-port: the MWAA API checks every request's signature against the agent's credentials; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (test/test to accept LocalStack-style clients)",
    );
  return [{ accessKeyId, secretAccessKey }];
}

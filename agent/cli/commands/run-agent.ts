import { AgentApp } from '../../app/agent-app.js';
import { SystemClock } from '../../core/clock.js';
import { EventBus } from '../../core/events.js';
import { AgentError } from '../../core/errors.js';
import { createLogger } from '../../core/logger.js';
import { removeAgentRecord, writeAgentRecord } from '../agent-record.js';
import { agentRecord } from '../running-agent-record.js';
import type { CliContext } from '../cli-context.js';
import type { Config } from '../../core/config.js';
import { stopOnSignals } from '../stop-signals.js';

/** Starts the agent and keeps it running until SIGINT/SIGTERM; the only place signals are handled. */
export async function runAgent(config: Readonly<Config>, ctx: CliContext): Promise<void> {
  if (config.mwaaApiPort !== null) {
    const { runMwaaApi } = await import('./run-mwaa-api.js');
    return runMwaaApi({ ...config, mwaaApiPort: config.mwaaApiPort }, ctx);
  }
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stderr.isTTY === true);
  // Node 20 is supported until the SDK's January 2027 releases; the warning would only repeat that at every start.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const log = createLogger({ level: config.logLevel, pretty });
  const events = new EventBus();
  const app = new AgentApp({
    config,
    env: ctx.env,
    clock: new SystemClock(),
    log,
    events,
    progressTerminal: process.stderr,
    onApiListening: (url) => {
      // `status` finds the agent (and asks its API how far the start is) while the bucket, the startup script
      // and the first parse still run; the record is written again once the agent runs.
      log.info({ api: url }, 'API listening; /api answers once the DAG folder is read');
      record().catch(recordFailed);
    },
    onApiCredentials: (c) => {
      // Shown once, when generated, and only to a person: log collectors keep what reaches a non-terminal
      // stderr, so there the line names the 0600 file instead of the password.
      if (!c.generated) return;
      if (ctx.errIsTerminal)
        ctx.err(`API and UI user "${c.user}", generated password: ${c.password} (kept in ${c.file})`);
      else
        log.info({ file: c.file }, `API and UI user "${c.user}": generated a password, kept in ${c.file} (mode 0600)`);
    },
  });
  let startedAt = new Date().toISOString();
  const record = () => writeAgentRecord(config.stateDir, agentRecord(config, app, startedAt));
  const recordFailed = (e: unknown) => log.warn({ err: e }, 'could not update the agent record in the state folder');
  const offSignals = stopOnSignals(app, log);
  try {
    log.info(
      {
        bucket: config.bucket,
        endpointUrl: config.endpointUrl,
        dagsDir: config.dagsDir,
        stateDir: config.stateDir,
        mode: config.bucket ? 's3' : 'local',
      },
      'mwaa-agent starting',
    );
    try {
      await app.start();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') {
        throw new AgentError(
          'CONFIG_INVALID',
          `cannot serve the API on ${config.apiHost}:${config.apiPort} (${code}): choose another --api-port / MWAA_AGENT_API_PORT or --api-host / MWAA_AGENT_API_HOST`,
          { cause: e },
        );
      }
      throw e;
    }
    log.info(
      { dags: app.registry.list().length, airflowVersion: app.profile.airflowVersion, api: app.api.url },
      'mwaa-agent running',
    );
    startedAt = new Date().toISOString();
    await record();
    const unsubscribe = events.on('requirements:changed', () => {
      record().catch(recordFailed);
    });
    await app.done;
    unsubscribe();
    log.info('mwaa-agent stopped');
  } catch (e) {
    await app.stop().catch(() => undefined);
    throw e;
  } finally {
    await removeAgentRecord(config.stateDir).catch(() => undefined);
    offSignals();
    log.flush?.();
  }
  ctx.exitCode = 0;
}

import { SystemClock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import { AgentError } from '../../core/errors.js';
import { EventBus } from '../../core/events.js';
import { createLogger } from '../../core/logger.js';
import { MwaaControlPlane } from '../../mwaa-api/mwaa-control-plane.js';
import { type AgentRecord, processStart, removeAgentRecord, writeAgentRecord } from '../agent-record.js';
import type { CliContext } from '../cli-context.js';
import { stopOnSignals } from '../stop-signals.js';
import { agentRecord } from '../running-agent-record.js';

/**
 * `mwaa-agent run --mwaa-api-port N`: serves the MWAA API and runs the environment CreateEnvironment
 * describes (and the one saved from the last run), until SIGINT/SIGTERM.
 */
export async function runMwaaApi(config: Readonly<Config> & { mwaaApiPort: number }, ctx: CliContext): Promise<void> {
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stderr.isTTY === true);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const log = createLogger({ level: config.logLevel, pretty });
  const startedAt = new Date().toISOString();
  let plane: MwaaControlPlane | null = null;
  // The record names the MWAA API's URL: written once it listens (the saved environment starts before it).
  let listening = false;
  let writing: Promise<void> = Promise.resolve();
  const record = () => {
    if (!plane || !listening) return;
    const snapshot = controlPlaneRecord(config, plane, startedAt);
    writing = writing
      .then(() => writeAgentRecord(config.stateDir, snapshot))
      .catch((e: unknown) => log.warn({ err: e }, 'could not update the agent record in the state folder'));
  };
  const events = new EventBus();
  plane = new MwaaControlPlane({
    config,
    env: ctx.env,
    clock: new SystemClock(),
    log,
    events,
    cli: [process.execPath, process.argv[1] ?? ''],
    onChange: () => record(),
  });
  const offSignals = stopOnSignals(plane, log);
  try {
    try {
      await plane.start();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES')
        throw new AgentError(
          'CONFIG_INVALID',
          `cannot serve the MWAA API on ${config.apiHost}:${config.mwaaApiPort} (${code}): choose another --mwaa-api-port / MWAA_AGENT_MWAA_API_PORT`,
          { cause: e },
        );
      throw e;
    }
    listening = true;
    log.info(
      { mwaaApiUrl: plane.api.url, environment: plane.environments.record?.Name ?? null },
      `mwaa-agent running: MWAA API on ${plane.api.url} (aws mwaa --endpoint-url ${plane.api.url} …)`,
    );
    record();
    const off = events.on('requirements:changed', () => record());
    await plane.done;
    off();
    log.info('mwaa-agent stopped');
  } catch (e) {
    await plane.stop().catch(() => undefined);
    throw e;
  } finally {
    await writing;
    await removeAgentRecord(config.stateDir).catch(() => undefined);
    offSignals();
    log.flush?.();
  }
  ctx.exitCode = 0;
}

/** The agent record: the running environment's agent, or only the MWAA API before CreateEnvironment. */
function controlPlaneRecord(config: Readonly<Config>, plane: MwaaControlPlane, startedAt: string): AgentRecord {
  const environment = plane.environments.record;
  const running = plane.environments.running;
  const mwaa = {
    mwaaApiUrl: plane.api.url,
    mwaaEnvironment: environment ? { name: environment.Name, status: environment.Status } : null,
  };
  if (running) return { ...agentRecord(running.config, running.app, startedAt), ...mwaa };
  return {
    pid: process.pid,
    processStart: processStart(process.pid),
    startedAt,
    mode: 's3',
    bucket: null,
    dagsPrefix: config.dagsPrefix,
    endpointUrl: config.endpointUrl,
    region: config.region,
    pollInterval: config.pollInterval,
    dagsDir: config.dagsDir,
    requirementsDir: config.requirementsDir,
    airflowVersion: '',
    pythonVersion: '',
    airflowVersionSource: '',
    connectionTypes: [],
    apiUrl: '',
    ...mwaa,
  };
}

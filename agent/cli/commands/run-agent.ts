import type { Server } from 'node:http';
import { listenEarly } from '../../api/early-listener.js';
import { problemDocsBase } from '../../api/problem.js';
import { SystemClock } from '../../core/clock.js';
import { AgentError } from '../../core/errors.js';
import { StartupProgress } from '../../core/startup-progress.js';
import type { CliContext } from '../cli-context.js';
import type { Config } from '../../core/config.js';

/**
 * Starts the agent and keeps it running until SIGINT/SIGTERM; the only place signals are handled. The API's
 * socket is bound first, before the agent's modules load (about a second on a busy machine): /health answers
 * from the process's first moments, whatever the agent does next.
 */
export async function runAgent(config: Readonly<Config>, ctx: CliContext): Promise<void> {
  if (config.mwaaApiPort !== null) {
    const { runMwaaApi } = await import('./run-mwaa-api.js');
    return runMwaaApi({ ...config, mwaaApiPort: config.mwaaApiPort }, ctx);
  }
  const clock = new SystemClock();
  const progress = new StartupProgress(clock);
  const socket = await listenEarly({
    host: config.apiHost,
    port: config.apiPort,
    startup: () => progress.report(),
    // Before requirements.txt is read the version may be unknown: Airflow's docs keep the current one at `stable`.
    docsBase: problemDocsBase(config.airflowVersion ?? 'stable'),
  }).catch((e: unknown) => {
    throw cannotServe(config, e);
  });
  try {
    await runLoaded(config, ctx, { clock, progress, socket });
  } finally {
    // Still listening when the agent stopped before its API took the socket over (a failed or interrupted start).
    if (socket?.listening) {
      socket.close();
      socket.closeAllConnections();
    }
  }
}

async function runLoaded(
  config: Readonly<Config>,
  ctx: CliContext,
  early: { clock: SystemClock; progress: StartupProgress; socket: Server | null },
): Promise<void> {
  const [{ AgentApp }, { EventBus }, { createLogger }, records, { agentRecord }, { stopOnSignals }] = await Promise.all(
    [
      import('../../app/agent-app.js'),
      import('../../core/events.js'),
      import('../../core/logger.js'),
      import('../agent-record.js'),
      import('../running-agent-record.js'),
      import('../stop-signals.js'),
    ],
  );
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stderr.isTTY === true);
  // Node 20 is supported until the SDK's January 2027 releases; the warning would only repeat that at every start.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const log = createLogger({ level: config.logLevel, pretty });
  const events = new EventBus();
  let startedAt = new Date().toISOString();
  const record = () => records.writeAgentRecord(config.stateDir, agentRecord(config, app, startedAt));
  const recordFailed = (e: unknown) => log.warn({ err: e }, 'could not update the agent record in the state folder');
  const app = new AgentApp({
    config,
    env: ctx.env,
    clock: early.clock,
    log,
    events,
    progressTerminal: process.stderr,
    apiSocket: early.socket ?? undefined,
    progress: early.progress,
    onApiCredentials: (c) => {
      // Shown once, when generated, and only to a person: log collectors keep what reaches a non-terminal
      // stderr, so there the line names the 0600 file instead of the password.
      if (!c.generated) return;
      if (ctx.errIsTerminal)
        ctx.err(`API and UI user "${c.user}", generated password: ${c.password} (kept in ${c.file})`);
      else
        log.info({ file: c.file }, `API and UI user "${c.user}": generated a password, kept in ${c.file} (mode 0600)`);
    },
    onApiListening: (url) => {
      // `status` finds the agent (and asks its API how far the start is) while the bucket, the startup script
      // and the first parse still run; the record is written again once the agent runs.
      log.info({ api: url }, 'API listening; /api answers once the DAG folder is read');
      record().catch(recordFailed);
    },
  });
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
      throw cannotServe(config, e);
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
    await records.removeAgentRecord(config.stateDir).catch(() => undefined);
    offSignals();
    log.flush?.();
  }
  ctx.exitCode = 0;
}

/** An address the API cannot bind is a configuration error that names the options; anything else is itself. */
function cannotServe(config: Readonly<Config>, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code !== 'EADDRINUSE' && code !== 'EADDRNOTAVAIL' && code !== 'EACCES') return e;
  return new AgentError(
    'CONFIG_INVALID',
    `cannot serve the API on ${config.apiHost}:${config.apiPort} (${code}): choose another --api-port / MWAA_AGENT_API_PORT or --api-host / MWAA_AGENT_API_HOST`,
    { cause: e },
  );
}

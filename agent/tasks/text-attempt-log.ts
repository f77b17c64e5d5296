import type { AttemptLog } from './attempt-log.js';
import type { AttemptFacts } from './attempt-log-lines.js';
import { logDeferred, logFailed, logFinished, logPreExecution } from './attempt-log-lines.js';
import type { TaskLogger } from './task-log.js';

/** Airflow 2's lines (attempt-log-lines.ts). */
export function textAttemptLog(log: TaskLogger, f: AttemptFacts): AttemptLog {
  const src = f.profile.taskLogSources;
  return {
    started: (resuming) => logPreExecution(log, f, resuming === true),
    deferred: () => logDeferred(log, f),
    rendered: () => undefined,
    renderFailed: () => undefined,
    succeeded: (endDate) => logFinished(log, f, 'SUCCESS', endDate),
    skipped: (reason, endDate) => {
      log.info(reason, src.skipped);
      logFinished(log, f, 'SKIPPED', endDate);
    },
    failed: (fail) => logFailed(log, f, fail),
    timedOut: (pid) => log.error(`Process timed out, PID: ${pid}`, { file: 'timeout.py', line: 69 }),
    terminated: (externalState) => {
      if (externalState !== null)
        log.warning(`State of this instance has been externally set to ${externalState}. Terminating instance.`, {
          file: 'local_task_job_runner.py',
          line: 299,
        });
      log.error('Received SIGTERM. Terminating subprocesses.', src.sigterm);
    },
  };
}

import type { Clock } from '../core/clock.js';
import type { DagSource } from '../dags/dag-source.js';
import type { RunStore } from '../runs/run-store.js';
import type { TaskInstanceRecord } from '../runs/run-records.js';
import { markingLine, type AttemptFacts } from './attempt-log-lines.js';
import type { AirflowProfile } from '../airflow/airflow-profile.js';
import { pyRepr } from '../python/repr.js';
import { isEligibleToRetry, retryDelaySeconds } from './retry-policy.js';
import { TaskLogMasker } from './task-log-masker.js';
import { TaskLogWriter, taskLogPath } from './task-log-writer.js';
import { storedDate } from '../runs/stored-date.js';

export interface ZombieReaperInput {
  clock: Clock;
  store: RunStore;
  dags: DagSource;
  profile: AirflowProfile;
  stateDir: string;
  hostname: string;
  /**
   * The task instances to handle: a dead agent's, adopted from the shared database. Default: every queued and
   * running one of the store (an agent starting alone on its state folder).
   */
  orphans?: readonly TaskInstanceRecord[];
}

export interface ReapedZombie {
  ti: TaskInstanceRecord;
  state: 'up_for_retry' | 'failed';
}

/** The zombie line the scheduler's task-context logger writes to the TI's log, in the version's wording. */
function zombieMessage(ti: TaskInstanceRecord, profile: AirflowProfile): string {
  if (profile.taskLog.zombieMessage === 'detected-as-zombie') return 'Detected as zombie';
  const details: Record<string, string> = { 'DAG Id': ti.dagId, 'Task Id': ti.taskId, 'Run Id': ti.runId };
  if (ti.hostname) details.Hostname = ti.hostname;
  const text = pyRepr(details);
  return profile.taskLog.zombieMessage === 'details-with-link'
    ? `Detected zombie job: ${text} (See https://airflow.apache.org/docs/apache-airflow/stable/core-concepts/tasks.html#zombie-undead-tasks)`
    : text;
}

/** Airflow's `TaskInstance.__repr__`: `<TaskInstance: dag.task run [state]>`. */
export function taskInstanceRepr(ti: TaskInstanceRecord): string {
  const mapIndex = ti.mapIndex === -1 ? '' : `map_index=${ti.mapIndex} `;
  return `<TaskInstance: ${ti.dagId}.${ti.taskId} ${ti.runId} ${mapIndex}[${ti.state ?? 'None'}]>`;
}

/**
 * At start-up every TI still `running` belongs to an agent that died (there is one executor per state folder):
 * Airflow's zombie handling marks it up_for_retry when tries remain, failed otherwise, and says so in the
 * attempt's log. TIs left `queued` were never started and go back to `scheduled`.
 */
export function reapZombies(input: ZombieReaperInput): ReapedZombie[] {
  const { clock, store, dags, profile, orphans } = input;
  const reaped: ReapedZombie[] = [];
  const queued = orphans ? orphans.filter((ti) => ti.state === 'queued') : store.findTaskInstances(['queued']);
  const running = orphans ? orphans.filter((ti) => ti.state === 'running') : store.findTaskInstances(['running']);
  for (const ti of queued) store.updateTaskInstance(ti.dagId, ti.runId, ti.taskId, { state: 'scheduled' }, ti.mapIndex);
  for (const ti of running) {
    const dag = dags.get(ti.dagId);
    const task = dag?.tasks.find((t) => t.taskId === ti.taskId);
    const run = store.getRun(ti.dagId, ti.runId);
    const retries = task?.retries ?? ti.maxTries;
    const retry = isEligibleToRetry({ retries }, Math.max(1, ti.tryNumber));
    const now = clock.now();
    let nextRetryAt: string | null = null;
    if (retry && task && run) {
      const delay = retryDelaySeconds({
        task,
        dagId: ti.dagId,
        logicalDate: run.logicalDate,
        tryNumber: ti.tryNumber,
        profile,
      });
      nextRetryAt = storedDate(new Date(now.getTime() + delay * 1000));
    } else if (retry) nextRetryAt = storedDate(new Date(now.getTime() + 300_000));
    const state = retry ? 'up_for_retry' : 'failed';
    // Airflow 3's scheduler reports a task without heartbeats in its own log, not in the task's.
    if (dag && task && run && profile.taskLog.format === 'text') {
      const log = new TaskLogWriter({
        clock,
        profile,
        masker: new TaskLogMasker(),
        path: taskLogPath(input.stateDir, ti.dagId, ti.runId, ti.taskId, Math.max(1, ti.tryNumber), ti.mapIndex),
      });
      const facts: AttemptFacts = {
        profile,
        dag,
        task,
        run,
        tryNumber: ti.tryNumber,
        mapIndex: ti.mapIndex,
        maxAttempts: retries + 1,
        hostname: ti.hostname || input.hostname,
        pid: ti.pid ?? 0,
        jobId: 0,
        startDate: ti.startDate ?? storedDate(now),
        tiId: '',
        dagVersionId: '',
      };
      log.error(zombieMessage(ti, profile), profile.taskLogSources.zombieDetected);
      log.info(
        markingLine(facts, retry ? 'UP_FOR_RETRY' : 'FAILED', now.toISOString()),
        profile.taskLogSources.markingFailure,
      );
      log.close();
    }
    const duration = ti.startDate ? (now.getTime() - new Date(ti.startDate).getTime()) / 1000 : null;
    store.updateTaskInstance(
      ti.dagId,
      ti.runId,
      ti.taskId,
      { state, endDate: storedDate(now), duration, nextRetryAt },
      ti.mapIndex,
    );
    reaped.push({ ti, state });
  }
  return reaped;
}

import type { DagSpec, TaskSpec } from '../dags/dag-model.js';
import { FINISHED_TI_STATES, type DagRunRecord, type TaskInstanceRecord } from '../runs/run-records.js';
import { evaluateTriggerRule } from './trigger-rules.js';
import type { TiState } from './ti-transitions.js';

export interface TiPlanInput {
  now: Date;
  dag: DagSpec;
  run: DagRunRecord;
  /** The run's task instances; a task without a row counts as state none. */
  tis: readonly TaskInstanceRecord[];
  /**
   * depends_on_past: the same tasks' states in the previous run by logical date, or null when there is no
   * previous run. A task missing from the map had no TI there (passes, as with ignore_first_depends_on_past).
   */
  previousRunStates: ReadonlyMap<string, TiState> | null;
}

export interface TiPlan {
  /** What the scheduler sets now: skipped / upstream_failed by trigger rules, scheduled for runnable TIs. */
  changes: { taskId: string; state: TiState }[];
  /** Task ids whose dependencies are met, in the run's priority order; the executor queues them as slots allow. */
  ready: string[];
  runState: 'running' | 'success' | 'failed';
  /** Unfinished TIs that can never run (Airflow: "Task deadlock (no runnable tasks); marking run failed"). */
  deadlock: boolean;
}

const IN_FLIGHT: ReadonlySet<TiState> = new Set(['queued', 'running', 'up_for_retry']);

function isFinished(s: TiState): boolean {
  return s !== null && FINISHED_TI_STATES.has(s);
}

function pastAllows(task: TaskSpec, previous: ReadonlyMap<string, TiState> | null): boolean {
  if (!task.dependsOnPast || previous === null || !previous.has(task.taskId)) return true;
  const s = previous.get(task.taskId);
  return s === 'success' || s === 'skipped';
}

/**
 * The scheduler's decision for one running DagRun (`DagRun.update_state` + `task_instance_scheduling_decisions`):
 * trigger rules spread skips and upstream failures transitively in one pass, retries whose delay has passed
 * become runnable, and the run's state follows from its leaves once nothing is unfinished.
 */
export function planTaskInstances(input: TiPlanInput): TiPlan {
  const { dag, now } = input;
  const states = new Map<string, TiState>(dag.tasks.map((t) => [t.taskId, null]));
  const byId = new Map(input.tis.map((ti) => [ti.taskId, ti]));
  for (const ti of input.tis) if (states.has(ti.taskId)) states.set(ti.taskId, ti.state);
  const changes = new Map<string, TiState>();
  const set = (taskId: string, s: TiState): void => {
    states.set(taskId, s);
    changes.set(taskId, s);
  };

  // Propagation converges in at most depth-of-DAG passes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const task of dag.tasks) {
      const s = states.get(task.taskId) ?? null;
      if (s !== null && s !== 'scheduled') continue;
      const decision = evaluateTriggerRule(
        task.triggerRule,
        task.upstream.map((u) => states.get(u) ?? null),
      );
      if (decision === 'skipped' || decision === 'upstream_failed') {
        set(task.taskId, decision);
        changed = true;
      }
    }
  }

  const ready: string[] = [];
  for (const task of dag.tasks) {
    const s = states.get(task.taskId) ?? null;
    const ti = byId.get(task.taskId);
    if (s === 'up_for_retry') {
      if (ti?.nextRetryAt && new Date(ti.nextRetryAt).getTime() > now.getTime()) continue;
    } else if (s !== null && s !== 'scheduled') continue;
    else if (
      evaluateTriggerRule(
        task.triggerRule,
        task.upstream.map((u) => states.get(u) ?? null),
      ) !== 'run'
    )
      continue;
    if (!pastAllows(task, input.previousRunStates)) continue;
    if (s !== 'scheduled') set(task.taskId, 'scheduled');
    ready.push(task.taskId);
  }

  const unfinished = dag.tasks.filter((t) => !isFinished(states.get(t.taskId) ?? null));
  let runState: TiPlan['runState'] = 'running';
  let deadlock = false;
  if (unfinished.length === 0) {
    const leaves = dag.tasks.filter((t) => t.downstream.length === 0);
    const failedLeaf = leaves.some((t) => ['failed', 'upstream_failed'].includes(states.get(t.taskId) ?? ''));
    runState = failedLeaf ? 'failed' : 'success';
  } else if (
    ready.length === 0 &&
    !unfinished.some((t) => IN_FLIGHT.has(states.get(t.taskId) ?? null)) &&
    !unfinished.some((t) => t.dependsOnPast)
  ) {
    runState = 'failed';
    deadlock = true;
  }
  const weights = priorityWeights(dag);
  ready.sort((a, b) => (weights.get(b) ?? 1) - (weights.get(a) ?? 1) || a.localeCompare(b));
  return { changes: [...changes].map(([taskId, state]) => ({ taskId, state })), ready, runState, deadlock };
}

/** Airflow's `downstream` weight rule: a task's own priority_weight plus that of everything downstream of it. */
export function priorityWeights(dag: DagSpec): Map<string, number> {
  const byId = new Map(dag.tasks.map((t) => [t.taskId, t]));
  const own = (t: TaskSpec): number => (typeof t.args.priority_weight === 'number' ? t.args.priority_weight : 1);
  const out = new Map<string, number>();
  for (const task of dag.tasks) {
    const seen = new Set<string>();
    const stack = [...task.downstream];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(byId.get(id)?.downstream ?? []));
    }
    out.set(task.taskId, own(task) + [...seen].reduce((sum, id) => sum + (byId.has(id) ? own(byId.get(id)!) : 0), 0));
  }
  return out;
}

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

/** A task instance: a task's unmapped instance (map index -1) or one of a mapped task's. */
export interface TiRef {
  taskId: string;
  mapIndex: number;
}

export interface TiPlan {
  /** What the scheduler sets now: skipped / upstream_failed by trigger rules, scheduled for runnable TIs. */
  changes: (TiRef & { state: TiState })[];
  /** Task instances whose dependencies are met, in the run's priority order; the executor queues them as slots allow. */
  ready: TiRef[];
  /**
   * Mapped tasks whose unexpanded instance has its dependencies met: Airflow expands a mapped task when it
   * becomes schedulable (`expand_mapped_task`), and then schedules the mapped instances.
   */
  expand: string[];
  runState: 'running' | 'success' | 'failed';
  /** Unfinished TIs that can never run (Airflow: "Task deadlock (no runnable tasks); marking run failed"). */
  deadlock: boolean;
}

const IN_FLIGHT: ReadonlySet<TiState> = new Set(['queued', 'running', 'up_for_retry', 'deferred']);

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
 * become runnable, and the run's state follows from its leaves once nothing is unfinished. A task's trigger
 * rule counts every instance of its upstream tasks (all map indexes of a mapped upstream), as Airflow's
 * TriggerRuleDep does for a task outside a mapped task group.
 */
export function planTaskInstances(input: TiPlanInput): TiPlan {
  const { dag, now } = input;
  /** Per task, its instances' states by map index. */
  const states = new Map<string, Map<number, TiState>>();
  for (const t of dag.tasks) states.set(t.taskId, new Map());
  for (const ti of input.tis) states.get(ti.taskId)?.set(ti.mapIndex, ti.state);
  for (const m of states.values()) if (m.size === 0) m.set(-1, null);
  const byKey = new Map(input.tis.map((ti) => [`${ti.taskId}\0${ti.mapIndex}`, ti]));
  const changes = new Map<string, TiRef & { state: TiState }>();
  const set = (taskId: string, mapIndex: number, s: TiState): void => {
    states.get(taskId)!.set(mapIndex, s);
    changes.set(`${taskId}\0${mapIndex}`, { taskId, mapIndex, state: s });
  };
  const upstreamStates = (task: TaskSpec): TiState[] =>
    task.upstream.flatMap((u) => [...(states.get(u)?.values() ?? [null])]);

  // Propagation converges in at most depth-of-DAG passes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const task of dag.tasks) {
      for (const [mapIndex, s] of states.get(task.taskId)!) {
        if (s !== null && s !== 'scheduled') continue;
        const decision = evaluateTriggerRule(task.triggerRule, upstreamStates(task));
        if (decision === 'skipped' || decision === 'upstream_failed') {
          set(task.taskId, mapIndex, decision);
          changed = true;
        }
      }
    }
  }

  const ready: TiRef[] = [];
  const expand: string[] = [];
  for (const task of dag.tasks) {
    for (const [mapIndex, s] of states.get(task.taskId)!) {
      const ti = byKey.get(`${task.taskId}\0${mapIndex}`);
      if (s === 'up_for_retry') {
        if (ti?.nextRetryAt && new Date(ti.nextRetryAt).getTime() > now.getTime()) continue;
      } else if (s !== null && s !== 'scheduled') continue;
      else if (evaluateTriggerRule(task.triggerRule, upstreamStates(task)) !== 'run') continue;
      if (!pastAllows(task, input.previousRunStates)) continue;
      if (task.mapping && mapIndex === -1) {
        expand.push(task.taskId);
        continue;
      }
      if (s !== 'scheduled') set(task.taskId, mapIndex, 'scheduled');
      ready.push({ taskId: task.taskId, mapIndex });
    }
  }

  const stateList = (t: TaskSpec): TiState[] => [...states.get(t.taskId)!.values()];
  const unfinished = dag.tasks.filter((t) => stateList(t).some((s) => !isFinished(s)));
  let runState: TiPlan['runState'] = 'running';
  let deadlock = false;
  if (unfinished.length === 0) {
    const leaves = dag.tasks.filter((t) => t.downstream.length === 0);
    const failedLeaf = leaves.some((t) => stateList(t).some((s) => s === 'failed' || s === 'upstream_failed'));
    runState = failedLeaf ? 'failed' : 'success';
  } else if (
    ready.length === 0 &&
    expand.length === 0 &&
    !unfinished.some((t) => stateList(t).some((s) => IN_FLIGHT.has(s))) &&
    !unfinished.some((t) => t.dependsOnPast)
  ) {
    runState = 'failed';
    deadlock = true;
  }
  const weights = priorityWeights(dag);
  ready.sort(
    (a, b) =>
      (weights.get(b.taskId) ?? 1) - (weights.get(a.taskId) ?? 1) ||
      a.taskId.localeCompare(b.taskId) ||
      a.mapIndex - b.mapIndex,
  );
  return { changes: [...changes.values()], ready, expand, runState, deadlock };
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

import type { TriggerRule } from '../dags/dag-model.js';
import type { TaskInstanceState } from '../runs/run-records.js';

/**
 * What a task's trigger rule says given its direct upstreams: run now, keep waiting, or be set
 * `skipped`/`upstream_failed` by the scheduler (Airflow's `TriggerRuleDep` with `flag_upstream_failed`).
 */
export type TriggerDecision = 'run' | 'wait' | 'skipped' | 'upstream_failed';

interface UpstreamCounts {
  total: number;
  success: number;
  skipped: number;
  failed: number;
  upstreamFailed: number;
  done: number;
}

const DONE: ReadonlySet<TaskInstanceState> = new Set(['success', 'skipped', 'failed', 'upstream_failed', 'removed']);

function count(states: readonly (TaskInstanceState | null)[]): UpstreamCounts {
  const c: UpstreamCounts = { total: states.length, success: 0, skipped: 0, failed: 0, upstreamFailed: 0, done: 0 };
  for (const s of states) {
    if (s === 'success') c.success++;
    else if (s === 'skipped') c.skipped++;
    else if (s === 'failed') c.failed++;
    else if (s === 'upstream_failed') c.upstreamFailed++;
    if (s !== null && DONE.has(s)) c.done++;
  }
  return c;
}

/**
 * Evaluates `rule` over the states of the task's DIRECT upstreams. A task without upstreams always runs,
 * whatever its rule (Airflow passes the dep when there are no upstream tasks).
 */
export function evaluateTriggerRule(
  rule: TriggerRule,
  upstreamStates: readonly (TaskInstanceState | null)[],
): TriggerDecision {
  const c = count(upstreamStates);
  if (c.total === 0) return 'run';
  const allDone = c.done === c.total;
  const anyFailed = c.failed + c.upstreamFailed > 0;
  switch (rule) {
    case 'all_success':
      if (anyFailed) return 'upstream_failed';
      if (c.skipped > 0) return 'skipped';
      return c.success === c.total ? 'run' : 'wait';
    case 'all_failed':
      if (c.success + c.skipped > 0) return 'skipped';
      return c.failed + c.upstreamFailed === c.total ? 'run' : 'wait';
    case 'all_done':
      return allDone ? 'run' : 'wait';
    case 'all_done_setup_success':
      // A teardown's rule. Airflow also skips it (or marks it upstream_failed) when its setups all skipped (or
      // none succeeded); the states here do not say which upstreams are setups, so it runs like all_done.
      return allDone ? 'run' : 'wait';
    case 'all_done_min_one_success':
      // Airflow 3.1+ (trigger_rule_dep.py): skipped upstreams are not "done" for this rule.
      if (c.skipped > 0) return 'skipped';
      if (!allDone) return 'wait';
      return c.success > 0 ? 'run' : 'upstream_failed';
    case 'all_skipped':
      if (c.success + c.failed + c.upstreamFailed > 0) return 'skipped';
      return c.skipped === c.total ? 'run' : 'wait';
    case 'one_success':
      if (c.success > 0) return 'run';
      if (allDone && c.done === c.skipped) return 'skipped';
      return allDone ? 'upstream_failed' : 'wait';
    case 'one_failed':
      if (anyFailed) return 'run';
      return allDone ? 'skipped' : 'wait';
    case 'one_done':
      if (c.success + c.failed > 0) return 'run';
      return allDone ? 'skipped' : 'wait';
    case 'none_failed':
      if (anyFailed) return 'upstream_failed';
      return c.success + c.skipped === c.total ? 'run' : 'wait';
    case 'none_failed_min_one_success':
      if (anyFailed) return 'upstream_failed';
      if (allDone && c.skipped === c.total) return 'skipped';
      return c.success + c.skipped === c.total ? 'run' : 'wait';
    case 'none_skipped':
      if (c.skipped > 0) return 'skipped';
      return allDone ? 'run' : 'wait';
    case 'always':
      return 'run';
  }
}

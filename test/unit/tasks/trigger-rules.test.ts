import { describe, expect, it } from 'vitest';
import type { TriggerRule } from '../../../agent/dags/dag-model.js';
import type { TaskInstanceState } from '../../../agent/runs/run-records.js';
import { evaluateTriggerRule, type TriggerDecision } from '../../../agent/tasks/trigger-rules.js';

type S = TaskInstanceState | null;
const S = 'success',
  F = 'failed',
  K = 'skipped',
  U = 'upstream_failed',
  R = 'running',
  N = null;

const table: [TriggerRule, S[], TriggerDecision][] = [
  ['all_success', [S, S], 'run'],
  ['all_success', [S, R], 'wait'],
  ['all_success', [F, R], 'upstream_failed'],
  ['all_success', [U, S], 'upstream_failed'],
  ['all_success', [K, S], 'skipped'],
  ['all_failed', [F, U], 'run'],
  ['all_failed', [F, N], 'wait'],
  ['all_failed', [F, S], 'skipped'],
  ['all_failed', [K, F], 'skipped'],
  ['all_done', [S, F], 'run'],
  ['all_done', [K, U], 'run'],
  ['all_done', [S, R], 'wait'],
  ['all_skipped', [K, K], 'run'],
  ['all_skipped', [K, N], 'wait'],
  ['all_skipped', [K, S], 'skipped'],
  ['one_success', [S, R], 'run'],
  ['one_success', [F, R], 'wait'],
  ['one_success', [K, K], 'skipped'],
  ['one_success', [F, K], 'upstream_failed'],
  ['one_failed', [F, R], 'run'],
  ['one_failed', [U, N], 'run'],
  ['one_failed', [S, R], 'wait'],
  ['one_failed', [S, K], 'skipped'],
  ['one_done', [S, N], 'run'],
  ['one_done', [F, N], 'run'],
  ['one_done', [K, N], 'wait'],
  ['one_done', [K, U], 'skipped'],
  ['none_failed', [S, K], 'run'],
  ['none_failed', [S, R], 'wait'],
  ['none_failed', [S, F], 'upstream_failed'],
  ['none_failed', [K, U], 'upstream_failed'],
  ['none_failed_min_one_success', [S, K], 'run'],
  ['none_failed_min_one_success', [K, K], 'skipped'],
  ['none_failed_min_one_success', [K, F], 'upstream_failed'],
  ['none_failed_min_one_success', [K, R], 'wait'],
  ['none_skipped', [S, F], 'run'],
  ['none_skipped', [S, R], 'wait'],
  ['none_skipped', [K, R], 'skipped'],
  ['always', [R, N], 'run'],
  ['always', [F, U], 'run'],
];

describe('trigger rules over direct upstreams', () => {
  it.each(table)('%s with upstreams %j → %s', (rule, states, want) => {
    expect(evaluateTriggerRule(rule, states)).toBe(want);
  });

  it.each(['all_success', 'all_failed', 'one_success', 'one_failed', 'all_skipped'] as const)(
    '%s runs a task that has no upstream',
    (rule) => {
      expect(evaluateTriggerRule(rule, [])).toBe('run');
    },
  );
});

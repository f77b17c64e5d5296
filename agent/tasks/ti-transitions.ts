import type { TaskInstanceState } from '../runs/run-records.js';

/** A TI's state, `null` being Airflow's "none" (created with the run, not yet considered). */
export type TiState = TaskInstanceState | null;

/**
 * The task-instance transitions mwaa-agent performs (Airflow's `utils/state.py` lifecycle): none → scheduled
 * → queued → running → a finished state or up_for_retry; up_for_retry → scheduled once the retry delay passed;
 * the scheduler may set skipped/upstream_failed on a TI that has not started; a zombie (running when the
 * agent died) becomes up_for_retry or failed; running → deferred while a trigger waits, deferred → scheduled
 * when it fires (the task resumes in the same attempt).
 */
const ALLOWED: ReadonlyMap<TiState, readonly TiState[]> = new Map<TiState, TiState[]>([
  [null, ['scheduled', 'skipped', 'upstream_failed', 'removed']],
  ['scheduled', ['queued', 'skipped', 'upstream_failed', 'removed']],
  ['queued', ['running', 'scheduled', 'failed', 'removed']],
  ['running', ['success', 'failed', 'up_for_retry', 'skipped', 'deferred']],
  ['deferred', ['scheduled', 'failed', 'skipped', 'removed']],
  ['up_for_retry', ['scheduled', 'failed', 'removed']],
  ['success', []],
  ['failed', []],
  ['skipped', []],
  ['upstream_failed', []],
  ['removed', []],
]);

export function canTransition(from: TiState, to: TiState): boolean {
  return ALLOWED.get(from)?.includes(to) ?? false;
}

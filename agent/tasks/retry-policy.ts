import { createHash } from 'node:crypto';
import type { TaskSpec } from '../dags/dag-model.js';
import { pendulumStr } from '../python/datetime-format.js';
import type { AirflowProfile } from '../airflow/airflow-profile.js';

/** Airflow's `_is_eligible_to_retry`: retries configured and the failed attempt `tryNumber` ≤ max_tries. */
export function isEligibleToRetry(task: Pick<TaskSpec, 'retries'>, tryNumber: number): boolean {
  return task.retries > 0 && tryNumber <= task.retries;
}

export interface RetryDelayInput {
  task: Pick<TaskSpec, 'taskId' | 'retryDelaySeconds' | 'retryExponentialBackoff' | 'maxRetryDelaySeconds'>;
  dagId: string;
  /** ISO logical date of the run (execution_date); null for a 3.x run without one (hashed as `None`). */
  logicalDate: string | null;
  /** The attempt that just failed, 1-based. */
  tryNumber: number;
  profile: AirflowProfile;
}

/**
 * Seconds between the end of a failed attempt and the next one (`TaskInstance.next_retry_datetime`).
 * With exponential backoff the delay is `min_backoff + sha1("dag#task#execution_date#try") % min_backoff`,
 * with `min_backoff = max(1, ceil(retry_delay · 2^(n-1)))`, then capped globally (2.6+) and by max_retry_delay.
 */
export function retryDelaySeconds(input: RetryDelayInput): number {
  const { task, tryNumber, profile } = input;
  if (!task.retryExponentialBackoff) return task.retryDelaySeconds;
  // Before 2.10 try_number already counted the next attempt when this ran, so the exponent was written
  // 2**(try_number-2) and the hashed try number is one higher; the delay range is the same.
  const hashedTry = tryNumber + profile.tasks.retryHashTryOffset;
  const minBackoff = Math.max(1, Math.ceil(task.retryDelaySeconds * 2 ** (tryNumber - 1)));
  const key = `${input.dagId}#${task.taskId}#${input.logicalDate === null ? 'None' : pendulumStr(input.logicalDate, profile.libraries.pendulumMajor)}#${hashedTry}`;
  const hash = BigInt(`0x${createHash('sha1').update(key).digest('hex')}`);
  let delay = minBackoff + Number(hash % BigInt(minBackoff));
  const cap = profile.tasks.maxTaskRetryDelaySeconds;
  if (cap !== null) delay = Math.min(delay, cap);
  if (task.maxRetryDelaySeconds) delay = Math.min(delay, task.maxRetryDelaySeconds);
  return delay;
}

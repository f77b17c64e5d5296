import { describe, expect, it } from 'vitest';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import type { AirflowProfile } from '../../../agent/airflow/airflow-profile.js';
import { isEligibleToRetry, retryDelaySeconds } from '../../../agent/tasks/retry-policy.js';

const P210: AirflowProfile = airflowProfile('2.10.3', '3.14.0');
const P222: AirflowProfile = airflowProfile('2.2.2', '2.3.0');
const LD = '2024-01-02T06:00:00+00:00';

function task(retryDelaySeconds: number, backoff: boolean, maxRetryDelaySeconds: number | null = null) {
  return { taskId: 't', retryDelaySeconds, retryExponentialBackoff: backoff, maxRetryDelaySeconds };
}

describe('retry delay', () => {
  // Expected values computed with Python: min_backoff + int(sha1("d#t#<str(execution_date)>#<try>"), 16) % min_backoff.
  it.each([
    ['no backoff: retry_delay as is', task(300, false), 1, P210, 300],
    ['backoff, first retry of 300 s', task(300, true), 1, P210, 319],
    ['backoff, second retry of 300 s', task(300, true), 2, P210, 609],
    ['backoff with retry_delay 0 is at least 1 s', task(0, true), 3, P210, 1],
    ['2.2 hashes pendulum 2 str() and the next try number', task(60, true), 1, P222, 88],
    ['capped by [core] max_task_retry_delay (86400 s)', task(300, true), 20, P210, 86_400],
    ['capped by max_retry_delay', task(300, true, 400), 2, P210, 400],
  ] as const)('%s', (_name, t, tryNumber, profile, want) => {
    expect(retryDelaySeconds({ task: t, dagId: 'd', logicalDate: LD, tryNumber, profile })).toBe(want);
  });

  it('keeps an exponential delay within [d·2^(n-1), d·2^n)', () => {
    for (let n = 1; n <= 6; n++) {
      const d = retryDelaySeconds({ task: task(10, true), dagId: 'dag', logicalDate: LD, tryNumber: n, profile: P210 });
      expect(d).toBeGreaterThanOrEqual(10 * 2 ** (n - 1));
      expect(d).toBeLessThan(10 * 2 ** n);
    }
  });
});

describe('eligibility to retry', () => {
  it.each([
    [0, 1, false],
    [2, 1, true],
    [2, 2, true],
    [2, 3, false],
  ])('retries=%i, failed attempt %i → %s', (retries, tryNumber, want) => {
    expect(isEligibleToRetry({ retries }, tryNumber)).toBe(want);
  });
});

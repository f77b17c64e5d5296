/** Retry delays after consecutive failed sync cycles. Pure: the random source is injected. */
export interface BackoffPolicy {
  /** Delay of the first retry before jitter. */
  baseMs: number;
  /** Upper bound of the delay before jitter. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 30_000 };

/**
 * Exponential backoff with "equal jitter": half the capped exponential delay is fixed, the other half random,
 * so retries never synchronise across agents yet never fall to zero. `attempt` counts from 1.
 */
export function backoffDelayMs(attempt: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(exp / 2 + (exp / 2) * random());
}

import { type Instant, isoformatUtc } from '../python/datetime-format.js';

/**
 * The one form of every date the run store keeps (run, task-instance, XCom and DAG rows): Python's
 * `isoformat()` in UTC, as Airflow's API shows dates — `2024-01-03T10:15:42.123456+00:00`, without the
 * fraction when it is zero. An ISO string keeps its microseconds. Stores written before this rule may hold
 * `…Z` forms; readers parse both.
 */
export function storedDate(instant: Instant): string {
  return isoformatUtc(instant);
}

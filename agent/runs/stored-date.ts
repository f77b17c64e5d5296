import { pythonIsoformat } from '../python/python-dates.js';

/**
 * The one form of every date the run store keeps (run, task-instance, XCom and DAG rows): Python's
 * `isoformat()` in UTC, as Airflow's API shows dates — `2024-01-03T10:15:42.123456+00:00`, without the
 * fraction when it is zero. Stores written before this rule may hold `…Z` forms; readers parse both.
 */
export function storedDate(instant: Date, micros = 0): string {
  return pythonIsoformat(instant, micros);
}

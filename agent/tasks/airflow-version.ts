import { asctimePython, asctimeTimezoneAware, type Instant, pendulumStr } from '../python/datetime-format.js';
import { compareReleaseDotted } from '../python/version-order.js';
import type { AirflowProfile } from './operator.js';

/** True when the emulated Airflow is `version` or later. */
export function airflowAtLeast(profile: AirflowProfile, version: string): boolean {
  return compareReleaseDotted(profile.airflowVersion, version) >= 0;
}

/** `%(asctime)s` as the emulated version's task-log formatter prints it, in UTC (the agent's log timezone). */
export function formatAsctime(t: Date, profile: AirflowProfile): string {
  return airflowAtLeast(profile, '2.3.4') ? asctimeTimezoneAware(t) : asctimePython(t);
}

/** `str()` of a pendulum DateTime as Airflow prints `logical_date`: pendulum 3 from Airflow 2.8. */
export function emulatedPendulumStr(t: Instant, profile: AirflowProfile): string {
  return pendulumStr(t, airflowAtLeast(profile, '2.8.0') ? 3 : 2);
}

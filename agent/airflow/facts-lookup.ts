import { compareReleaseDotted } from '../python/version-order.js';
import { type AirflowFacts, applyDelta } from './airflow-facts.js';
import { AIRFLOW_BASE, AIRFLOW_RELEASES } from './airflow-releases.js';
import { PARAMIKO_RELEASES, type ParamikoFacts } from './paramiko-releases.js';
import type { SshProviderFacts } from './ssh-provider-facts.js';
import { SSH_PROVIDER_BASE, SSH_PROVIDER_RELEASES } from './ssh-provider-releases.js';

/*
 * The one place that orders versions for behaviour: a version gets the rows at or below it. The order is
 * the release numbers' (a pre-release such as 2.10.3rc1 behaves as its release), so any version string —
 * one MWAA does not offer, one a user pins — finds its rows.
 */

/** The facts of an Airflow version: the base row with every row up to `version` applied. */
export function airflowFacts(version: string): AirflowFacts {
  let facts = AIRFLOW_BASE;
  for (const row of AIRFLOW_RELEASES) {
    if (compareReleaseDotted(row.version, version) > 0) break;
    if (row.changes) facts = applyDelta(facts, row.changes);
  }
  return facts;
}

/** The facts of an SSH provider version. */
export function sshProviderFacts(version: string): SshProviderFacts {
  let facts = SSH_PROVIDER_BASE;
  for (const row of SSH_PROVIDER_RELEASES) {
    if (compareReleaseDotted(row.version, version) > 0) break;
    facts = { ...facts, ...row.changes };
  }
  return facts;
}

/** The facts of a paramiko version. */
export function paramikoFacts(version: string): ParamikoFacts {
  let facts = PARAMIKO_RELEASES[0]!.facts;
  for (const row of PARAMIKO_RELEASES) {
    if (compareReleaseDotted(row.version, version) > 0) break;
    facts = row.facts;
  }
  return facts;
}

/**
 * The paramiko that installs with a provider: the constraints' pin when the provider accepts it, else the
 * provider's fallback (pip cannot install both).
 */
export function paramikoFor(constraintsPin: string, range: SshProviderFacts['paramiko']): string {
  const tooOld = range.min !== null && compareReleaseDotted(constraintsPin, range.min) < 0;
  const tooNew = range.below !== null && compareReleaseDotted(constraintsPin, range.below) >= 0;
  return tooOld || tooNew ? range.fallback : constraintsPin;
}

/**
 * The first Airflow version of the table for which `test` holds (rows in order), e.g. the version from which
 * MWAA forces constraints, for messages that name it.
 */
export function firstAirflowVersionWhere(test: (facts: AirflowFacts) => boolean): string | null {
  return AIRFLOW_RELEASES.find((row) => test(airflowFacts(row.version)))?.version ?? null;
}

import type { LocatedRequirement } from './requirements-file-walker.js';
import type { PackagingFacts } from '../airflow/airflow-facts.js';
import { findMwaaVersion } from '../airflow/mwaa-versions.js';
import {
  RUNNABLE_CONNECTION_TYPES,
  connectionTypesOf,
  preinstalledProviders,
  providerForAirflowExtra,
  providerId,
} from './provider-catalog.js';
import { pinnedVersion, type VersionSpec } from './pep440-specifier.js';

/**
 * What ends up installed: MWAA's preinstalled providers plus what the (successful) requirements add,
 * and the connection types that follows from it.
 */
export interface InstalledSet {
  providers: string[];
  connectionTypes: string[];
  runnableConnectionTypes: string[];
  sshProviderVersion: string | null;
  /** Canonical names of every distribution known to be installed (providers, requirements, their known deps). */
  distributions: string[];
}

/** A constraint on one name, with where it came from. */
export interface ConstraintPin {
  specs: VersionSpec[];
  essential: boolean;
}

/** Dependencies mwaa-agent cares about: the SSH provider brings paramiko and sshtunnel (not in MWAA's base image). */
const KNOWN_DEPENDENCIES: Readonly<Record<string, readonly string[]>> = {
  'apache-airflow-providers-ssh': ['paramiko', 'sshtunnel'],
  'apache-airflow-providers-sftp': ['apache-airflow-providers-ssh', 'paramiko', 'sshtunnel'],
};

export interface InstalledSetInput {
  airflow: string;
  /** The version table's packaging facts of `airflow`. */
  packaging: PackagingFacts;
  requirements: LocatedRequirement[];
  pins: Map<string, ConstraintPin[]>;
}

export function installedSet(input: InstalledSetInput): InstalledSet {
  const airflow1 = !input.packaging.providerDistributions;
  const dists = new Set<string>(['apache-airflow', ...preinstalledProviders(input.packaging)]);
  const legacyTypes = new Set<string>();
  for (const r of input.requirements) {
    if (!r.req.canonical) continue;
    dists.add(r.req.canonical);
    if (r.req.canonical !== 'apache-airflow') continue;
    for (const extra of r.req.extras) {
      const provider = providerForAirflowExtra(extra);
      if (!provider) continue;
      // Airflow 1.10 extras install the libraries for hooks that ship inside Airflow itself.
      if (airflow1) for (const t of connectionTypesOf(provider)) legacyTypes.add(t);
      else dists.add(provider);
      for (const dep of KNOWN_DEPENDENCIES[provider] ?? []) dists.add(dep);
    }
  }
  for (const d of [...dists])
    for (const dep of KNOWN_DEPENDENCIES[d] ?? []) if (!airflow1 || !providerId(dep)) dists.add(dep);
  const providers = [...dists].filter((d) => providerId(d) !== null).sort();
  const types = new Set<string>([...input.packaging.coreConnectionTypes, ...legacyTypes]);
  for (const p of providers) for (const t of connectionTypesOf(p)) types.add(t);
  const connectionTypes = [...types].sort();
  return {
    providers,
    connectionTypes,
    runnableConnectionTypes: connectionTypes.filter((t) => RUNNABLE_CONNECTION_TYPES.includes(t)),
    sshProviderVersion: providers.includes('apache-airflow-providers-ssh') ? sshVersion(input) : null,
    distributions: [...dists].sort(),
  };
}

/** The user's exact pin, else the constraints' pin, else the version's pin from the shipped table. */
function sshVersion(input: InstalledSetInput): string | null {
  const own = input.requirements.find((r) => r.req.canonical === 'apache-airflow-providers-ssh');
  const ownPin = own ? pinnedVersion(own.req.specifiers) : null;
  if (ownPin) return ownPin;
  for (const c of input.pins.get('apache-airflow-providers-ssh') ?? []) {
    const pin = pinnedVersion(c.specs);
    if (pin) return pin;
  }
  return findMwaaVersion(input.airflow)?.sshProvider ?? null;
}

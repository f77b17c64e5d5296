import { AIRFLOW_RELEASES, ESSENTIAL_2_10_3 } from './airflow-releases.js';
import { airflowFacts } from './facts-lookup.js';

/** A version MWAA offers, with the pins mwaa-agent ships for it (the rows of the version table with `mwaa`). */
export interface MwaaVersion {
  airflow: string;
  python: string;
  /** apache-airflow-providers-ssh in the version's constraints; null for 1.10.12 (no provider packages). */
  sshProvider: string | null;
  paramiko: string;
  /** Extra pins known offline (canonical name → version), e.g. sshtunnel, MWAA's essential packages. */
  extraPins?: Readonly<Record<string, string>>;
}

/** The Airflow/Python pairs MWAA offers, oldest first. */
export const MWAA_VERSIONS: readonly MwaaVersion[] = AIRFLOW_RELEASES.flatMap((row) => {
  if (!row.mwaa) return [];
  const { packaging } = airflowFacts(row.version);
  return [
    {
      airflow: row.version,
      python: row.mwaa.python,
      sshProvider: packaging.providerDistributions ? packaging.constraintsSshProvider : null,
      paramiko: packaging.constraintsParamiko,
      ...(row.mwaa.extraPins ? { extraPins: row.mwaa.extraPins } : {}),
    },
  ];
});

/**
 * The Airflow a new MWAA environment gets unless told otherwise: the newest MWAA offers. It applies when
 * neither `--airflow-version` nor a constraints URL names one.
 */
export const DEFAULT_AIRFLOW_VERSION = MWAA_VERSIONS.at(-1)!.airflow;
export const DEFAULT_PYTHON_VERSION = MWAA_VERSIONS.at(-1)!.python;

/** The Airflow versions MWAA offers, oldest first (what `--airflow-version` accepts). */
export const MWAA_AIRFLOW_VERSIONS: readonly string[] = MWAA_VERSIONS.map((v) => v.airflow);

/**
 * MWAA's essential packages, which `safe-pip-install` pins with `--constraint` on every install
 * (amazon-mwaa-docker-images `etc/mwaa_essential_constraints.txt`, images ≥ 2.9.2). Canonical names.
 */
export const ESSENTIAL_PACKAGES: readonly string[] = ['apache-airflow', ...Object.keys(ESSENTIAL_2_10_3)];

export function findMwaaVersion(airflow: string, python?: string): MwaaVersion | undefined {
  return MWAA_VERSIONS.find((v) => v.airflow === airflow && (python === undefined || v.python === python));
}

/** "1.10.12/3.7, 2.0.2/3.7, …" for error messages. */
export function offeredPairs(): string {
  return MWAA_VERSIONS.map((v) => `${v.airflow}/${v.python}`).join(', ');
}

/** The Apache constraints URL MWAA uses for a version (the default it forces from 2.7.2). */
export function defaultConstraintsUrl(airflow: string, python: string): string {
  return `https://raw.githubusercontent.com/apache/airflow/constraints-${airflow}/constraints-${python}.txt`;
}

/**
 * Pins known offline for a version: ssh provider, paramiko and the extras. Like Apache's files, these
 * constraints do not pin apache-airflow itself (MWAA's essential constraints do: see ESSENTIAL_PACKAGES).
 */
export function shippedPins(v: MwaaVersion): Map<string, string> {
  const pins = new Map<string, string>(Object.entries(v.extraPins ?? {}));
  pins.set('paramiko', v.paramiko);
  if (v.sshProvider) pins.set('apache-airflow-providers-ssh', v.sshProvider);
  return pins;
}

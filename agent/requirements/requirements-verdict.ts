import type { AirflowProfile } from '../airflow/airflow-profile.js';
import { airflowProfile } from '../airflow/profile-lookup.js';

/**
 * What the environment's requirements.txt means for the rest of the agent: which Airflow/Python profile
 * is emulated, which provider distributions are installed, and so which connection types exist.
 */
export interface RequirementsDiagnostic {
  /** File the diagnostic is about (requirements.txt, or an included -r file). */
  file: string;
  /** 1-based line, or null for whole-file diagnostics. */
  line: number | null;
  severity: 'error' | 'warning';
  message: string;
}

export interface RequirementsVerdict {
  /** True when MWAA would install the file. */
  ok: boolean;
  /** e.g. "2.2.2": the environment's setting, else the constraints URL's, else MWAA's default (the newest). */
  airflowVersion: string;
  /**
   * Where `airflowVersion` came from: the environment's setting (`--airflow-version`), the requirements'
   * constraints, or MWAA's default for a new environment.
   */
  airflowVersionFrom: 'setting' | 'constraints' | 'default';
  /** e.g. "3.7". */
  pythonVersion: string;
  constraints: { source: 'url' | 'path' | 'default' | 'none'; resolved: string | null };
  /**
   * Installed provider distributions (`apache-airflow-providers-ssh`, …), including the ones MWAA preinstalls.
   * Sorted.
   */
  providers: string[];
  /** Connection types that exist (sorted), e.g. ["aws", "http", "ssh", …]. */
  connectionTypes: string[];
  /** Connection types mwaa-agent can run operators for (subset of connectionTypes). */
  runnableConnectionTypes: string[];
  /** Resolved version of apache-airflow-providers-ssh when installed (from constraints), else null. */
  sshProviderVersion: string | null;
  diagnostics: RequirementsDiagnostic[];
  /**
   * Canonical names of the distributions known to be installed (apache-airflow, providers, requirements,
   * known dependencies such as paramiko). Optional: added by the requirements validator.
   */
  installedDistributions?: string[];
}

/** The Airflow profile the verdict selects: its Airflow version with the SSH provider it installs. */
export function verdictProfile(
  verdict: Pick<RequirementsVerdict, 'airflowVersion' | 'sshProviderVersion'>,
): AirflowProfile {
  return airflowProfile(verdict.airflowVersion, verdict.sshProviderVersion);
}

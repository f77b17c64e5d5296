import type { AirflowFacts, ConnectionFacts } from './airflow-facts.js';
import type { LogSource } from './log-source.js';
import type { MwaaVersion } from './mwaa-versions.js';
import type { ParamikoFacts } from './paramiko-releases.js';
import type { SshProviderFacts, SshProviderSources } from './ssh-provider-facts.js';

/**
 * Which Airflow, providers and MWAA the agent reproduces: the facts of one Airflow version joined with the
 * SSH provider that runs with it. Looked up once from the requirements verdict (`airflowProfile`) and passed
 * to every stage, which reads its fields and never compares versions.
 */
export interface AirflowProfile extends AirflowFacts {
  /** e.g. "2.2.2", "2.10.3". */
  readonly airflowVersion: string;
  /** MWAA's offer of exactly this version (Python, pins), or null for a version MWAA does not run. */
  readonly mwaa: MwaaVersion | null;
  /** The SSH provider that runs: the version the requirements install, else the one the constraints pin. */
  readonly ssh: SshProfile;
}

/** The SSH provider's facts, with the lines of the SSH path that Airflow core and paramiko write. */
export interface SshProfile extends Omit<SshProviderFacts, 'sources' | 'paramiko'> {
  readonly providerVersion: string;
  /** The paramiko that runs with the provider (the constraints' pin, unless the provider needs another). */
  readonly paramikoVersion: string;
  readonly paramiko: ParamikoFacts;
  /** How Airflow's `BaseHook.get_connection` announces the connection. */
  readonly connectionLine: ConnectionFacts['logStyle'];
  /** See ConnectionFacts.shortSecretWarning. */
  readonly shortSecretWarning: LogSource | null;
  readonly sources: SshLogSources;
}

/** Where each task-log line of the SSH path comes from (`{file:line}`). */
export interface SshLogSources extends SshProviderSources {
  /** `BaseHook.get_connection` in airflow/hooks/base.py. */
  connection: LogSource;
  /** paramiko's `Transport._log`: every paramiko record carries the same line. */
  paramiko: LogSource;
}

import type { AirflowFacts } from './airflow-facts.js';
import type { AirflowProfile, SshProfile } from './airflow-profile.js';
import { airflowFacts, paramikoFacts, paramikoFor, sshProviderFacts } from './facts-lookup.js';
import { findMwaaVersion } from './mwaa-versions.js';

/**
 * The profile of an Airflow version with an SSH provider version (null: the one the version's constraints
 * pin), frozen. Looked up once per requirements verdict and passed down.
 */
export function airflowProfile(airflowVersion: string, sshProviderVersion: string | null = null): AirflowProfile {
  const facts = airflowFacts(airflowVersion);
  return Object.freeze({
    ...facts,
    airflowVersion,
    mwaa: findMwaaVersion(airflowVersion) ?? null,
    ssh: sshProfile(facts, sshProviderVersion ?? facts.packaging.constraintsSshProvider),
  });
}

function sshProfile(airflow: AirflowFacts, providerVersion: string): SshProfile {
  const { paramiko: range, ...provider } = sshProviderFacts(providerVersion);
  const paramikoVersion = paramikoFor(airflow.packaging.constraintsParamiko, range);
  const paramiko = paramikoFacts(paramikoVersion);
  return {
    ...provider,
    providerVersion,
    paramikoVersion,
    paramiko,
    connectionLine: airflow.connections.logStyle,
    shortSecretWarning: airflow.connections.shortSecretWarning,
    sources: {
      ...provider.sources,
      connection: airflow.connections.logSource,
      paramiko: paramiko.transport,
    },
  };
}

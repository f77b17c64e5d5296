import type { Config } from '../core/config.js';
import { bucketOf, type EnvironmentSpec } from './environment-spec.js';

/**
 * The agent configuration an environment stands for: the bucket of `SourceBucketArn`, `DagS3Path` as the
 * mirrored prefix, the requirements/plugins/startup-script keys and object versions (none when the path is
 * not given, as on MWAA), the Airflow version and configuration options; the rest (folders, ports,
 * credentials) stays the agent's.
 */
export function configForEnvironment(base: Readonly<Config>, spec: EnvironmentSpec): Readonly<Config> {
  const prefix = spec.DagS3Path.replace(/^\/+/, '');
  return Object.freeze({
    ...base,
    bucket: bucketOf(spec.SourceBucketArn),
    dagsPrefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
    requirementsKey: spec.RequirementsS3Path ?? '',
    requirementsVersion: spec.RequirementsS3Path ? (spec.RequirementsS3ObjectVersion ?? null) : null,
    pluginsKey: spec.PluginsS3Path ?? null,
    pluginsVersion: spec.PluginsS3Path ? (spec.PluginsS3ObjectVersion ?? null) : null,
    startupScriptKey: spec.StartupScriptS3Path ?? null,
    startupScriptVersion: spec.StartupScriptS3Path ? (spec.StartupScriptS3ObjectVersion ?? null) : null,
    airflowVersion: spec.AirflowVersion,
    airflowConfigurationOptions: { ...base.airflowConfigurationOptions, ...spec.AirflowConfigurationOptions },
    mwaaApiPort: null,
  });
}

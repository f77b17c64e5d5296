import { AgentError } from '../core/errors.js';
import type { RequirementsVerdict } from '../requirements/requirements-verdict.js';

/** Types Airflow's CLI accepts whatever providers are installed (`_get_connection_types`). */
export const CORE_CONNECTION_TYPES: readonly string[] = ['email', 'fs', 'generic', 'mesos_framework-id'];

/** The provider distribution that brings a connection type, for the advice in refusals. */
const PROVIDER_OF_TYPE: Record<string, string> = { ssh: 'apache-airflow-providers-ssh' };

/** Connection types the environment offers: core types plus those of the installed providers, sorted. */
export function availableConnectionTypes(verdict: RequirementsVerdict): string[] {
  return [...new Set([...CORE_CONNECTION_TYPES, ...verdict.connectionTypes])].sort();
}

/**
 * Refuses a connection type the requirements do not install, where Airflow 2.7+ would warn
 * "The type provided to --conn-type is invalid" and store `generic` (a connection a hook could not use).
 * For `ssh` the message carries the MWAA guide's advice. Throws AgentError CONNECTION_TYPE_UNAVAILABLE.
 */
export function assertConnectionTypeAvailable(
  connType: string,
  verdict: RequirementsVerdict,
  requirementsFile: string,
): void {
  const types = availableConnectionTypes(verdict);
  if (types.includes(connType)) return;
  const provider = PROVIDER_OF_TYPE[connType];
  const advice = provider
    ? `The ${connType.toUpperCase()} connection type is not available: ${requirementsFile} does not install the required ` +
      `\`${provider}\` package. Update your requirements.txt file to include this package, then try again.`
    : `No installed provider package (from ${requirementsFile}) offers this type.`;
  throw new AgentError(
    'CONNECTION_TYPE_UNAVAILABLE',
    `The type provided to --conn-type is invalid: ${connType}\n${advice}\nSupported --conn-types are:[${types.map((t) => `'${t}'`).join(', ')}]`,
  );
}

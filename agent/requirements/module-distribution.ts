import { airflowFacts } from '../airflow/facts-lookup.js';
import type { RequirementsVerdict } from './requirements-verdict.js';
import { preinstalledProviders } from './provider-catalog.js';

/**
 * Which pip distribution provides an imported module, and whether the environment has it. The DAG parser
 * uses this to turn `from airflow.providers.ssh… import …` into Airflow's ModuleNotFoundError when the
 * provider is not installed.
 */

/** Provider namespaces two levels deep (`airflow.providers.apache.spark` → apache-spark). */
const TWO_LEVEL_NAMESPACES = new Set(['apache', 'microsoft', 'cncf', 'common', 'dbt', 'atlassian']);

/** Third-party modules mwaa-agent knows the distribution of (those the SSH provider brings). */
const KNOWN_MODULES: Readonly<Record<string, string>> = { paramiko: 'paramiko', sshtunnel: 'sshtunnel' };

/**
 * `airflow.providers.ssh.operators.ssh` → `apache-airflow-providers-ssh`; other `airflow.*` → `apache-airflow`
 * (`airflow.sdk` → `apache-airflow-task-sdk`); known third-party modules → their distribution; else null.
 */
export function distributionForModule(module: string): string | null {
  const parts = module.split('.');
  if (parts[0] !== 'airflow') return KNOWN_MODULES[parts[0] ?? ''] ?? null;
  if (parts[1] === 'sdk') return 'apache-airflow-task-sdk';
  if (parts[1] !== 'providers' || parts.length < 3) return 'apache-airflow';
  const id = providerPath(parts);
  return id ? `apache-airflow-providers-${id.join('-').replace(/_/g, '-')}` : 'apache-airflow';
}

/** The module path segments naming the provider (`['ssh']`, `['apache', 'spark']`), or null. */
function providerPath(parts: string[]): string[] | null {
  const first = parts[2];
  if (!first) return null;
  if (TWO_LEVEL_NAMESPACES.has(first)) return parts[3] ? [first, parts[3]] : null;
  return [first];
}

function installed(verdict: RequirementsVerdict): Set<string> {
  const { packaging } = airflowFacts(verdict.airflowVersion);
  return new Set([
    ...(verdict.installedDistributions ?? []),
    ...verdict.providers,
    ...preinstalledProviders(packaging),
    ...packaging.coreDistributions,
  ]);
}

/**
 * True when the module's distribution is installed: core Airflow, providers MWAA preinstalls for the
 * version, providers and packages from requirements.txt. Modules of unknown distribution (the standard
 * library, pandas, …) count as available: mwaa-agent cannot tell, and must not break DAGs that use them.
 */
export function isModuleAvailable(verdict: RequirementsVerdict, module: string): boolean {
  return missingModuleName(verdict, module) === null;
}

/**
 * The name Python would put in `ModuleNotFoundError: No module named '<name>'`: the first dotted prefix
 * that does not exist (`airflow.providers.ssh` for `airflow.providers.ssh.operators.ssh`), or null.
 */
export function missingModuleName(verdict: RequirementsVerdict, module: string): string | null {
  const dist = distributionForModule(module);
  if (dist === null || dist === 'apache-airflow') return null;
  const have = installed(verdict);
  if (have.has(dist)) return null;
  const parts = module.split('.');
  if (parts[0] !== 'airflow') return parts[0]!;
  if (parts[1] === 'sdk') return 'airflow.sdk';
  const first = parts[2]!;
  // airflow.providers.apache exists as soon as any apache-* provider is installed.
  if (TWO_LEVEL_NAMESPACES.has(first)) {
    const prefix = `apache-airflow-providers-${first}-`;
    const namespaceExists = [...have].some((d) => d.startsWith(prefix));
    return namespaceExists ? parts.slice(0, 4).join('.') : parts.slice(0, 3).join('.');
  }
  return parts.slice(0, 3).join('.');
}

import type { ConfigDefaults, DagFileFacts, ImportFacts } from '../airflow/airflow-facts.js';
import { airflowFacts } from '../airflow/facts-lookup.js';
import { DEFAULT_AIRFLOW_VERSION, DEFAULT_PYTHON_VERSION, findMwaaVersion } from '../airflow/mwaa-versions.js';

/**
 * Which Airflow reads the DAG files: its version's DAG-file facts with the configuration in effect. Plain
 * data, so it crosses to a worker thread as it is.
 */
export interface DagReading {
  airflowVersion: string;
  files: DagFileFacts;
  /** `[scheduler] catchup_by_default` in effect. */
  catchupByDefault: boolean;
  /** `[scheduler] create_cron_data_intervals` in effect. */
  createCronDataIntervals: boolean;
  /** `[core] max_active_runs_per_dag` in effect: a DAG's `max_active_runs` when it sets none. */
  maxActiveRunsPerDag: number;
  /** `[core] max_active_tasks_per_dag` in effect: a DAG's `max_active_tasks` when it sets none. */
  maxActiveTasksPerDag: number;
  /** `[core] dag_ignore_file_syntax`: the version's default (the folder readers take the configured one). */
  ignoreSyntax: 'regexp' | 'glob';
  /** The `site-packages` folder Airflow's modules live in on MWAA (ImportError texts name files under it). */
  sitePackages: string;
  /** The Python MWAA runs this version on (`3.11`, `3.12`): its tracebacks and SyntaxError texts. */
  python: string;
  /** `[core] dagbag_import_error_traceback_depth`: the frames an import error's traceback keeps (default 2). */
  tracebackDepth: number;
}

/** The reading of `airflowVersion` (default: MWAA's default version) with the user's configuration over it. */
export function dagReading(
  airflowVersion: string = DEFAULT_AIRFLOW_VERSION,
  overrides: Partial<
    Pick<
      ConfigDefaults,
      'catchupByDefault' | 'createCronDataIntervals' | 'maxActiveRunsPerDag' | 'maxActiveTasksPerDag'
    >
  > & { python?: string; tracebackDepth?: number } = {},
): DagReading {
  const facts = airflowFacts(airflowVersion);
  const given = overrides.python?.split('.').slice(0, 2).join('.');
  const python = given ?? findMwaaVersion(airflowVersion)?.python ?? DEFAULT_PYTHON_VERSION;
  return {
    airflowVersion,
    files: facts.dagFiles,
    catchupByDefault: overrides.catchupByDefault ?? facts.defaults.catchupByDefault,
    createCronDataIntervals: overrides.createCronDataIntervals ?? facts.defaults.createCronDataIntervals,
    maxActiveRunsPerDag: overrides.maxActiveRunsPerDag ?? facts.defaults.maxActiveRunsPerDag,
    maxActiveTasksPerDag: overrides.maxActiveTasksPerDag ?? facts.defaults.maxActiveTasksPerDag,
    ignoreSyntax: facts.defaults.dagIgnoreFileSyntax,
    // MWAA installs Airflow for its `airflow` user (`pip install --user`, HOME=/usr/local/airflow).
    sitePackages: `/usr/local/airflow/.local/lib/python${python}/site-packages`,
    python,
    tracebackDepth: overrides.tracebackDepth ?? 2,
  };
}

/** What `from module import name` does, from the version's import table. */
export type ImportOutcome = { kind: 'ok'; warnings: readonly string[] } | { kind: 'missing-name'; file: string };

/** Lookups over an {@link ImportFacts} table (its strings parsed once per table). */
export class ImportTable {
  static readonly #cache = new WeakMap<ImportFacts, ImportTable>();
  readonly #missingModules: readonly string[];
  readonly #missingNames = new Map<string, Set<string>>();
  /** Modules that are packages (their names live in `__init__.py`): the table's prefixes and the Task SDK. */
  readonly #packages = new Set<string>(['airflow', 'airflow.sdk']);

  private constructor(readonly facts: ImportFacts) {
    this.#missingModules = facts.missingModules;
    for (const [module, names] of Object.entries(facts.missingNames))
      this.#missingNames.set(module, new Set(names.split(' ')));
    const dotted = [...facts.missingModules, ...Object.keys(facts.missingNames), ...Object.keys(facts.importWarnings)];
    for (const d of dotted) {
      const parts = d.split('.');
      for (let i = 1; i < parts.length; i++) this.#packages.add(parts.slice(0, i).join('.'));
    }
  }

  static of(facts: ImportFacts): ImportTable {
    let table = ImportTable.#cache.get(facts);
    if (!table) ImportTable.#cache.set(facts, (table = new ImportTable(facts)));
    return table;
  }

  /** The missing module that makes `module` fail to import (itself or a parent), or null. */
  missingModule(module: string): string | null {
    return this.#missingModules.find((m) => module === m || module.startsWith(`${m}.`)) ?? null;
  }

  /** What `from module import name` does (the module itself is known to import). */
  importFrom(module: string, name: string, sitePackages: string): ImportOutcome {
    if (this.#missingNames.get(module)?.has(name)) {
      const path = module.replace(/\./g, '/');
      const file = this.#packages.has(module) ? `${path}/__init__.py` : `${path}.py`;
      return { kind: 'missing-name', file: `${sitePackages}/${file}` };
    }
    const warnings = this.facts.importWarnings[`${module}.${name}`] ?? [];
    return { kind: 'ok', warnings: warnings.map((w) => expandWarning(`${module}.${name}`, w)) };
  }
}

/** A table warning as Airflow prints it (`=<target>` is the standard deprecation text). */
function expandWarning(dotted: string, text: string): string {
  if (!text.startsWith('=')) return text;
  return `airflow.utils.deprecation_tools.DeprecatedImportWarning: The \`${dotted}\` attribute is deprecated. Please use \`'${text.slice(1)}'\`.`;
}

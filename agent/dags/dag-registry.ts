import type { ConfigDefaults } from '../airflow/airflow-facts.js';
import { DEFAULT_AIRFLOW_VERSION } from '../airflow/mwaa-versions.js';
import { airflowProfile } from '../airflow/profile-lookup.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { IgnoreSyntax } from './airflowignore.js';
import { discoverDagFiles } from './dag-discovery.js';
import { mergeFileResults, parseDiscoveredFile, type FileParseResult } from './dag-folder-parser.js';
import type { DagImportError, DagParseResult, DagSpec } from './dag-model.js';
import type { DagSource } from './dag-source.js';

/** The emulated Airflow's defaults that decide how the folder and its DAGs read. */
export type DagDefaults = Pick<ConfigDefaults, 'dagIgnoreFileSyntax' | 'catchupByDefault'>;

export interface DagRegistryOptions {
  /** The DAG folder (absolute). */
  dagsDir: string;
  /** `.airflowignore` syntax the user configured; absent or null: the emulated Airflow's default. */
  ignoreSyntax?: IgnoreSyntax | null;
  /**
   * The emulated Airflow's defaults, read at every refresh (a requirements change may change the version).
   * Default: those of MWAA's default version.
   */
  defaults?: () => DagDefaults;
  /** Whether a module can be imported; default: everything can. */
  isModuleAvailable?: (module: string) => boolean;
  /** Parse time for days_ago() and the duration in `dags:parsed`. */
  clock: Clock;
  log: Logger;
  events: EventBus;
}

/**
 * The current DAGs of the DAG folder. `refresh()` re-lists the folder (discovery is cheap) and re-parses
 * only new files and the changed ones it is told about; a changed `.airflowignore` or no list means a
 * full re-parse. Refreshes run one at a time, in call order. One bad file never stops the others.
 */
export class DagRegistry implements DagSource {
  readonly #opts: DagRegistryOptions;
  #isModuleAvailable: (module: string) => boolean;
  #files = new Map<string, FileParseResult>();
  #current: DagParseResult = { dags: [], importErrors: [] };
  #byId = new Map<string, DagSpec>();
  #brokenFiles = new Set<string>();
  #queue: Promise<void> = Promise.resolve();

  constructor(opts: DagRegistryOptions) {
    this.#opts = opts;
    this.#isModuleAvailable = opts.isModuleAvailable ?? (() => true);
  }

  list(): DagSpec[] {
    return this.#current.dags;
  }

  get(dagId: string): DagSpec | undefined {
    return this.#byId.get(dagId);
  }

  importErrors(): DagImportError[] {
    return this.#current.importErrors;
  }

  hasImportErrors(dagId: string): boolean {
    const dag = this.#byId.get(dagId);
    return dag !== undefined && this.#brokenFiles.has(dag.relativeFileloc);
  }

  /** Re-reads the folder; `changedRelativePaths` (relative to dagsDir) limits re-parsing to those files. */
  refresh(changedRelativePaths?: string[]): Promise<void> {
    const full =
      !changedRelativePaths ||
      changedRelativePaths.some((p) => p === '.airflowignore' || p.endsWith('/.airflowignore'));
    const run = this.#queue.then(() => this.#refresh(full ? null : new Set(changedRelativePaths)));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Replaces the module-availability check (requirements changed) and re-parses every file. */
  setModuleAvailability(fn: (module: string) => boolean): Promise<void> {
    this.#isModuleAvailable = fn;
    return this.refresh();
  }

  async #refresh(changed: Set<string> | null): Promise<void> {
    const started = this.#opts.clock.now().getTime();
    const defaults = this.#opts.defaults?.() ?? airflowProfile(DEFAULT_AIRFLOW_VERSION).defaults;
    const ignoreSyntax = this.#opts.ignoreSyntax ?? defaults.dagIgnoreFileSyntax;
    const { files, warnings } = await discoverDagFiles(this.#opts.dagsDir, { ignoreSyntax });
    for (const w of warnings) this.#opts.log.warn({ file: w.file }, w.message);
    const next = new Map<string, FileParseResult>();
    const opts = {
      isModuleAvailable: this.#isModuleAvailable,
      clock: this.#opts.clock,
      catchupByDefault: defaults.catchupByDefault,
    };
    for (const file of files) {
      const cached = this.#files.get(file.relativePath);
      const reparse = changed === null || !cached || changed.has(file.relativePath);
      next.set(file.relativePath, reparse ? keepLastGoodDags(await parseDiscoveredFile(file, opts), cached) : cached);
    }
    this.#logNewErrors(next);
    this.#files = next;
    this.#current = mergeFileResults([...next.values()]);
    this.#byId = new Map(this.#current.dags.map((d) => [d.dagId, d]));
    this.#brokenFiles = new Set(this.#current.importErrors.map((e) => e.filename));
    this.#opts.events.emit('dags:parsed', {
      dagIds: this.#current.dags.map((d) => d.dagId),
      importErrors: this.#current.importErrors.length,
      files: next.size,
      durationMs: this.#opts.clock.now().getTime() - started,
    });
  }

  /** Logs each import error once, when it first appears or changes. */
  #logNewErrors(next: Map<string, FileParseResult>): void {
    for (const [file, result] of next) {
      const before = JSON.stringify(this.#files.get(file)?.importErrors ?? []);
      if (JSON.stringify(result.importErrors) === before) continue;
      for (const e of result.importErrors)
        this.#opts.log.warn({ file: e.filename, line: e.line }, `Broken DAG: [${e.filename}] ${e.message}`);
    }
  }
}

/**
 * Airflow 2.3+ keeps showing the last good version of a DAG whose file broke, flagged `has_import_errors`
 * (so it is not scheduled and cannot be triggered); a deleted file's DAGs go away.
 */
function keepLastGoodDags(result: FileParseResult, previous: FileParseResult | undefined): FileParseResult {
  if (!previous || result.importErrors.length === 0 || result.dags.length > 0) return result;
  return { ...result, dags: previous.dags };
}

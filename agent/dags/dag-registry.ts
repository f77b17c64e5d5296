import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigDefaults } from '../airflow/airflow-facts.js';
import { DEFAULT_AIRFLOW_VERSION } from '../airflow/mwaa-versions.js';
import { airflowFacts } from '../airflow/facts-lookup.js';
import { airflowProfile } from '../airflow/profile-lookup.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { IgnoreSyntax } from './airflowignore.js';
import { discoverDagFiles } from './dag-discovery.js';
import type { DiscoveredFile } from './dag-discovery.js';
import type { DagParseOptions } from './dag-file-parser.js';
import { type FileParseResult, mergeFileResults } from './dag-file-merge.js';
import { parseDiscoveredFile, parseWithVariables, type VariableReader } from './dag-folder-parser.js';
import type { VariableAnswer } from './parse-variables.js';
import type { DagImportError, DagParseResult, DagSpec, DagWarning } from './dag-model.js';
import type { DagSource } from './dag-source.js';

/** The emulated Airflow's defaults that decide how the folder and its DAGs read. */
export type DagDefaults = Pick<
  ConfigDefaults,
  'dagIgnoreFileSyntax' | 'catchupByDefault' | 'dagDiscoverySafeMode' | 'maxActiveRunsPerDag' | 'maxActiveTasksPerDag'
> &
  Partial<Pick<ConfigDefaults, 'createCronDataIntervals'>>;

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
  /** The emulated Airflow version, read at every refresh. Default: MWAA's default version. */
  airflowVersion?: () => string;
  /** Whether a module can be imported; default: everything can. */
  isModuleAvailable?: (module: string) => boolean;
  /** Folders of modules DAG files may import (Airflow's `sys.path`: the DAG folder, the plugins folder). */
  modulePaths?: readonly string[];
  /** Parse time for days_ago() and the duration in `dags:parsed`. */
  clock: Clock;
  log: Logger;
  events: EventBus;
  /**
   * Reads one file; default: in this thread. The agent passes a worker-thread reader with a timeout, so a
   * file that takes long never holds the event loop. Must not reject for a bad file.
   */
  parseFile?: (file: DiscoveredFile, opts: DagParseOptions) => Promise<FileParseResult>;
  /** Larger files are not held in memory while the folder is listed; the reader refuses them by size. */
  maxFileBytes?: number;
  /** Where a DAG file's `Variable.get` looks while it is parsed; default: nowhere (every variable is missing). */
  readVariable?: VariableReader;
}

/** What the watchdog reads: whether a refresh is running and which file it has been reading since when. */
export interface RegistryProgress {
  /** Start of the refresh in progress (ms since the epoch), or null when idle. */
  busySince: number | null;
  /** End of the last refresh (ms), or null before the first. */
  lastRefreshAt: number | null;
  /** The file being read, if any, and since when (ms). */
  currentFile: string | null;
  currentFileSince: number | null;
  /** Files read so far of the files the refresh in progress (or the last one) found; null before it listed them. */
  filesRead: number;
  filesTotal: number | null;
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
  #progress: RegistryProgress = {
    busySince: null,
    lastRefreshAt: null,
    currentFile: null,
    currentFileSince: null,
    filesRead: 0,
    filesTotal: null,
  };
  /** Bumped by {@link recover}: a refresh of an older generation that ever finishes changes nothing. */
  #generation = 0;

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

  /** The warnings DagBag would capture for the current files (deprecated imports, …). */
  warnings(): DagWarning[] {
    return this.#current.warnings ?? [];
  }

  hasImportErrors(dagId: string): boolean {
    const dag = this.#byId.get(dagId);
    return dag !== undefined && this.#brokenFiles.has(dag.relativeFileloc);
  }

  /** Whether the registry is making progress (for the watchdog and `/health`). */
  progress(): Readonly<RegistryProgress> {
    return { ...this.#progress };
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

  /**
   * Looks up again every variable the DAG files read while they were parsed and re-parses the files whose
   * answer changed (a variable set, deleted, or changed in the secrets backend).
   */
  refreshVariables(): Promise<void> {
    const run = this.#queue.then(async () => {
      const read = this.#opts.readVariable;
      if (!read) return;
      const now = new Map<string, string>();
      const changed: string[] = [];
      for (const [path, result] of this.#files) {
        for (const [key, used] of Object.entries(result.variables ?? {})) {
          if (!now.has(key)) now.set(key, JSON.stringify(await read(key).catch((e: Error) => unreadable(e))));
          if (now.get(key) !== JSON.stringify(used)) {
            changed.push(path);
            break;
          }
        }
      }
      if (changed.length) await this.#refresh(new Set(changed));
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Replaces the module-availability check (requirements changed) and re-parses every file. */
  setModuleAvailability(fn: (module: string) => boolean): Promise<void> {
    this.#isModuleAvailable = fn;
    return this.refresh();
  }

  /**
   * The watchdog found a refresh stuck: it is abandoned (its result, if it ever comes, is dropped) and the
   * next refresh — a full one, queued now — starts at once instead of waiting behind it.
   */
  recover(): Promise<void> {
    this.#generation++;
    this.#queue = Promise.resolve();
    this.#progress = { ...this.#progress, busySince: null, currentFile: null, currentFileSince: null };
    return this.refresh();
  }

  async #refresh(changed: Set<string> | null): Promise<void> {
    const started = this.#opts.clock.now().getTime();
    const generation = this.#generation;
    this.#progress = { ...this.#progress, busySince: started, filesRead: 0, filesTotal: null };
    try {
      await this.#refreshFiles(changed, started, generation);
    } finally {
      if (generation === this.#generation)
        this.#progress = {
          ...this.#progress,
          busySince: null,
          lastRefreshAt: this.#opts.clock.now().getTime(),
          currentFile: null,
          currentFileSince: null,
        };
    }
  }

  async #refreshFiles(changedPaths: Set<string> | null, started: number, generation: number): Promise<void> {
    let changed = changedPaths;
    const defaults = this.#opts.defaults?.() ?? airflowProfile(DEFAULT_AIRFLOW_VERSION).defaults;
    const ignoreSyntax = this.#opts.ignoreSyntax ?? defaults.dagIgnoreFileSyntax;
    const { files, warnings } = await discoverDagFiles(this.#opts.dagsDir, {
      ignoreSyntax,
      maxContentBytes: this.#opts.maxFileBytes,
      safeMode: defaults.dagDiscoverySafeMode,
    });
    for (const w of warnings) this.#opts.log.warn({ file: w.file }, w.message);
    this.#progress.filesTotal = files.length;
    // A changed module that is not itself a DAG file (a helper DAG files import) may change any of them.
    const isHelper = (p: string) =>
      p.endsWith('.py') && !files.some((f) => f.relativePath === p) && existsSync(join(this.#opts.dagsDir, p));
    if (changed && [...changed].some(isHelper)) changed = null;
    const next = new Map<string, FileParseResult>();
    // One lookup per variable and refresh, shared by the files that read it.
    const answers = new Map<string, VariableAnswer>();
    const airflowVersion = this.#opts.airflowVersion?.() ?? DEFAULT_AIRFLOW_VERSION;
    const opts: DagParseOptions = {
      isModuleAvailable: this.#isModuleAvailable,
      clock: this.#opts.clock,
      airflowVersion,
      catchupByDefault: defaults.catchupByDefault,
      limits: this.#opts.maxFileBytes === undefined ? undefined : { maxFileBytes: this.#opts.maxFileBytes },
      maxActiveRunsPerDag: defaults.maxActiveRunsPerDag,
      maxActiveTasksPerDag: defaults.maxActiveTasksPerDag,
      modulePaths: this.#opts.modulePaths,
      createCronDataIntervals: defaults.createCronDataIntervals,
    };
    for (const file of files) {
      const cached = this.#files.get(file.relativePath);
      const reparse = changed === null || !cached || changed.has(file.relativePath);
      if (reparse) {
        this.#progress.currentFile = file.relativePath;
        this.#progress.currentFileSince = this.#opts.clock.now().getTime();
      }
      next.set(
        file.relativePath,
        reparse ? keepLastGoodDags(await this.#parse(file, opts, answers, cached), cached) : cached,
      );
      if (generation !== this.#generation) return;
      this.#progress.filesRead++;
    }
    this.#logNewErrors(next);
    this.#files = next;
    this.#current = mergeFileResults([...next.values()], airflowFacts(airflowVersion).dagFiles.duplicateDagIds);
    this.#byId = new Map(this.#current.dags.map((d) => [d.dagId, d]));
    this.#brokenFiles = new Set(this.#current.importErrors.map((e) => e.filename));
    this.#opts.events.emit('dags:parsed', {
      dagIds: this.#current.dags.map((d) => d.dagId),
      importErrors: this.#current.importErrors.length,
      files: next.size,
      durationMs: this.#opts.clock.now().getTime() - started,
    });
  }

  /**
   * One file's result, whatever happens: a reader that throws gives that file an import error, which is kept
   * like any result. (A file whose reading threw used to be retried, and throw, at every later refresh, so
   * the refresh never completed: new DAGs never appeared and deleted ones kept running.)
   */
  async #parse(
    file: DiscoveredFile,
    opts: DagParseOptions,
    answers: Map<string, VariableAnswer>,
    previous: FileParseResult | undefined,
  ): Promise<FileParseResult> {
    try {
      // The variables the file read last time, looked up now: usually one parse instead of one per variable.
      const read = this.#opts.readVariable;
      for (const key of Object.keys(previous?.variables ?? {}))
        if (read && !answers.has(key)) answers.set(key, await read(key).catch((e: Error) => unreadable(e)));
      const parse = this.#opts.parseFile ?? parseDiscoveredFile;
      return await parseWithVariables(file, opts, parse, this.#opts.readVariable, answers);
    } catch (e) {
      const message = `internal error while reading the file: ${(e as Error)?.message ?? String(e)}`;
      return {
        relativePath: file.relativePath,
        dags: [],
        importErrors: [{ filename: file.relativePath, line: null, column: null, message }],
      };
    }
  }

  /** Logs each import error and captured warning once, when it first appears or changes. */
  #logNewErrors(next: Map<string, FileParseResult>): void {
    for (const [file, result] of next) {
      const previous = this.#files.get(file);
      // One line each: a multi-line message (Airflow's timeout text) is shown in full by the API and UI.
      if (JSON.stringify(result.importErrors) !== JSON.stringify(previous?.importErrors ?? []))
        for (const e of result.importErrors)
          this.#opts.log.warn(
            { file: e.filename, line: e.line },
            `Broken DAG: [${e.filename}] ${e.message.split('\n')[0]}`,
          );
      if (JSON.stringify(result.warnings ?? []) !== JSON.stringify(previous?.warnings ?? []))
        for (const w of result.warnings ?? [])
          this.#opts.log.info(
            { file: w.filename, line: w.line },
            `${w.filename}:${w.line ?? ''}: ${w.category}: ${w.message}`,
          );
    }
  }
}

function unreadable(e: Error): VariableAnswer {
  return { kind: 'unreadable', error: e?.message ?? String(e) };
}

/**
 * Airflow 2.3+ keeps showing the last good version of a DAG whose file broke, flagged `has_import_errors`
 * (so it is not scheduled and cannot be triggered); a deleted file's DAGs go away.
 */
function keepLastGoodDags(result: FileParseResult, previous: FileParseResult | undefined): FileParseResult {
  if (!previous || result.importErrors.length === 0 || result.dags.length > 0) return result;
  return { ...result, dags: previous.dags };
}

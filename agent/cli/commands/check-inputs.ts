import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { Config } from '../../core/config.js';
import type { CatchupRuns, VersionReading } from '../../dags/check-verdict.js';
import type { DiscoveredFile } from '../../dags/dag-discovery.js';
import type { DagSpec } from '../../dags/dag-model.js';
import type { FileParseResult } from '../../dags/dag-file-merge.js';
import type { WorkerDagParser } from '../../dags/worker-dag-parser.js';
import { takePrestartedDagReader } from '../prestart.js';

/** Where `check PATH` finds the DAGs, requirements.txt and plugins. */
export interface CheckLayout {
  /** The DAG folder (a single file's folder when PATH is a file). */
  dagsDir: string;
  /** PATH when it is one file, else null. */
  file: string | null;
  requirementsFile: string;
  pluginsDir: string | null;
  /** PATH when it looks like an MWAA bucket (it holds `dags/`), else null. */
  bucketRoot: string | null;
}

/**
 * PATH as a bucket (a folder holding `dags/`, with `requirements.txt` and `plugins/` beside it), a DAG
 * folder, or one DAG file; requirements.txt next to it (next to `dags/` for a folder of that name), else the
 * configured one.
 */
export function checkLayout(target: string, config: Readonly<Config>): CheckLayout {
  const configured = join(config.requirementsDir, 'requirements.txt');
  const isFile = statSync(target).isFile();
  const folder = isFile ? dirname(target) : target;
  const bucket = !isFile && existsSync(join(target, 'dags')) && statSync(join(target, 'dags')).isDirectory();
  // A DAG folder named dags/ (or a file in it) is a bucket's: its requirements.txt is beside the folder.
  const roots = bucket ? [target] : basename(folder) === 'dags' ? [folder, dirname(folder)] : [folder];
  const requirementsFile =
    roots
      .flatMap((r) => [join(r, 'requirements.txt'), join(r, 'requirements', 'requirements.txt')])
      .find((f) => existsSync(f)) ?? configured;
  const plugins = bucket ? join(target, 'plugins') : config.pluginsDir;
  return {
    dagsDir: bucket ? join(target, 'dags') : folder,
    file: isFile ? target : null,
    requirementsFile,
    pluginsDir: existsSync(plugins) ? plugins : null,
    bucketRoot: bucket ? target : null,
  };
}

/** The bucket's keys MWAA reads apart from `dags/`: everything else that is Python is a DAG in the wrong place. */
const BUCKET_OWN = new Set(['dags', 'plugins', 'requirements', 'node_modules', '.git', '.venv', 'venv']);

/** Python files of a bucket-like folder outside `dags/` and `plugins/` (relative, sorted). */
export async function pythonOutsideDags(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith('.py')) continue;
    const rel = relative(root, join(e.parentPath, e.name)).split(sep).join('/');
    const top = rel.split('/')[0]!;
    if (rel.includes('/') && (BUCKET_OWN.has(top) || top.startsWith('.'))) continue;
    out.push(rel);
  }
  return out.sort();
}

/** DAG-looking `.py` files (Airflow's safe-mode bytes) under `dagsDir` that discovery did not list. */
export async function hiddenDagFiles(dagsDir: string, discovered: readonly string[]): Promise<string[]> {
  const listed = new Set(discovered);
  const out: string[] = [];
  for (const e of await readdir(dagsDir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith('.py')) continue;
    const rel = relative(dagsDir, join(e.parentPath, e.name)).split(sep).join('/');
    if (listed.has(rel)) continue;
    const text = (await readFile(join(dagsDir, rel), 'latin1').catch(() => '')).toLowerCase();
    if (text.includes('dag') && text.includes('airflow')) out.push(rel);
  }
  return out.sort();
}

/** A few worker threads reading DAG files, each with the hard bound of {@link WorkerDagParser}. */
export class ParserPool {
  readonly #parsers: WorkerDagParser[];

  constructor(parsers: WorkerDagParser[]) {
    this.#parsers = parsers;
  }

  /** One reader, its thread started at once (or already, by main.ts): open it first, before the command's work. */
  static async warm(codeCacheDir: string | null): Promise<WorkerDagParser> {
    const thread = takePrestartedDagReader() ?? undefined;
    const { WorkerDagParser } = await import('../../dags/worker-dag-parser.js');
    return new WorkerDagParser({ thread, codeCacheDir }).warm();
  }

  /** Up to `files` readers (at most 4 and the machine's parallelism), `first` (from `warm`) among them. */
  static async open(
    files: number,
    timeoutMs: number,
    codeCacheDir: string | null,
    first?: WorkerDagParser,
  ): Promise<ParserPool> {
    const { WorkerDagParser } = await import('../../dags/worker-dag-parser.js');
    const size = Math.max(1, Math.min(files, availableParallelism(), 4));
    first?.useLimits({ timeoutMs });
    const rest = Array.from(
      { length: size - (first ? 1 : 0) },
      () => new WorkerDagParser({ limits: { timeoutMs }, codeCacheDir }),
    );
    return new ParserPool(first ? [first, ...rest] : rest);
  }

  /** Every file, in order, spread over the threads (each thread reads one file at a time). */
  async parseAll(
    files: readonly DiscoveredFile[],
    opts: Parameters<WorkerDagParser['parse']>[1],
  ): Promise<FileParseResult[]> {
    const results: FileParseResult[] = new Array(files.length);
    let next = 0;
    await Promise.all(
      this.#parsers.map(async (p) => {
        while (next < files.length) {
          const i = next++;
          results[i] = await p.parse(files[i]!, opts);
        }
      }),
    );
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.#parsers.map((p) => p.close()));
  }
}

export interface ReadOptions {
  layout: CheckLayout;
  airflowVersion: string;
  isModuleAvailable: (module: string) => boolean;
  ignoreSyntax: 'regexp' | 'glob';
  catchupByDefault: boolean;
  createCronDataIntervals: boolean;
  now: Date;
  pool: ParserPool;
}

/** One version's reading of the folder (without requirements and context keys: the caller adds them). */
export async function readFolder(
  o: ReadOptions,
): Promise<Pick<VersionReading, 'parsed' | 'files' | 'ignored' | 'airflowVersion'>> {
  // Not the reader's own modules (the evaluator and tree-sitter): those load in the reading threads only.
  const [{ discoverDagFiles }, { mergeFileResults }, { dagReading }] = await Promise.all([
    import('../../dags/dag-discovery.js'),
    import('../../dags/dag-file-merge.js'),
    import('../../dags/dag-reading.js'),
  ]);
  const files: DiscoveredFile[] = o.layout.file
    ? [{ relativePath: basename(o.layout.file), absolutePath: o.layout.file, kind: 'python' }]
    : (await discoverDagFiles(o.layout.dagsDir, { ignoreSyntax: o.ignoreSyntax })).files;
  const opts = {
    airflowVersion: o.airflowVersion,
    isModuleAvailable: o.isModuleAvailable,
    catchupByDefault: o.catchupByDefault,
    createCronDataIntervals: o.createCronDataIntervals,
    clock: { now: () => o.now },
    modulePaths: [o.layout.dagsDir, ...(o.layout.pluginsDir ? [o.layout.pluginsDir] : [])],
  };
  const results = await o.pool.parseAll(files, opts);
  const parsed = mergeFileResults(results, dagReading(o.airflowVersion).files.duplicateDagIds);
  const relative = files.map((f) => f.relativePath);
  const ignored = o.layout.file ? [] : await hiddenDagFiles(o.layout.dagsDir, relative);
  return { airflowVersion: o.airflowVersion, parsed, files: relative, ignored };
}

/** Most runs counted for the catchup message; past it the count reads "N+". */
const MAX_COUNTED_RUNS = 1_000;

/** Runs a first unpause at `now` creates with and without catchup, from the DAG's own timetable. */
export async function catchupRunCounter(now: Date): Promise<CatchupRuns> {
  const { createTimetable, timeRestriction } = await import('../../schedule/create-timetable.js');
  return (dag: DagSpec) => {
    if (
      !dag.startDate ||
      !['cron', 'delta', 'cron-trigger', 'multiple-cron-trigger', 'delta-trigger', 'asset-or-time'].includes(
        dag.schedule.kind,
      )
    )
      return null;
    let timetable: ReturnType<typeof createTimetable>;
    try {
      timetable = createTimetable(dag);
    } catch {
      return null;
    }
    if (!timetable.periodic) return null;
    const count = (catchup: boolean) => {
      const restriction = { ...timeRestriction(dag), catchup };
      let last = null;
      let n = 0;
      while (n < MAX_COUNTED_RUNS) {
        const info = timetable.nextDagrunInfo(last, restriction, now);
        if (!info || info.runAfter.getTime() > now.getTime()) break;
        last = info.dataInterval;
        n++;
      }
      return n;
    };
    const withCatchup = count(true);
    return { withCatchup, withoutCatchup: count(false), capped: withCatchup >= MAX_COUNTED_RUNS };
  };
}

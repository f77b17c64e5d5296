import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { DagParseJson } from '../../dags/dag-parse-json.js';
import type { DagParseResult } from '../../dags/dag-model.js';
import type { DagParseOptions } from '../../dags/dag-file-parser.js';
import { versionSource } from '../../requirements/requirements-report.js';
import type { CliContext } from '../cli-context.js';
import { formatRows } from '../output.js';

interface ParseFlags {
  output: 'table' | 'json';
  pluginsDir?: string;
  dagIgnoreFileSyntax?: 'regexp' | 'glob';
  airflowVersion?: string;
  now?: string;
}

/**
 * `mwaa-agent dags parse PATH`: the agent's static DAG reader, offline, on a file or a folder, as the
 * environment's Airflow reads it (`--airflow-version`, else the setting, else requirements.txt's constraints,
 * else MWAA's default). Every module counts as importable (no requirements gate); exit code 1 when any file
 * has an import error.
 */
export function registerDagsParseCommand(group: Command, ctx: CliContext): void {
  group
    .command('parse')
    .description(
      'Read DAG files statically (as Airflow DagBag would load them) and print DAGs, tasks and import errors',
    )
    .argument('<path>', 'a DAG file or a DAG folder')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'))
    .addOption(
      new Option('--dag-ignore-file-syntax <syntax>', ".airflowignore syntax (default: the Airflow version's)").choices(
        ['regexp', 'glob'],
      ),
    )
    .option('--airflow-version <version>', "the Airflow version that reads the files (one of MWAA's)")
    .option('--now <iso>', 'parse time for days_ago() (default: now)')
    .option(
      '--plugins-dir <dir>',
      "a plugins folder: DAG files may import its modules and the DAG folder's own (Airflow's sys.path)",
    )
    .action(async (path: string, flags: ParseFlags) => {
      const config = ctx.config({ airflowVersion: flags.airflowVersion });
      const [{ loadRequirementsVerdict }, { SystemClock }, { readingOf }, { dagParseJson }] = await Promise.all([
        import('../../requirements/requirements-verdict-loader.js'),
        import('../../core/clock.js'),
        import('../../dags/dag-file-parser.js'),
        import('../../dags/dag-parse-json.js'),
      ]);
      const requirementsFile = join(config.requirementsDir, 'requirements.txt');
      const verdict = loadRequirementsVerdict({
        requirementsFile,
        dagsDir: config.dagsDir,
        stateDir: config.stateDir,
        env: ctx.env,
        airflowVersion: config.airflowVersion,
      });
      const source = versionSource(verdict, requirementsFile, existsSync(requirementsFile));
      const target = resolve(ctx.cwd, path);
      const clock = flags.now ? { now: () => new Date(flags.now!) } : new SystemClock();
      const modulePaths = flags.pluginsDir
        ? [(await stat(target)).isDirectory() ? target : dirname(target), resolve(ctx.cwd, flags.pluginsDir)]
        : undefined;
      const opts: DagParseOptions = { airflowVersion: verdict.airflowVersion, clock, modulePaths };
      const ignoreSyntax = flags.dagIgnoreFileSyntax ?? config.dagIgnoreFileSyntax ?? readingOf(opts).ignoreSyntax;
      const result = await parseTarget(target, { ...opts, ignoreSyntax });
      const json = {
        airflow_version: verdict.airflowVersion,
        airflow_version_source: source,
        ...dagParseJson(result),
      };
      if (flags.output === 'json') ctx.out(JSON.stringify(json, null, 2));
      else {
        ctx.err(`Airflow ${verdict.airflowVersion} reads the files, from ${source}`);
        ctx.out(renderTable(json));
      }
      if (json.import_errors.length) ctx.exitCode = 1;
    });
}

async function parseTarget(
  target: string,
  opts: DagParseOptions & { ignoreSyntax: 'regexp' | 'glob' },
): Promise<DagParseResult> {
  const { parseDagFolder, parseDiscoveredFile } = await import('../../dags/dag-folder-parser.js');
  const { mergeFileResults } = await import('../../dags/dag-file-merge.js');
  const { isZipFile } = await import('../../dags/dag-discovery.js');
  const { readingOf } = await import('../../dags/dag-file-parser.js');
  const st = await stat(target);
  if (st.isDirectory()) return parseDagFolder(target, opts);
  const kind = (await isZipFile(target)) ? 'zip' : 'python';
  const file = { relativePath: basename(target), absolutePath: target, kind } as const;
  return mergeFileResults([await parseDiscoveredFile(file, opts)], readingOf(opts).files.duplicateDagIds);
}

/** The schedule column: as written, `timedelta(seconds=…)`, a timetable's summary, or the asset condition. */
function scheduleText(s: DagParseJson['dags'][number]['schedule']): string | null {
  if (s === null || typeof s === 'string') return s;
  if ('timedelta_seconds' in s) return `timedelta(seconds=${s.timedelta_seconds})`;
  if ('timetable' in s) return `${s.timetable}(${s.summary})`;
  return JSON.stringify(s.assets);
}

function renderTable(json: DagParseJson): string {
  const rows = json.dags.map((d) => ({
    dag_id: d.dag_id,
    fileloc: d.fileloc,
    schedule: scheduleText(d.schedule),
    start_date: d.start_date,
    catchup: d.catchup,
    tasks: d.tasks
      .map(
        (t) =>
          `${t.task_id}(${t.operator})${t.downstream_task_ids.length ? '>>' + t.downstream_task_ids.join(',') : ''}`,
      )
      .join(' '),
  }));
  const parts = [formatRows(rows, ['dag_id', 'fileloc', 'schedule', 'start_date', 'catchup', 'tasks'], 'table')];
  if (json.import_errors.length) {
    parts.push('', 'Import errors:', formatRows(json.import_errors, ['filename', 'line', 'message'], 'table'));
  }
  if (json.warnings.length) {
    const rows = json.warnings.map((w) => ({
      filename: w.filename,
      line: w.line,
      warning: `${w.category}: ${w.message}`,
    }));
    parts.push('', 'Warnings:', formatRows(rows, ['filename', 'line', 'warning'], 'table'));
  }
  return parts.join('\n');
}

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { MWAA_AIRFLOW_VERSIONS } from '../../airflow/mwaa-versions.js';
import type { CheckVerdict } from '../../dags/check-verdict.js';
import { userCacheDir } from '../../core/user-cache-dir.js';
import type { WorkerDagParser } from '../../dags/worker-dag-parser.js';
import type { CliContext } from '../cli-context.js';
import { CHECK_FORMATS, type CheckFormat } from './check-report.js';
import type { CheckRun } from './check-watch.js';

interface CheckFlags {
  airflowVersion: string[];
  format: CheckFormat;
  strict?: boolean;
  watch?: boolean;
  stateDir?: string;
  dagbagImportTimeout?: string;
}

/**
 * `mwaa-agent check [PATH] [--airflow-version V ...] [--format text|json|junit] [--strict] [--watch]`: the
 * gate for CI and pre-commit. Exit 0 clean (warnings allowed unless --strict), 1 errors, 2 usage.
 */
export function registerCheckCommand(program: Command, ctx: CliContext): void {
  program
    .command('check')
    .description(
      'Check DAG files, requirements.txt and MWAA traps offline, per Airflow version (exit 0 clean, 1 errors, 2 usage)',
    )
    .argument('[path]', 'a DAG file, a DAG folder, or a bucket folder holding dags/', '.')
    .addOption(
      new Option(
        '--airflow-version <version>',
        "an Airflow version MWAA offers; repeat for an upgrade verdict, the first being today's",
      )
        .argParser((v: string, all: string[]) => [...all, v])
        .default([], "the environment's"),
    )
    .addOption(new Option('--format <format>', 'report format').choices(CHECK_FORMATS).default('text'))
    .option('--strict', 'count warnings as errors')
    .option('--watch', 're-check on every change and print what changed in the verdict')
    .option('--state-dir <dir>', 'state folder whose stored connections and variables count as defined')
    .option('--dagbag-import-timeout <seconds>', 'how long one DAG file may take to read (default: the version’s, 30)')
    .action(async (path: string, flags: CheckFlags) => {
      const bad = flags.airflowVersion.find((v) => !MWAA_AIRFLOW_VERSIONS.includes(v));
      if (bad !== undefined)
        return usage(
          ctx,
          `--airflow-version ${bad} is not a version MWAA offers; allowed: ${MWAA_AIRFLOW_VERSIONS.join(', ')}`,
        );
      const timeout = flags.dagbagImportTimeout === undefined ? undefined : Number(flags.dagbagImportTimeout);
      if (timeout !== undefined && !(timeout > 0))
        return usage(
          ctx,
          `--dagbag-import-timeout must be a number of seconds > 0, got ${JSON.stringify(flags.dagbagImportTimeout)}`,
        );
      const target = resolve(ctx.cwd, path);
      if (!existsSync(target))
        return usage(
          ctx,
          `${path}: no such file or folder; give a DAG file, a DAG folder, or a bucket folder holding dags/`,
        );
      const run = () => runCheck(ctx, target, flags, timeout);
      if (flags.watch) {
        const { watchCheck } = await import('./check-watch.js');
        await watchCheck(ctx, run);
        return;
      }
      const result = await run();
      ctx.out(result.report);
      ctx.exitCode = result.exitCode;
    });
}

/** Where the reading threads keep V8's code cache of the reader (as prestart.ts finds it). */
function codeCacheDir(ctx: CliContext): string | null {
  return userCacheDir(ctx.env, process.platform, homedir());
}

function usage(ctx: CliContext, message: string): void {
  ctx.err(`mwaa-agent check: ${message}`);
  ctx.exitCode = 2;
}

/** One check of `target`: reads every version, decides, formats. */
export async function runCheck(
  ctx: CliContext,
  target: string,
  flags: Pick<CheckFlags, 'airflowVersion' | 'format' | 'strict' | 'stateDir'>,
  timeoutSeconds?: number,
): Promise<CheckRun> {
  // The first DAG-reading thread starts now: its start overlaps with reading the config and requirements. The
  // reading pool adopts it; closed here too when the command fails before (closing is idempotent).
  const warming = import('./check-inputs.js').then((m) => m.ParserPool.warm(codeCacheDir(ctx)));
  try {
    return await checkWith(warming, ctx, target, flags, timeoutSeconds);
  } finally {
    await warming.then(
      (p) => p.close(),
      () => undefined,
    );
  }
}

async function checkWith(
  warming: Promise<WorkerDagParser>,
  ctx: CliContext,
  target: string,
  flags: Pick<CheckFlags, 'airflowVersion' | 'format' | 'strict' | 'stateDir'>,
  timeoutSeconds?: number,
): Promise<CheckRun> {
  const [{ checkLayout, ParserPool, readFolder, catchupRunCounter, pythonOutsideDags }, verdicts, report, planner] =
    await Promise.all([
      import('./check-inputs.js'),
      import('../../requirements/requirements-verdict-loader.js'),
      import('./check-report.js'),
      import('../../dags/check-verdict.js'),
    ]);
  const config = ctx.config({ stateDir: flags.stateDir });
  const layout = checkLayout(target, config);
  const requirementsFor = (airflowVersion: string | null) =>
    verdicts.loadRequirementsVerdict({
      requirementsFile: layout.requirementsFile,
      dagsDir: layout.dagsDir,
      pluginsDir: layout.pluginsDir ?? config.pluginsDir,
      stateDir: config.stateDir,
      env: ctx.env,
      airflowVersion,
    });
  const versions = flags.airflowVersion.length
    ? [...new Set(flags.airflowVersion)]
    : [config.airflowVersion ?? requirementsFor(null).airflowVersion];
  const [{ verdictProfile }, { withConfigOverrides }, { isModuleAvailable }, { RUNNABLE_OPERATORS }] =
    await Promise.all([
      import('../../requirements/requirements-verdict.js'),
      import('../../airflow/airflow-facts.js'),
      import('../../requirements/module-distribution.js'),
      import('../../tasks/runnable-operators.js'),
    ]);
  const now = new Date();
  const firstDefaults = withConfigOverrides(verdictProfile(requirementsFor(versions[0]!)).defaults, config);
  const timeoutMs = (timeoutSeconds ?? firstDefaults.dagbagImportTimeout) * 1000;
  const pool = await ParserPool.open(layout.file ? 1 : 4, timeoutMs, codeCacheDir(ctx), await warming);
  // The environment's connections and variables are read while the threads read the files.
  const looking = import('./check-lookups.js').then((m) => m.checkLookups(ctx.env, config, layout.dagsDir));
  looking.catch(() => undefined); // its failure is the check's, where it is awaited below
  let closing: Promise<void> | undefined;
  const readings = [];
  let verdict: CheckVerdict;
  try {
    try {
      for (const v of versions) {
        const requirements = requirementsFor(v);
        const profile = verdictProfile(requirements);
        const defaults = withConfigOverrides(profile.defaults, config);
        const read = await readFolder({
          layout,
          airflowVersion: v,
          isModuleAvailable: (m) => isModuleAvailable(requirements, m),
          ignoreSyntax: defaults.dagIgnoreFileSyntax,
          catchupByDefault: defaults.catchupByDefault,
          createCronDataIntervals: defaults.createCronDataIntervals,
          now,
          pool,
        });
        readings.push({
          ...read,
          contextKeys: profile.templateContext.keys,
          requirements: existsSync(layout.requirementsFile)
            ? requirements.diagnostics.map((d) => ({ ...d, file: place(ctx.cwd, d.file) }))
            : [],
        });
      }
    } finally {
      // The threads end while the verdict is decided; awaited before the check returns.
      closing = pool.close();
    }
    const lookups = await looking;
    verdict = planner.planCheckVerdict(
      {
        readings: readings.map((r) => relocate(r, ctx.cwd, layout.dagsDir)),
        outsideDags: layout.bucketRoot
          ? (await pythonOutsideDags(layout.bucketRoot)).map((f) => place(ctx.cwd, join(layout.bucketRoot!, f)))
          : [],
        ...lookups,
        runnableOperators: RUNNABLE_OPERATORS,
        catchupRuns: versions.length > 1 ? await catchupRunCounter(now) : () => null,
      },
      flags.strict === true,
    );
  } finally {
    await looking.then(
      (l) => l.close(),
      () => undefined,
    );
    await closing;
  }
  const exitCode = verdict.errors ? 1 : 0;
  const files = new Map(
    readings.map((r) => [r.airflowVersion, r.files.map((f) => place(ctx.cwd, join(layout.dagsDir, f)))]),
  );
  const text =
    flags.format === 'json'
      ? report.jsonReport(verdict, exitCode)
      : flags.format === 'junit'
        ? report.junitReport(verdict, files)
        : report.textReport(verdict).join('\n');
  const watched = [
    layout.file ?? layout.dagsDir,
    layout.requirementsFile,
    ...(layout.pluginsDir ? [layout.pluginsDir] : []),
  ];
  return { verdict, exitCode, report: text, watched };
}

/** A path as the user sees it: relative to the working directory when inside it. */
function place(cwd: string, path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel.split('\\').join('/');
}

/** A reading with every file named relative to the working directory (editors and CI link those). */
function relocate<
  R extends {
    parsed: import('../../dags/dag-model.js').DagParseResult;
    files: readonly string[];
    ignored: readonly string[];
  },
>(r: R, cwd: string, dagsDir: string): R {
  const at = (f: string) => place(cwd, join(dagsDir, f));
  return {
    ...r,
    files: r.files.map(at),
    ignored: r.ignored.map(at),
    parsed: {
      dags: r.parsed.dags.map((d) => ({ ...d, relativeFileloc: at(d.relativeFileloc) })),
      importErrors: r.parsed.importErrors.map((e) => ({ ...e, filename: at(e.filename) })),
      ...(r.parsed.warnings ? { warnings: r.parsed.warnings.map((w) => ({ ...w, filename: at(w.filename) })) } : {}),
    },
  };
}

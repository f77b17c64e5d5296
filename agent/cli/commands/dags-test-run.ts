import { hostname } from 'node:os';
import type { CliContext } from '../cli-context.js';
import { DagTestUsageError } from './dags-test-input.js';

/** The flags of `mwaa-agent dags test`. */
export interface DagTestFlags {
  conf?: string;
  markSuccessPattern?: string;
  watch?: boolean;
}

/** What one `dags test` run ended with: the exit status, and the DAG file (for `--watch`). */
export interface DagTestOutcome {
  exitCode: number;
  dagFile: string | null;
}

/** Runs `body` with a signal that SIGINT/SIGTERM abort (the tasks are stopped); 130/143 then. */
export async function withStopSignals(body: (signal: AbortSignal) => Promise<DagTestOutcome>): Promise<number> {
  const stop = new AbortController();
  let code = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    code = sig === 'SIGINT' ? 130 : 143;
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const outcome = await body(stop.signal);
    return code || outcome.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * One `dags test` run: reads the DAG folder as the agent does, checks the input against the environment's
 * Airflow version (DagTestUsageError), runs the DAG and prints its task logs.
 */
export async function runDagTestOnce(
  ctx: CliContext,
  dagId: string,
  date: string | undefined,
  flags: DagTestFlags,
  signal?: AbortSignal,
): Promise<DagTestOutcome> {
  const [{ loadDags }, { verdictProfile }, input, { SystemClock }, { silentLogger }] = await Promise.all([
    import('./dag-loader.js'),
    import('../../requirements/requirements-verdict.js'),
    import('./dags-test-input.js'),
    import('../../core/clock.js'),
    import('../../core/logger.js'),
  ]);
  const { config, verdict, parsed } = await loadDags(ctx);
  const profile = verdictProfile(verdict);
  const clock = new SystemClock();
  const logicalDate = input.parseLogicalDate(date, profile.dagTest, clock.now());
  const conf = input.parseConf(flags.conf);
  const markSuccess = input.parseMarkSuccessPattern(flags.markSuccessPattern, profile.dagTest);
  const dag = parsed.dags.find((d) => d.dagId === dagId);
  if (!dag) throw new DagTestUsageError(dagNotFound(dagId, parsed, config.dagsDir));
  const [{ testDag }, { openTaskRuntime }] = await Promise.all([
    import('../../tasks/dag-test.js'),
    import('./task-runtime.js'),
  ]);
  const runtime = await openTaskRuntime(ctx, config, profile);
  try {
    const result = await testDag({
      clock,
      dag,
      logicalDate,
      conf,
      markSuccess,
      operators: runtime.operators,
      connections: runtime.connections,
      variables: runtime.variables,
      profile,
      dagsDir: config.dagsDir,
      stateDir: config.stateDir,
      env: ctx.env,
      hostname: hostname(),
      log: silentLogger(),
      out: (line) => ctx.out(line),
      signal,
    });
    if (result.state === 'success') return { exitCode: 0, dagFile: dag.fileloc };
    // A run stopped by a signal or by --watch (its file changed) did not fail: it was cut short.
    if (!signal?.aborted) ctx.err('DagRun failed');
    return { exitCode: 1, dagFile: dag.fileloc };
  } finally {
    await runtime.close();
  }
}

/** Airflow's text, then the DAG ids there are (and how to see why a file did not parse). */
function dagNotFound(
  dagId: string,
  parsed: { dags: readonly { dagId: string }[]; importErrors: readonly unknown[] },
  dagsDir: string,
): string {
  const ids = parsed.dags.map((d) => d.dagId).sort();
  const shown = ids.slice(0, 10).map((id) => `'${id}'`);
  const known = ids.length
    ? `DAGs in ${dagsDir}: ${shown.join(', ')}${ids.length > shown.length ? `, … (${ids.length} in all)` : ''}`
    : `no DAGs in ${dagsDir}`;
  const broken = parsed.importErrors.length
    ? `; ${parsed.importErrors.length} file(s) have import errors: mwaa-agent dags list-import-errors`
    : '';
  return `Dag '${dagId}' could not be found; either it does not exist or it failed to parse. ${known}${broken}`;
}

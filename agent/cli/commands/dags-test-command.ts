import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { DagTestUsageError } from './dags-test-input.js';
import type { DagTestFlags } from './dags-test-run.js';

/**
 * `mwaa-agent dags test <dag_id> [logical_date] [-c JSON] [--mark-success-pattern REGEX] [--watch]`: Airflow's
 * `dags test`: one whole DAG run in this process, task logs on stdout, exit status 1 when the run fails
 * (`DagRun failed` on stderr, as Airflow's SystemExit), 2 for bad input; nothing is recorded.
 */
export function registerDagsTestCommand(dags: Command, ctx: CliContext): void {
  dags
    .command('test')
    .description(
      'Execute one single DagRun for a given DAG and logical date, in the foreground: no scheduler, no API, nothing recorded; task logs on stdout',
    )
    .argument('<dag_id>', 'The id of the dag')
    .argument('[logical_date]', 'The logical date of the DAG (optional; default: now)')
    .option('-c, --conf <conf>', "JSON string that gets pickled into the DagRun's conf attribute")
    .option(
      '--mark-success-pattern <regex>',
      "Don't run task_ids matching the regex, mark them as successful instead (e.g. sensors or cleanup steps)",
    )
    .option('--watch', 'run again (clearing the screen) each time the DAG file changes; Ctrl-C stops')
    .action(async (dagId: string, date: string | undefined, flags: DagTestFlags) => {
      try {
        if (flags.watch) {
          const { watchDagTest } = await import('./dags-test-watch.js');
          ctx.exitCode = await watchDagTest(ctx, dagId, date, flags);
        } else {
          const { runDagTestOnce, withStopSignals } = await import('./dags-test-run.js');
          ctx.exitCode = await withStopSignals((signal) => runDagTestOnce(ctx, dagId, date, flags, signal));
        }
      } catch (e) {
        if (!(e instanceof DagTestUsageError)) throw e;
        ctx.err(`dags test: ${e.message}`);
        ctx.exitCode = 2;
      }
    });
}

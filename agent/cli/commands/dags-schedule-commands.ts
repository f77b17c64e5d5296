import type { Command } from 'commander';
import { AgentError } from '../../core/errors.js';
import type { CliContext } from '../cli-context.js';
import { loadDag } from './dag-loader.js';
import { withRunStore } from './store-access.js';

/** `dags next-execution <dag_id> [-n N]`, with Airflow's output (one logical date per line, `None` when none). */
export function registerDagsScheduleCommands(group: Command, ctx: CliContext): void {
  group
    .command('next-execution <dag_id>')
    .description(
      "Get the next logical datetimes of a DAG. It returns one execution for each line, or 'None' when there is none",
    )
    .option('-n, --num-executions <n>', 'The number of next logical date times to show', '1')
    .action(async (dagId: string, o: { numExecutions: string }) => {
      const n = Number(o.numExecutions);
      if (!Number.isInteger(n) || n < 1) {
        throw new AgentError(
          'CONFIG_INVALID',
          `dags next-execution: invalid value ${JSON.stringify(o.numExecutions)} for -n/--num-executions; expected an integer ≥ 1`,
        );
      }
      const dag = await loadDag(ctx, dagId);
      const { nextExecutions } = await import('../../schedule/next-executions.js');
      const { SystemClock } = await import('../../core/clock.js');
      const result = await withRunStore(ctx.config(), (store) =>
        nextExecutions(dag, store, new SystemClock().now(), n),
      );
      if (result.paused) ctx.err('[INFO] Please be reminded this DAG is PAUSED now.');
      for (const start of result.starts) {
        if (start === null)
          ctx.err("[WARN] No following schedule can be found. This DAG may have schedule interval '@once' or `None`.");
        ctx.out(start ?? 'None');
      }
    });
}

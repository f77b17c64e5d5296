import type { Command } from 'commander';
import { AgentError } from '../../core/errors.js';
import type { CliContext } from '../cli-context.js';
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from '../output.js';
import { withRunStore } from './store-access.js';

/** Airflow's `tasks states-for-dag-run`. */
export function registerTasksCommands(tasks: Command, ctx: CliContext): void {
  tasks
    .command('states-for-dag-run <dag_id> <run_id>')
    .description('Get the status of all task instances in a DAG run')
    .option('-o, --output <format>', `output format: ${OUTPUT_FORMATS.join(', ')}`, 'table')
    .action(async (dagId: string, runId: string, o: { output: OutputFormat }) => {
      if (!OUTPUT_FORMATS.includes(o.output)) {
        throw new AgentError(
          'CONFIG_INVALID',
          `argument -o/--output: invalid choice: '${o.output}' (choose from ${OUTPUT_FORMATS.map((f) => `'${f}'`).join(', ')})`,
        );
      }
      const { apiDate } = await import('../../api/api-date.js');
      const rows = await withRunStore(ctx.config(), (s) => {
        const run = s.getRun(dagId, runId);
        if (!run)
          throw new AgentError('DAG_RUN_NOT_FOUND', `DagRun does not exist for dag_id: ${dagId}, run_id: ${runId}`);
        return s.listTaskInstances(dagId, runId).map((ti) => ({
          dag_id: dagId,
          execution_date: apiDate(run.logicalDate),
          task_id: ti.taskId,
          state: ti.state,
          start_date: apiDate(ti.startDate) ?? '',
          end_date: apiDate(ti.endDate) ?? '',
        }));
      });
      ctx.out(formatRows(rows, ['dag_id', 'execution_date', 'task_id', 'state', 'start_date', 'end_date'], o.output));
    });
}

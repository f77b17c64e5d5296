import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { loadDag } from './dag-loader.js';

/** `mwaa-agent tasks test <dag_id> <task_id> [date]`: Airflow's `tasks test`, log on stdout, nothing recorded. */
export function registerTasksTestCommand(group: Command, ctx: CliContext): void {
  group
    .command('test')
    .description('Run one task instance without checking dependencies or recording its state; print its log')
    .argument('<dag_id>', 'The id of the dag')
    .argument('<task_id>', 'The id of the task')
    .argument('[execution_date_or_run_id]', 'The logical date of the DAG run (ISO 8601); defaults to now')
    .option('--conf <json>', 'JSON dag_run.conf overriding params')
    .action(async (dagId: string, taskId: string, date: string | undefined, flags: { conf?: string }) => {
      const cfg = ctx.config();
      const dag = await loadDag(ctx, dagId);
      const [{ SystemClock }, { loadRequirementsVerdict }, { verdictProfile }, { testTask }, { openTaskRuntime }] =
        await Promise.all([
          import('../../core/clock.js'),
          import('../../requirements/requirements-verdict-loader.js'),
          import('../../requirements/requirements-verdict.js'),
          import('../../tasks/test-task.js'),
          import('./task-runtime.js'),
        ]);
      const verdict = loadRequirementsVerdict({
        requirementsFile: join(cfg.requirementsDir, 'requirements.txt'),
        dagsDir: cfg.dagsDir,
        stateDir: cfg.stateDir,
        env: ctx.env,
      });
      const runtime = await openTaskRuntime(ctx, cfg, verdictProfile(verdict));
      try {
        const result = await testTask({
          clock: new SystemClock(),
          dag,
          taskId,
          logicalDate: date ?? null,
          conf: flags.conf ? (JSON.parse(flags.conf) as Record<string, unknown>) : {},
          operators: runtime.operators,
          connections: runtime.connections,
          profile: verdictProfile(verdict),
          dagsDir: cfg.dagsDir,
          stateDir: cfg.stateDir,
          env: ctx.env,
          variables: runtime.variables,
          hostname: hostname(),
          out: (line) => ctx.out(line.replace(/\n$/, '')),
        });
        if (result.state === 'failed' || result.state === 'up_for_retry') ctx.exitCode = 1;
      } finally {
        await runtime.close();
      }
    });
}

import { Command, CommanderError } from 'commander';
import { isAgentError } from '../core/errors.js';
import { processContext, type CliContext } from './cli-context.js';
import { registerRunCommand } from './commands/run-command.js';
import { registerStatusCommand } from './commands/status-command.js';
import { registerDagsCommands } from './commands/dags-commands.js';
import { registerDagsParseCommand } from './commands/dags-parse-command.js';
import { registerDagsScheduleCommands } from './commands/dags-schedule-commands.js';
import { registerDagsTestCommand } from './commands/dags-test-command.js';
import { registerTasksCommands } from './commands/tasks-commands.js';
import { registerTasksTestCommand } from './commands/tasks-test-command.js';
import { registerTasksLogsCommand } from './commands/tasks-logs-command.js';
import { registerConnectionsCommands } from './commands/connections-commands.js';
import { registerVariablesCommands } from './commands/variables-commands.js';
import { registerRequirementsCommands } from './commands/requirements-commands.js';
import { registerPluginsCommand } from './commands/plugins-command.js';
import { registerTestStartupScriptCommand } from './commands/test-startup-script-command.js';
import { registerCheckCommand } from './commands/check-command.js';

/**
 * Builds the CLI program; the only composition root. Command modules import only what their definitions need:
 * each action imports its own modules when it runs, so `--help` or `requirements check` does not load SQLite,
 * the AWS SDK, fastify or tree-sitter (test/integration/cli/startup-imports-process.test.ts, bench/cli/).
 */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('mwaa-agent')
    .description('A local Amazon MWAA environment: S3 dags/ mirror, static DAG parsing, SSHOperator tasks over SSH')
    .version(process.env.npm_package_version ?? '0.1.0')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.out(s.replace(/\n$/, '')),
      writeErr: (s) => ctx.err(s.replace(/\n$/, '')),
    });
  registerRunCommand(program, ctx);
  registerStatusCommand(program, ctx);
  const dags = program.command('dags').description('Manage and inspect DAGs');
  registerDagsCommands(dags, ctx);
  registerDagsParseCommand(dags, ctx);
  registerDagsScheduleCommands(dags, ctx);
  registerDagsTestCommand(dags, ctx);
  const tasks = program.command('tasks').description('Inspect and test task instances');
  registerTasksCommands(tasks, ctx);
  registerTasksTestCommand(tasks, ctx);
  registerTasksLogsCommand(tasks, ctx);
  registerConnectionsCommands(program.command('connections').description('Manage connections'), ctx);
  registerVariablesCommands(program.command('variables').description('Manage variables'), ctx);
  registerRequirementsCommands(
    program.command('requirements').description('Check requirements.txt as MWAA applies it'),
    ctx,
  );
  registerPluginsCommand(program, ctx);
  registerTestStartupScriptCommand(program, ctx);
  registerCheckCommand(program, ctx);
  for (const group of program.commands) group.exitOverride();
  return program;
}

/** Runs the CLI; resolves to the process exit code. */
export async function runCli(argv: string[], ctx: CliContext = processContext()): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (isAgentError(e)) {
      ctx.err(e.message);
      return 1;
    }
    ctx.err(`mwaa-agent: ${(e as Error)?.stack ?? String(e)}`);
    return 1;
  }
}

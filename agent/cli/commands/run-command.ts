import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { Config } from '../../core/config.js';
import { AIRFLOW_CONFIG_OPTION, CONFIG_FILE_OPTION, OPTIONS } from '../config.js';

/** `mwaa-agent run`: every option of the config schema as a flag (env MWAA_AGENT_* and --config also apply). */
export function registerRunCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('run')
    .description('Run the agent: mirror the bucket (or watch the DAG folder), parse, schedule and run DAGs');
  cmd.option(
    `${CONFIG_FILE_OPTION.flag} <file>`,
    `${CONFIG_FILE_OPTION.description} (keys as in the README option table)`,
  );
  for (const o of OPTIONS) {
    const placeholder = o.kind === 'boolean' ? '<true|false>' : `<${o.kind === 'number' ? 'n' : 'value'}>`;
    cmd.option(`${o.flag} ${placeholder}`, `${o.description} (env ${o.env.join(', ')})`);
  }
  cmd.option(
    `${AIRFLOW_CONFIG_OPTION.flag} <section.key=value>`,
    AIRFLOW_CONFIG_OPTION.description,
    (value: string, previous: string[] = []) => [...previous, value],
  );
  cmd.action(async (flags: Record<string, unknown>) => {
    const config = ctx.config(flags as Partial<Record<keyof Config, unknown>>);
    const { runAgent } = await import('./run-agent.js');
    await runAgent(config, ctx);
  });
}

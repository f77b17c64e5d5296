import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from '../output.js';

/**
 * `mwaa-agent plugins [-o table|json|yaml|plain]`: the Airflow plugins in the plugins folder, as `airflow
 * plugins` lists them, read statically. A plugin file Airflow would fail to import is reported on stderr.
 */
export function registerPluginsCommand(program: Command, ctx: CliContext): void {
  program
    .command('plugins')
    .description('List the Airflow plugins of the plugins folder (read statically, as `airflow plugins` shows them)')
    .addOption(new Option('-o, --output <format>', 'output format').choices([...OUTPUT_FORMATS]).default('table'))
    .option('--plugins-dir <dir>', "the plugins folder (default: the agent's, standing for /usr/local/airflow/plugins)")
    .action(async (flags: { output: OutputFormat; pluginsDir?: string }) => {
      const config = ctx.config({ pluginsDir: flags.pluginsDir });
      const [{ withConfigOverrides }, { readPlugins }, { isModuleAvailable }, loader, { verdictProfile }] =
        await Promise.all([
          import('../../airflow/airflow-facts.js'),
          import('../../dags/plugin-reader.js'),
          import('../../requirements/module-distribution.js'),
          import('../../requirements/requirements-verdict-loader.js'),
          import('../../requirements/requirements-verdict.js'),
        ]);
      const verdict = loader.loadRequirementsVerdict({
        requirementsFile: join(config.requirementsDir, 'requirements.txt'),
        dagsDir: config.dagsDir,
        pluginsDir: config.pluginsDir,
        stateDir: config.stateDir,
        env: ctx.env,
        airflowVersion: config.airflowVersion,
      });
      const profile = verdictProfile(verdict);
      const defaults = withConfigOverrides(profile.defaults, config);
      const { plugins, problems } = existsSync(config.pluginsDir)
        ? await readPlugins(config.pluginsDir, {
            attributes: profile.plugins.dumpedAttributes,
            ignoreSyntax: defaults.dagIgnoreFileSyntax,
            modulePaths: [config.dagsDir, config.pluginsDir],
            isModuleAvailable: (m) => isModuleAvailable(verdict, m),
            airflowVersion: verdict.airflowVersion,
          })
        : { plugins: [], problems: [] };
      for (const p of problems) {
        const where = `${join(config.pluginsDir, p.file)}${p.line ? `:${p.line}` : ''}`;
        // Airflow logs "Failed to import plugin <file>" for a plugin file whose import raises.
        if (p.kind === 'import-error') ctx.err(`Failed to import plugin ${where}: ${p.message}`);
        else ctx.err(`warning: ${where}: cannot evaluate ${p.message} statically`);
      }
      if (plugins.length === 0) {
        ctx.out('No plugins loaded');
        return;
      }
      const rows = plugins.map((p) => ({ name: p.name, ...p.attributes, source: p.source }));
      let columns = ['name', ...profile.plugins.dumpedAttributes];
      // `airflow plugins` drops the columns no plugin fills, in its table only.
      if (flags.output === 'table')
        columns = columns.filter((c) => rows.some((r) => isFilled((r as Record<string, unknown>)[c])));
      ctx.out(formatRows(rows, columns, flags.output));
    });
}

function isFilled(v: unknown): boolean {
  return Array.isArray(v) ? v.length > 0 : Boolean(v);
}

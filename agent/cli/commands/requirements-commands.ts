import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

interface CheckFlags {
  dagsDir?: string;
  pluginsDir?: string;
  stateDir?: string;
  output?: string;
  fetch?: boolean;
  airflowVersion?: string;
}

/**
 * `mwaa-agent requirements check [FILE] [--dags-dir DIR] [--output json] [--fetch]`: exit 0 when MWAA would
 * install the file, 1 otherwise. Offline unless `--fetch` is given.
 */
export function registerRequirementsCommands(group: Command, ctx: CliContext): void {
  group
    .command('check')
    .description('Check requirements.txt as MWAA would install it (offline; exit 1 on errors)')
    .argument('[file]', 'requirements file (default: <requirements-dir>/requirements.txt)')
    .option('--dags-dir <dir>', 'DAG folder that /usr/local/airflow/dags/ paths map to')
    .option('--plugins-dir <dir>', 'plugins folder that /usr/local/airflow/plugins maps to (--find-links wheels)')
    .option('--state-dir <dir>', 'state folder holding the constraints cache')
    .option('--output <format>', 'text (default) or json')
    .option('--fetch', 'download the constraints files first (10 s timeout) and cache them in the state folder')
    .option('--airflow-version <version>', "the environment's Airflow version (one of MWAA's)")
    .action(async (file: string | undefined, flags: CheckFlags) => {
      const config = ctx.config({
        dagsDir: flags.dagsDir,
        stateDir: flags.stateDir,
        pluginsDir: flags.pluginsDir,
        airflowVersion: flags.airflowVersion,
      });
      const requirementsFile = file ? resolve(ctx.cwd, file) : join(config.requirementsDir, 'requirements.txt');
      if (flags.output !== undefined && flags.output !== 'json' && flags.output !== 'text') {
        ctx.err(`--output must be text or json, got ${JSON.stringify(flags.output)}`);
        ctx.exitCode = 2;
        return;
      }
      // pip's words for a file given on the command line; without FILE, no file simply means no requirements.
      if (!existsSync(requirementsFile) && file) {
        ctx.err(`Could not open requirements file: [Errno 2] No such file or directory: '${file}'`);
        ctx.exitCode = 1;
        return;
      }
      const { loadRequirementsVerdict, refreshFindLinks } = await import(
        '../../requirements/requirements-verdict-loader.js'
      );
      const options = {
        requirementsFile,
        dagsDir: config.dagsDir,
        pluginsDir: config.pluginsDir,
        stateDir: config.stateDir,
        env: ctx.env,
        airflowVersion: config.airflowVersion,
      };
      const findLinks = await refreshFindLinks(options);
      const load = () => loadRequirementsVerdict({ ...options, findLinks });
      let verdict = load();
      if (!existsSync(requirementsFile))
        ctx.err(
          `no ${relative(ctx.cwd, requirementsFile)}: MWAA installs no requirements (Airflow ${verdict.airflowVersion} / Python ${verdict.pythonVersion} profile)`,
        );
      if (flags.fetch) {
        const { ConstraintsCache } = await import('../../requirements/constraints-cache.js');
        const { ConstraintsFetcher } = await import('../../requirements/constraints-fetcher.js');
        const fetcher = new ConstraintsFetcher({
          cache: new ConstraintsCache({ stateDir: config.stateDir }),
          fetch: globalThis.fetch,
        });
        for (const url of constraintUrls(verdict)) {
          const outcome = await fetcher.fetch(url);
          if (!outcome.ok) ctx.err(`warning: could not fetch constraints: ${outcome.reason}`);
        }
        verdict = load();
      }
      const { formatDiagnosticLines, formatSummaryLines, verdictJson } = await import(
        '../../requirements/requirements-report.js'
      );
      if (flags.output === 'json') ctx.out(JSON.stringify(verdictJson(verdict, requirementsFile, ctx.cwd)));
      else
        for (const line of [
          ...formatDiagnosticLines(verdict, ctx.cwd),
          ...formatSummaryLines(verdict, requirementsFile, existsSync(requirementsFile)),
        ])
          ctx.out(line);
      ctx.exitCode = verdict.ok ? 0 : 1;
    });
}

/** The constraints URLs worth fetching: the resolved one (URL or MWAA's default). */
function constraintUrls(verdict: { constraints: { source: string; resolved: string | null } }): string[] {
  const { source, resolved } = verdict.constraints;
  return (source === 'url' || source === 'default') && resolved && !resolved.includes('${') ? [resolved] : [];
}

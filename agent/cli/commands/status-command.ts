import { join } from 'node:path';
import type { Command } from 'commander';
import { AgentError } from '../../core/errors.js';
import { readMirrorStatus } from '../../mirror/mirror-status.js';
import { loadRequirementsVerdict } from '../../requirements/requirements-verdict-loader.js';
import type { CliContext } from '../cli-context.js';
import { withRunStore } from './store-access.js';

/** `mwaa-agent status`: mirror, requirements and run summary of the state folder (works while the agent runs). */
export function registerStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('Show the mirror, requirements and run state')
    .option('-o, --output <format>', 'json or text', 'text')
    .action(async (o: { output: string }) => {
      if (!['json', 'text'].includes(o.output))
        throw new AgentError(
          'CONFIG_INVALID',
          `argument -o/--output: invalid choice: '${o.output}' (choose from 'text', 'json')`,
        );
      const config = ctx.config();
      const mirror = await readMirrorStatus(config.stateDir);
      const verdict = loadRequirementsVerdict({
        requirementsFile: join(config.requirementsDir, 'requirements.txt'),
        dagsDir: config.dagsDir,
        stateDir: config.stateDir,
        env: ctx.env,
      });
      const runs = await withRunStore(config, (s) => {
        const byState: Record<string, number> = {};
        for (const r of s.listRuns(null).runs) byState[r.state] = (byState[r.state] ?? 0) + 1;
        return { dags: s.listDags().filter((d) => d.isActive).length, byState };
      });
      const status = {
        mode: config.bucket ? 's3' : 'local',
        bucket: config.bucket,
        dagsDir: config.dagsDir,
        stateDir: config.stateDir,
        mirror,
        requirements: {
          ok: verdict.ok,
          airflowVersion: verdict.airflowVersion,
          pythonVersion: verdict.pythonVersion,
          connectionTypes: verdict.connectionTypes,
          diagnostics: verdict.diagnostics,
        },
        dags: runs.dags,
        runs: runs.byState,
      };
      if (o.output === 'json') {
        ctx.out(JSON.stringify(status, null, 2));
        return;
      }
      const lines = [
        `mode:          ${status.mode}${config.bucket ? ` (s3://${config.bucket}/${config.dagsPrefix})` : ''}`,
        `dags folder:   ${config.dagsDir}`,
        `state folder:  ${config.stateDir}`,
        `last sync:     ${mirror?.lastSuccessfulSync ?? 'never'}`,
        `objects:       ${mirror?.objects ?? 0} (${mirror?.bytes ?? 0} bytes)`,
        `last error:    ${mirror?.lastError ?? 'none'}`,
        `requirements:  ${verdict.ok ? 'ok' : 'NOT installable'}; Airflow ${verdict.airflowVersion}, Python ${verdict.pythonVersion}; connection types: ${verdict.connectionTypes.join(', ')}`,
        ...verdict.diagnostics.map((d) => `  ${d.file}:${d.line ?? ''}: ${d.severity}: ${d.message}`),
        `dags:          ${runs.dags}`,
        `runs:          ${
          Object.entries(runs.byState)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ') || 'none'
        }`,
      ];
      ctx.out(lines.join('\n'));
    });
}

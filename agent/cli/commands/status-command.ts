import type { Command } from 'commander';
import { AgentError } from '../../core/errors.js';
import { readMirrorStatus } from '../../mirror/mirror-status.js';
import { readRunningAgent } from '../agent-record.js';
import type { CliContext } from '../cli-context.js';
import { withRunStore } from './store-access.js';

/**
 * `mwaa-agent status`: the agent running on the state folder, as it recorded itself (mode, bucket, endpoint,
 * poll interval, Airflow version and where it came from, API URL), then the mirror and run summary of the
 * folder. Never describes this command's own environment as if it were the agent's.
 */
export function registerStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('Show the running agent, its mirror and its runs')
    .option('-o, --output <format>', 'json or text', 'text')
    .action(async (o: { output: string }) => {
      if (!['json', 'text'].includes(o.output))
        throw new AgentError(
          'CONFIG_INVALID',
          `argument -o/--output: invalid choice: '${o.output}' (choose from 'text', 'json')`,
        );
      const config = ctx.config();
      const agent = await readRunningAgent(config.stateDir);
      const mirror = await readMirrorStatus(config.stateDir);
      const runs = await withRunStore(config, (s) => {
        const byState: Record<string, number> = {};
        for (const r of s.listRuns(null).runs) byState[r.state] = (byState[r.state] ?? 0) + 1;
        return { dags: s.listDags().filter((d) => d.isActive).length, byState };
      });
      if (o.output === 'json') {
        ctx.out(
          JSON.stringify(
            {
              running: agent !== null,
              pid: agent?.pid ?? null,
              mode: agent?.mode ?? null,
              bucket: agent?.bucket ?? null,
              dagsPrefix: agent?.dagsPrefix ?? null,
              endpointUrl: agent?.endpointUrl ?? null,
              region: agent?.region ?? null,
              pollInterval: agent?.pollInterval ?? null,
              airflowVersion: agent?.airflowVersion ?? null,
              pythonVersion: agent?.pythonVersion ?? null,
              airflowVersionSource: agent?.airflowVersionSource ?? null,
              connectionTypes: agent?.connectionTypes ?? null,
              apiUrl: agent?.apiUrl ?? null,
              startedAt: agent?.startedAt ?? null,
              dagsDir: agent?.dagsDir ?? config.dagsDir,
              stateDir: config.stateDir,
              mirror,
              dags: runs.dags,
              runs: runs.byState,
            },
            null,
            2,
          ),
        );
        return;
      }
      const lines = agent
        ? [
            `agent:         running (pid ${agent.pid}, since ${agent.startedAt})`,
            `mode:          ${agent.mode}${agent.bucket ? ` (s3://${agent.bucket}/${agent.dagsPrefix})` : ` (watching ${agent.dagsDir})`}`,
            ...(agent.mode === 's3'
              ? [
                  `endpoint:      ${agent.endpointUrl ?? `AWS S3 (${agent.region})`}`,
                  `poll interval: ${agent.pollInterval} s`,
                ]
              : []),
            `airflow:       ${agent.airflowVersion} (Python ${agent.pythonVersion}), from ${agent.airflowVersionSource}`,
            `conn types:    ${agent.connectionTypes.join(', ')}`,
            `api:           ${agent.apiUrl}`,
          ]
        : [`no agent running on this state folder (${config.stateDir})`];
      lines.push(
        `state folder:  ${config.stateDir}`,
        `last sync:     ${mirror?.lastSuccessfulSync ?? 'never'}`,
        `objects:       ${mirror?.objects ?? 0} (${mirror?.bytes ?? 0} bytes)`,
        `last error:    ${mirror?.lastError ?? 'none'}`,
        `dags:          ${runs.dags}`,
        `runs:          ${
          Object.entries(runs.byState)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ') || 'none'
        }`,
      );
      ctx.out(lines.join('\n'));
    });
}

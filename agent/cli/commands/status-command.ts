import type { Command } from 'commander';
import { AgentError } from '../../core/errors.js';
import type { OptionReport } from '../../airflow/airflow-options.js';
import type { StartupScriptReport } from '../../app/mwaa-environment.js';
import type { CliContext } from '../cli-context.js';
import { READY_PATH } from '../../api/readiness.js';
import { type StartupReport, startupInWords } from '../../core/startup-progress.js';
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
      const { readRunningAgent } = await import('../agent-record.js');
      const { readMirrorStatus } = await import('../../mirror/mirror-status.js');
      const agent = await readRunningAgent(config.stateDir);
      const startup = agent?.apiUrl ? await askStartup(agent.apiUrl) : null;
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
              apiUrl: agent?.apiUrl || null,
              mwaaApiUrl: agent?.mwaaApiUrl ?? null,
              mwaaEnvironment: agent?.mwaaEnvironment ?? null,
              pluginsDir: agent?.pluginsDir ?? config.pluginsDir,
              startupScript: agent?.startupScript ?? null,
              airflowOptions: agent?.airflowOptions ?? [],
              secretsNotes: agent?.secretsNotes ?? [],
              startedAt: agent?.startedAt ?? null,
              startup,
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
            startup && !startup.ready
              ? `agent:         starting (pid ${agent.pid}, since ${startup.started_at}): ${startupInWords(startup)}; the API answers 503 until it is done`
              : `agent:         running (pid ${agent.pid}, since ${agent.startedAt})`,
            `mode:          ${agent.mode}${agent.bucket ? ` (s3://${agent.bucket}/${agent.dagsPrefix})` : ` (watching ${agent.dagsDir})`}`,
            ...(agent.mode === 's3'
              ? [
                  `endpoint:      ${agent.endpointUrl ?? `AWS S3 (${agent.region})`}`,
                  `poll interval: ${agent.pollInterval} s`,
                ]
              : []),
            ...(agent.mwaaApiUrl
              ? [
                  `mwaa api:      ${agent.mwaaApiUrl} (${agent.mwaaEnvironment ? `environment ${agent.mwaaEnvironment.name}: ${agent.mwaaEnvironment.status}` : 'no environment yet: aws mwaa create-environment'})`,
                ]
              : []),
            ...(agent.airflowVersion
              ? [
                  `airflow:       ${agent.airflowVersion} (Python ${agent.pythonVersion}), from ${agent.airflowVersionSource}`,
                  `conn types:    ${agent.connectionTypes.join(', ')}`,
                  `api:           ${agent.apiUrl}`,
                ]
              : []),
            ...startupLines(agent.startupScript ?? null),
            ...optionLines(agent.airflowOptions ?? []),
            ...(agent.secretsNotes ?? []).map((n) => `secrets:       ${n}`),
          ]
        : [`no agent running on this state folder (${config.stateDir})`];
      lines.push(
        `state folder:  ${config.stateDir}`,
        `last sync:     ${mirror?.lastSuccessfulSync ?? 'never'}`,
        `objects:       ${mirror?.objects ?? 0} (${mirror?.bytes ?? 0} bytes)`,
        `last error:    ${mirror?.lastError ?? 'none'}`,
        ...(mirror?.requirementsError ? [`requirements:  ${mirror.requirementsError}`] : []),
        ...(mirror?.pluginsError ? [`plugins.zip:   ${mirror.pluginsError}`] : []),
        ...(mirror?.startupScriptError ? [`startup.sh:    ${mirror.startupScriptError}`] : []),
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

/** The running agent's start, from its readiness endpoint (no credentials needed); null when it does not answer. */
async function askStartup(apiUrl: string): Promise<StartupReport | null> {
  try {
    const res = await fetch(new URL(READY_PATH, apiUrl), { signal: AbortSignal.timeout(2_000) });
    return (await res.json()) as StartupReport;
  } catch {
    return null;
  }
}

/** The startup script's run: how it ended, what it exported (names), what was refused, its last lines. */
function startupLines(s: StartupScriptReport | null): string[] {
  if (!s) return ['startup script: none ran'];
  const ended = s.timedOut
    ? `timed out after ${Math.round(s.durationMs / 1000)} s; its exports were not applied`
    : s.signal
      ? `ended by ${s.signal}`
      : `exit status ${s.exitCode}`;
  const lines = [
    `startup script: ${s.source}: ${ended} (${s.durationMs} ms, ${s.outputBytes} bytes of output)`,
    `  exported:    ${s.exported.length ? s.exported.join(', ') : 'nothing'}`,
    ...s.refused.map((r) => `  refused:     ${r.name}: ${r.reason}`),
  ];
  const tail = s.outputTail.trimEnd().split('\n').slice(-10);
  if (tail.length && tail[0] !== '') lines.push('  last output:', ...tail.map((l) => `    ${l}`));
  return lines;
}

/** Airflow options by outcome; ignored ones are listed so users see what has no effect here. */
function optionLines(reports: OptionReport[]): string[] {
  const lines: string[] = [];
  for (const outcome of ['honoured', 'ignored', 'refused'] as const) {
    const these = reports.filter((r) => r.outcome === outcome);
    if (these.length === 0) continue;
    const label = outcome === 'ignored' ? 'accepted, ignored' : outcome;
    lines.push(`airflow options ${label}:`);
    for (const r of these) lines.push(`  ${r.key} (${r.source}): ${r.detail}`);
  }
  return lines;
}

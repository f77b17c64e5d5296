import { existsSync } from 'node:fs';
import type { AirflowProfile } from '../airflow/airflow-profile.js';
import {
  givenOptions,
  optionsAsEnvironment,
  type OptionReport,
  type ResolvedOptions,
  resolveAirflowOptions,
} from '../airflow/airflow-options.js';
import type { Config } from '../core/config.js';
import { AgentError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { startupScriptProtectedNames } from '../tasks/startup-protected-names.js';
import { runStartupScript } from '../tasks/startup-script.js';
import { taskEnvironment } from '../tasks/task-environment.js';

/** What the startup script did at this start, as `status` shows it (variable names only, never values). */
export interface StartupScriptReport {
  /** The bucket object the script came from. */
  source: string;
  startedAt: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  exported: string[];
  refused: { name: string; reason: string }[];
  /** The end of its output (up to 4 KiB). */
  outputTail: string;
  outputBytes: number;
}

const TAIL_BYTES = 4096;

/**
 * Runs the startup script as MWAA does before Airflow starts: bash, MWAA's time limit, output to the agent
 * log line by line (bounded), a failure reported and the environment started anyway. Returns its exports
 * (the protected ones already refused) and a report, or null when there is no script.
 */
export async function runStartupScriptAtStart(o: {
  config: Readonly<Config>;
  env: NodeJS.ProcessEnv;
  profile: AirflowProfile;
  script: string | null;
  source: string;
  log: Logger;
  signal?: AbortSignal;
}): Promise<{ exports: Record<string, string>; report: StartupScriptReport } | null> {
  if (!o.script || !existsSync(o.script)) return null;
  const startedAt = new Date().toISOString();
  o.log.info({ s3Key: o.source }, 'running the startup script');
  const result = await runStartupScript({
    script: o.script,
    env: taskEnvironment(o.env),
    protectedNames: startupScriptProtectedNames(o.profile.configOptions),
    timeoutMs: o.config.startupScriptTimeout * 1000,
    onLine: (line, stream) => o.log.info({ stream, s3Key: o.source }, line),
    signal: o.signal,
  });
  const exported = Object.keys(result.exported).sort();
  const report: StartupScriptReport = {
    source: o.source,
    startedAt,
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut: result.timedOut,
    durationMs: result.durationMs,
    exported,
    refused: result.refused,
    outputTail: result.output.slice(-TAIL_BYTES),
    outputBytes: result.outputBytes,
  };
  const fields = { s3Key: o.source, exitCode: result.exitCode, durationMs: result.durationMs, exported };
  if (result.timedOut)
    o.log.error(
      fields,
      `startup script ${o.source} did not finish in ${o.config.startupScriptTimeout} s and was stopped; its exports do not apply and the environment starts without them`,
    );
  else if (result.exitCode !== 0)
    o.log.error(fields, `startup script ${o.source} failed (${statusText(result)}); the environment starts anyway`);
  else o.log.info(fields, `startup script ${o.source} finished in ${result.durationMs} ms`);
  for (const r of result.refused) o.log.warn({ s3Key: o.source, variable: r.name }, `${r.name}: ${r.reason}`);
  return { exports: result.exported, report };
}

function statusText(r: { exitCode: number | null; signal: string | null }): string {
  return r.signal ? `ended by ${r.signal}` : `exit status ${r.exitCode}`;
}

/** The environment the stages see, and the Airflow options in effect. */
export interface ResolvedEnvironment {
  /** The agent's environment with the startup script's exports and the options' `AIRFLOW__…` variables. */
  env: NodeJS.ProcessEnv;
  options: ResolvedOptions;
}

/**
 * MWAA's order (`setup_environment.py`): the environment, the startup script's exports, then the
 * configuration options; options MWAA sets itself are refused. A refused configuration option stops the
 * start, as the MWAA API refuses the environment; refused variables are only reported.
 */
export function resolveEnvironment(
  config: Readonly<Config>,
  env: NodeJS.ProcessEnv,
  exports: Readonly<Record<string, string>>,
  profile: AirflowProfile,
  log: Logger,
): ResolvedEnvironment {
  const options = resolveAirflowOptions(givenOptions(config, exports), profile.configOptions);
  const refused = options.reports.filter((r) => r.outcome === 'refused' && r.source === 'configuration options');
  if (refused.length > 0)
    throw new AgentError(
      'CONFIG_INVALID',
      `Airflow configuration options refused: ${refused.map((r) => `${r.key}: ${r.detail}`).join('; ')}`,
    );
  for (const r of options.reports) logReport(r, log);
  return {
    env: { ...env, ...exports, ...optionsAsEnvironment(config.airflowConfigurationOptions) },
    options,
  };
}

function logReport(r: OptionReport, log: Logger): void {
  const fields = { option: r.key, source: r.source };
  if (r.outcome === 'refused') log.warn(fields, `Airflow option ${r.key} (${r.source}) refused: ${r.detail}`);
  else if (r.outcome === 'ignored')
    log.info(fields, `Airflow option ${r.key} (${r.source}) accepted, ignored: ${r.detail}`);
  else log.debug(fields, `Airflow option ${r.key} (${r.source}): ${r.detail}`);
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigDefaults } from '../../airflow/airflow-facts.js';
import { AgentError } from '../../core/errors.js';
import type { DagParseResult, DagSpec } from '../../dags/dag-model.js';
import type { VariableAnswer } from '../../dags/parse-variables.js';
import type { RequirementsVerdict } from '../../requirements/requirements-verdict.js';
import type { CliContext } from '../cli-context.js';
import type { Config } from '../../core/config.js';

export interface LoadedDags {
  config: Readonly<Config>;
  verdict: RequirementsVerdict;
  /** The verdict's Airflow defaults with the user's configuration over them. */
  defaults: ConfigDefaults;
  parsed: DagParseResult;
}

/**
 * What CLI commands see of the DAG folder: the same static parse the running agent does, with the same
 * requirements verdict. Parsing is fast enough to do per command, so commands work with or without a
 * running agent.
 */
export async function loadDags(
  ctx: CliContext,
  flags: Partial<Record<keyof Config, unknown>> = {},
): Promise<LoadedDags> {
  const config = ctx.config(flags);
  if (!existsSync(config.dagsDir)) {
    throw new AgentError(
      'DAG_NOT_FOUND',
      `DAG folder ${config.dagsDir} does not exist: start the agent (it creates and fills it) or set MWAA_AGENT_DAGS_DIR / --dags-dir to your DAG folder`,
    );
  }
  // The reader (tree-sitter) and the requirements rules load only for the commands that read DAGs.
  const [
    { withConfigOverrides },
    { SystemClock },
    { parseDagFolder },
    { isModuleAvailable },
    loader,
    { verdictProfile },
  ] = await Promise.all([
    import('../../airflow/airflow-facts.js'),
    import('../../core/clock.js'),
    import('../../dags/dag-folder-parser.js'),
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
  const defaults = withConfigOverrides(verdictProfile(verdict).defaults, config);
  const variables = lazyVariables(ctx, config, verdict);
  const parsed = await parseDagFolder(config.dagsDir, {
    readVariable: (key) => variables.read(key),
    airflowVersion: verdict.airflowVersion,
    ignoreSyntax: defaults.dagIgnoreFileSyntax,
    safeMode: defaults.dagDiscoverySafeMode,
    catchupByDefault: defaults.catchupByDefault,
    maxActiveRunsPerDag: defaults.maxActiveRunsPerDag,
    maxActiveTasksPerDag: defaults.maxActiveTasksPerDag,
    modulePaths: [config.dagsDir, config.pluginsDir],
    createCronDataIntervals: defaults.createCronDataIntervals,
    isModuleAvailable: (m) => isModuleAvailable(verdict, m),
    clock: new SystemClock(),
  }).finally(() => variables.close());
  return { config, verdict, defaults, parsed };
}

/**
 * `Variable.get` while a DAG file is parsed, as the agent answers it (secrets backend, `AIRFLOW_VAR_*`, the
 * store). The state database and the backend are opened only when a file reads a variable, so commands on
 * folders that read none load no SQLite.
 */
function lazyVariables(ctx: CliContext, config: Readonly<Config>, verdict: RequirementsVerdict) {
  let opened: Promise<{ find(key: string): Promise<VariableAnswer>; close(): void }> | null = null;
  const open = async () => {
    const [{ openStateSecrets }, { cliLookups }, { verdictProfile }, { answersFrom }] = await Promise.all([
      import('../../state/state-secrets.js'),
      import('./secrets-lookups.js'),
      import('../../requirements/requirements-verdict.js'),
      import('../../dags/parse-variables.js'),
    ]);
    const state = await openStateSecrets({
      stateDir: config.stateDir,
      fernetKey: config.fernetKey,
      stateUrl: config.stateUrl,
    });
    const lookups = cliLookups(ctx, config, verdictProfile(verdict), state);
    return {
      find: answersFrom(lookups.variables),
      close: () => {
        lookups.close();
        state.close();
      },
    };
  };
  return {
    async read(key: string): Promise<VariableAnswer> {
      opened ??= open();
      return (await opened).find(key);
    },
    async close(): Promise<void> {
      if (opened) (await opened.catch(() => null))?.close();
    },
  };
}

/** The parsed DAG `dagId`. */
export async function loadDag(ctx: CliContext, dagId: string): Promise<DagSpec> {
  return (await loadDagContext(ctx, dagId)).dag;
}

/** The parsed DAG `dagId` with the configuration and requirements it was parsed under, or AgentError DAG_NOT_FOUND. */
export async function loadDagContext(
  ctx: CliContext,
  dagId: string,
  flags: Partial<Record<keyof Config, unknown>> = {},
): Promise<LoadedDags & { dag: DagSpec }> {
  const loaded = await loadDags(ctx, flags);
  const dag = loaded.parsed.dags.find((d) => d.dagId === dagId);
  if (!dag) {
    const broken = loaded.parsed.importErrors.length
      ? ` (${loaded.parsed.importErrors.length} file(s) have import errors: mwaa-agent dags list-import-errors)`
      : '';
    throw new AgentError(
      'DAG_NOT_FOUND',
      `Dag '${dagId}' could not be found; either it does not exist or it failed to parse.${broken}`,
    );
  }
  return { ...loaded, dag };
}

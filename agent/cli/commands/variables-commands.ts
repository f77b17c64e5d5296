import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { AgentError } from '../../core/errors.js';
import { variableFromEnv, VAR_ENV_PREFIX } from '../../connections/env-connections.js';
import { pyJsonDumps } from '../../python/json-dumps.js';
import { pyRepr } from '../../python/repr.js';
import type { SecretsState } from '../../connections/secrets-database.js';
import { join } from 'node:path';
import type { CliContext } from '../cli-context.js';
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from '../output.js';

interface StateFlags {
  stateDir?: string;
}

function withStateDir(cmd: Command): Command {
  return cmd.option('--state-dir <dir>', 'state folder (env MWAA_AGENT_STATE_DIR)');
}

async function withState<T>(ctx: CliContext, flags: StateFlags, use: (state: SecretsState) => T): Promise<T> {
  const cfg = ctx.config({ stateDir: flags.stateDir });
  const { openStateSecrets } = await import('../../state/state-secrets.js');
  const state = await openStateSecrets({ stateDir: cfg.stateDir, fernetKey: cfg.fernetKey, stateUrl: cfg.stateUrl });
  try {
    return use(state);
  } finally {
    state.close();
  }
}

function fail(message: string): never {
  throw new AgentError('VARIABLE_NOT_FOUND', message);
}

/** Airflow's `Variable.set` value: `json.dumps(value, indent=2)` with `--json`, else the text. */
function storedValue(value: unknown, serializeJson: boolean): string {
  return serializeJson ? pyJsonDumps(value, 2) : String(value);
}

/** Airflow 2.7+'s `check_for_write_conflict` warning when AIRFLOW_VAR_<KEY> shadows the stored value. */
function warnIfShadowed(ctx: CliContext, key: string): void {
  if (variableFromEnv(ctx.env, key) === null) return;
  ctx.err(
    `The variable ${key} is defined in the EnvironmentVariablesBackend secrets backend, which takes precedence over ` +
      'reading from the database. The value in the database will be updated, but to read it you have to delete the ' +
      `conflicting variable from EnvironmentVariablesBackend (${VAR_ENV_PREFIX}${key.toUpperCase()})`,
  );
}

function registerReadCommands(group: Command, ctx: CliContext): void {
  withStateDir(group.command('get <key>'))
    .description('Get a variable (the secrets backend, environment AIRFLOW_VAR_*, then the store)')
    .option('-d, --default <value>', 'default value returned if the variable does not exist')
    .option('-j, --json', 'deserialize JSON variable', false)
    .action(async (key: string, o: StateFlags & { default?: string; json: boolean }) => {
      const cfg = ctx.config({ stateDir: o.stateDir });
      const { openStateSecrets } = await import('../../state/state-secrets.js');
      const { loadRequirementsVerdict } = await import('../../requirements/requirements-verdict-loader.js');
      const { verdictProfile } = await import('../../requirements/requirements-verdict.js');
      const { cliLookups } = await import('./secrets-lookups.js');
      const state = await openStateSecrets({
        stateDir: cfg.stateDir,
        fernetKey: cfg.fernetKey,
        stateUrl: cfg.stateUrl,
      });
      let value: string | null;
      try {
        const verdict = loadRequirementsVerdict({
          requirementsFile: join(cfg.requirementsDir, 'requirements.txt'),
          dagsDir: cfg.dagsDir,
          stateDir: cfg.stateDir,
          env: ctx.env,
        });
        const lookups = cliLookups(ctx, cfg, verdictProfile(verdict), state);
        try {
          value = await lookups.variables.find(key);
        } finally {
          lookups.close();
        }
      } finally {
        state.close();
      }
      if (value === null) {
        if (o.default === undefined) fail(`Variable ${key} does not exist`);
        ctx.out(o.default);
        return;
      }
      if (!o.json) return ctx.out(value);
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch (e) {
        throw new AgentError('TEMPLATE_ERROR', (e as Error).message);
      }
      ctx.out(typeof parsed === 'string' ? parsed : pyRepr(parsed));
    });

  withStateDir(group.command('list'))
    .description('List the stored variables (not AIRFLOW_VAR_* ones)')
    .addOption(
      new Option('-o, --output <format>', 'output format').choices(OUTPUT_FORMATS as string[]).default('table'),
    )
    .action(async (o: StateFlags & { output: OutputFormat }) => {
      const rows = await withState(ctx, o, (state) => state.variables.list().map((v) => ({ key: v.key })));
      ctx.out(formatRows(rows, ['key'], o.output));
    });

  withStateDir(group.command('export <file>'))
    .description('Export the stored variables to a JSON file (or stdout with "-")')
    .action(async (file: string, o: StateFlags) => {
      const vars = await withState(ctx, o, (state) => state.variables.list());
      const dict: Record<string, unknown> = {};
      for (const v of [...vars].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
        try {
          dict[v.key] = JSON.parse(v.val ?? '');
        } catch {
          dict[v.key] = v.val;
        }
      }
      const text = pyJsonDumps(dict, 4);
      if (file === '-') ctx.out(text);
      else writeFileSync(file, text, { mode: 0o600 });
      ctx.err(`${vars.length} Variables successfully exported to ${file === '-' ? '<stdout>' : file}`);
    });
}

function registerWriteCommands(group: Command, ctx: CliContext): void {
  withStateDir(group.command('set <key> <value>'))
    .description('Set a variable')
    .option('--description <text>', 'variable description')
    .option('-j, --json', 'serialize JSON variable', false)
    .action(async (key: string, value: string, o: StateFlags & { description?: string; json: boolean }) => {
      warnIfShadowed(ctx, key);
      await withState(ctx, o, (state) => state.variables.set(key, storedValue(value, o.json), o.description ?? null));
      ctx.out(`Variable ${key} created`);
    });

  withStateDir(group.command('delete <key>'))
    .description('Delete a variable')
    .action(async (key: string, o: StateFlags) => {
      await withState(ctx, o, (state) => state.variables.delete(key));
      ctx.out(`Variable ${key} deleted`);
    });

  withStateDir(group.command('import <file>'))
    .description('Import variables from a JSON file')
    .addOption(
      new Option('-a, --action-on-existing-key <action>', 'action to take if an existing variable is encountered')
        .choices(['overwrite', 'fail', 'skip'])
        .default('overwrite'),
    )
    .action(async (file: string, o: StateFlags & { actionOnExistingKey: 'overwrite' | 'fail' | 'skip' }) => {
      if (!existsSync(file)) fail('Missing variables file.');
      let vars: unknown;
      try {
        vars = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        fail('Invalid variables file.');
      }
      if (vars === null || typeof vars !== 'object' || Array.isArray(vars)) fail('Invalid variables file.');
      await importVariables(ctx, o, vars as Record<string, unknown>);
    });
}

async function importVariables(
  ctx: CliContext,
  o: StateFlags & { actionOnExistingKey: string },
  vars: Record<string, unknown>,
): Promise<void> {
  const entries = Object.entries(vars);
  await withState(ctx, o, (state) => {
    const existing = new Set(
      entries.map(([k]) => k).filter((k) => o.actionOnExistingKey !== 'overwrite' && state.variables.get(k)),
    );
    if (o.actionOnExistingKey === 'fail' && existing.size > 0) {
      fail(
        `Failed. These keys: [${[...existing]
          .sort()
          .map((k) => `'${k}'`)
          .join(', ')}] already exists.`,
      );
    }
    let done = 0;
    const skipped: string[] = [];
    for (const [key, value] of entries) {
      if (o.actionOnExistingKey === 'skip' && existing.has(key)) {
        skipped.push(key);
        continue;
      }
      state.variables.set(key, storedValue(value, typeof value !== 'string'));
      done++;
    }
    ctx.out(`${done} of ${entries.length} variables successfully updated.`);
    if (skipped.length > 0) {
      ctx.out(
        `The variables with these keys: [${skipped
          .sort()
          .map((k) => `'${k}'`)
          .join(', ')}] were skipped because they already exists`,
      );
    }
  });
}

/** `mwaa-agent variables set|get|list|delete|import|export`, with Airflow's flags and messages. */
export function registerVariablesCommands(group: Command, ctx: CliContext): void {
  registerReadCommands(group, ctx);
  registerWriteCommands(group, ctx);
}

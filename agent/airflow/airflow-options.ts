import type { ConfigOptionFacts, ConfigOverrides } from './airflow-facts.js';

/**
 * Airflow configuration options (`section.key` → value, MWAA's `AirflowConfigurationOptions`) and what the
 * agent makes of them: the options it has a meaning for become settings, options MWAA sets itself are
 * refused, the rest are accepted and ignored. Pure: the layers come from cli/ (options, environment) and
 * the startup script.
 */

/** Where an option's value came from, lowest precedence first (MWAA's `setup_environment.py` order). */
export type OptionSource = 'environment' | 'startup script' | 'configuration options';

/** An option as given: `section.key` in lower case, the value as text. */
export interface GivenOption {
  key: string;
  value: string;
  source: OptionSource;
}

type Kind =
  | { type: 'bool' }
  | { type: 'int'; min: number }
  | { type: 'float'; above: number }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'text' }
  | { type: 'json-object' };

interface Meaning {
  kind: Kind;
  /** What the agent does with it, for `status`. */
  effect: string;
}

/** Every option mwaa-agent has a meaning for. */
export const HONOURED_OPTIONS: Readonly<Record<string, Meaning>> = {
  'core.dags_are_paused_at_creation': { kind: { type: 'bool' }, effect: 'new DAGs start paused' },
  'core.dag_ignore_file_syntax': {
    kind: { type: 'enum', values: ['regexp', 'glob'] },
    effect: '.airflowignore pattern syntax',
  },
  'core.dag_discovery_safe_mode': {
    kind: { type: 'bool' },
    effect: 'only files containing "airflow" and "dag" are read',
  },
  'core.parallelism': { kind: { type: 'int', min: 1 }, effect: 'task instances running at once' },
  'core.max_active_runs_per_dag': { kind: { type: 'int', min: 1 }, effect: "a DAG's default max_active_runs" },
  'core.max_active_tasks_per_dag': { kind: { type: 'int', min: 1 }, effect: "a DAG's default max_active_tasks" },
  'core.dagbag_import_timeout': {
    kind: { type: 'float', above: 0 },
    effect: 'seconds one DAG file may take to read',
  },
  'core.killed_task_cleanup_time': {
    kind: { type: 'int', min: 0 },
    effect: "seconds a stopped task's processes get between SIGTERM and SIGKILL",
  },
  'core.max_map_length': {
    kind: { type: 'int', min: 0 },
    effect: 'the most items a value pushed for mapped tasks may have',
  },
  'core.sensitive_var_conn_names': { kind: { type: 'text' }, effect: 'more names whose values are masked' },
  'scheduler.catchup_by_default': { kind: { type: 'bool' }, effect: "a DAG's default catchup" },
  'scheduler.scheduler_health_check_threshold': {
    kind: { type: 'int', min: 1 },
    effect: 'seconds without a heartbeat after which an agent sharing the database counts as dead',
  },
  'scheduler.orphaned_tasks_check_interval': {
    kind: { type: 'float', above: 0 },
    effect: "seconds between looks for dead agents' task instances",
  },
  'triggerer.triggerer_health_check_threshold': {
    kind: { type: 'float', above: 0 },
    effect: "seconds without a heartbeat after which another agent sharing the database takes over an agent's triggers",
  },
  'secrets.backend': { kind: { type: 'text' }, effect: 'the secrets backend connections and variables come from' },
  'secrets.backend_kwargs': { kind: { type: 'json-object' }, effect: "the secrets backend's arguments" },
};

/** The settings the honoured options make, beyond the defaults of {@link ConfigOverrides}. */
export interface AirflowOptionSettings {
  overrides: ConfigOverrides;
  /** `[secrets] backend`: a class path, or null for none. */
  secretsBackend: string | null;
  /** `[secrets] backend_kwargs`, parsed; null when not given. */
  secretsBackendKwargs: Record<string, unknown> | null;
  /** `[core] sensitive_var_conn_names`, split and trimmed. */
  sensitiveNames: string[];
}

/** What happened to one given option, for `status` and the agent log (never its value: it may be a secret). */
export interface OptionReport {
  key: string;
  source: OptionSource | 'MWAA default';
  outcome: 'honoured' | 'ignored' | 'refused';
  /** What it controls (honoured), why it is refused, or what replaced it. */
  detail: string;
}

export interface ResolvedOptions {
  settings: AirflowOptionSettings;
  reports: OptionReport[];
}

/**
 * Merges the layers (MWAA's defaults < environment < startup script < configuration options, as MWAA's
 * image does) and reads the options the agent has a meaning for. A value Airflow could not read (a bool
 * that is not one) and an option MWAA sets itself are refused, with Airflow's text where it has one.
 */
export function resolveAirflowOptions(given: readonly GivenOption[], facts: ConfigOptionFacts): ResolvedOptions {
  const reports: OptionReport[] = [];
  const winners = new Map<string, GivenOption | { key: string; value: string; source: 'MWAA default' }>();
  for (const [key, value] of Object.entries(facts.mwaaDefaults))
    winners.set(key, { key, value, source: 'MWAA default' });
  const order: OptionSource[] = ['environment', 'startup script', 'configuration options'];
  const sorted = [...given].sort((a, b) => order.indexOf(a.source) - order.indexOf(b.source));
  const essential = new Set(facts.mwaaEssential);
  const renamed = new Map(Object.entries(facts.deprecatedNames).map(([current, old]) => [old, current]));
  for (const option of sorted) {
    const key = renamed.get(option.key) ?? option.key;
    if (essential.has(key)) {
      reports.push({ ...base(option), outcome: 'refused', detail: essentialText(key) });
      continue;
    }
    const previous = winners.get(key);
    if (previous && previous.source !== 'MWAA default') {
      const index = reports.findIndex((r) => r.key === previous.key && r.source === previous.source);
      if (index >= 0) reports.splice(index, 1);
      reports.push({
        ...base(previous),
        outcome: 'ignored',
        detail: `replaced by ${option.key} from ${option.source}`,
      });
    }
    winners.set(key, { ...option, key });
  }
  const settings: AirflowOptionSettings = {
    overrides: {},
    secretsBackend: null,
    secretsBackendKwargs: null,
    sensitiveNames: [],
  };
  for (const [key, option] of winners) {
    const meaning = HONOURED_OPTIONS[key];
    if (!meaning) {
      if (option.source !== 'MWAA default')
        reports.push({ ...base(option), outcome: 'ignored', detail: 'mwaa-agent has no meaning for it' });
      continue;
    }
    const read = readValue(key, option.value, meaning.kind);
    if (!read.ok) {
      reports.push({ ...base(option), outcome: 'refused', detail: read.message });
      continue;
    }
    apply(settings, key, read.value);
    if (option.source !== 'MWAA default')
      reports.push({ ...base(option), outcome: 'honoured', detail: meaning.effect });
  }
  return { settings, reports: reports.sort((a, b) => a.key.localeCompare(b.key)) };
}

function base(option: { key: string; source: OptionSource | 'MWAA default' }): Pick<OptionReport, 'key' | 'source'> {
  return { key: option.key, source: option.source };
}

function essentialText(key: string): string {
  const [section, name] = splitKey(key);
  return `Amazon MWAA sets [${section}] ${name} itself (its image's essential configuration, which "cannot be overridden by the customer"); remove this option`;
}

/** `core.parallelism` → ['core', 'parallelism']. */
export function splitKey(key: string): [string, string] {
  const dot = key.indexOf('.');
  return [key.slice(0, dot), key.slice(dot + 1)];
}

type Read = { ok: true; value: unknown } | { ok: false; message: string };

/** Reads a value as Airflow's `conf.getboolean`/`getint`/`getjson` would, with their messages. */
function readValue(key: string, raw: string, kind: Kind): Read {
  const [section, name] = splitKey(key);
  switch (kind.type) {
    case 'bool': {
      let v = raw.toLowerCase().trim();
      if (v.includes('#')) v = v.split('#')[0]!.trim();
      if (['t', 'true', '1'].includes(v)) return { ok: true, value: true };
      if (['f', 'false', '0'].includes(v)) return { ok: true, value: false };
      return {
        ok: false,
        message: `Failed to convert value to bool. Please check "${name}" key in "${section}" section. Current value: "${v}".`,
      };
    }
    case 'int': {
      const v = raw.trim();
      if (!/^[+-]?\d+$/.test(v.replace(/_/g, '')))
        return {
          ok: false,
          message: `Failed to convert value to int. Please check "${name}" key in "${section}" section. Current value: "${raw}".`,
        };
      const n = Number(v.replace(/_/g, ''));
      if (n < kind.min) return { ok: false, message: `[${section}] ${name} must be at least ${kind.min}, got ${n}` };
      return { ok: true, value: n };
    }
    case 'float': {
      const v = raw.trim();
      const n = Number(v);
      if (v === '' || !Number.isFinite(n))
        return {
          ok: false,
          message: `Failed to convert value to float. Please check "${name}" key in "${section}" section. Current value: "${raw}".`,
        };
      if (n <= kind.above) return { ok: false, message: `[${section}] ${name} must be above ${kind.above}, got ${n}` };
      return { ok: true, value: n };
    }
    case 'enum':
      return kind.values.includes(raw.trim())
        ? { ok: true, value: raw.trim() }
        : { ok: false, message: `[${section}] ${name} must be one of ${kind.values.join(', ')}, got "${raw}"` };
    case 'text':
      return { ok: true, value: raw };
    case 'json-object': {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return { ok: true, value: parsed };
        return { ok: false, message: `[${section}] ${name} must be a JSON object, got ${JSON.stringify(raw)}` };
      } catch (e) {
        return { ok: false, message: `[${section}] ${name} is not valid JSON: ${(e as Error).message}` };
      }
    }
  }
}

function apply(settings: AirflowOptionSettings, key: string, value: unknown): void {
  const o = settings.overrides as Record<string, unknown>;
  switch (key) {
    case 'core.dags_are_paused_at_creation':
      o.dagsArePausedAtCreation = value;
      return;
    case 'core.dag_ignore_file_syntax':
      o.dagIgnoreFileSyntax = value;
      return;
    case 'core.dag_discovery_safe_mode':
      o.dagDiscoverySafeMode = value;
      return;
    case 'core.parallelism':
      o.parallelism = value;
      return;
    case 'core.max_active_runs_per_dag':
      o.maxActiveRunsPerDag = value;
      return;
    case 'core.max_active_tasks_per_dag':
      o.maxActiveTasksPerDag = value;
      return;
    case 'core.dagbag_import_timeout':
      o.dagbagImportTimeout = value;
      return;
    case 'core.killed_task_cleanup_time':
      o.killedTaskCleanupTime = value;
      return;
    case 'core.max_map_length':
      o.maxMapLength = value;
      return;
    case 'scheduler.catchup_by_default':
      o.catchupByDefault = value;
      return;
    case 'scheduler.scheduler_health_check_threshold':
      o.schedulerHealthCheckThreshold = value;
      return;
    case 'scheduler.orphaned_tasks_check_interval':
      o.orphanedTasksCheckInterval = value;
      return;
    case 'triggerer.triggerer_health_check_threshold':
      o.triggererHealthCheckThreshold = value;
      return;
    case 'core.sensitive_var_conn_names':
      settings.sensitiveNames = String(value)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return;
    case 'secrets.backend':
      settings.secretsBackend = String(value).trim() || null;
      return;
    case 'secrets.backend_kwargs':
      settings.secretsBackendKwargs = value as Record<string, unknown>;
      return;
  }
}

/** `AIRFLOW__CORE__PARALLELISM` → `core.parallelism`; null for other names (and `_CMD`/`_SECRET` forms stay keys). */
export function optionKeyOfEnv(name: string): string | null {
  const m = /^AIRFLOW__([A-Z0-9_]+?)__([A-Z0-9_]+)$/.exec(name);
  return m ? `${m[1]!.toLowerCase()}.${m[2]!.toLowerCase()}` : null;
}

/** `core.parallelism` → `AIRFLOW__CORE__PARALLELISM`, the variable MWAA sets for an option. */
export function envNameOfOption(key: string): string {
  const [section, name] = splitKey(key);
  return `AIRFLOW__${section.toUpperCase()}__${name.toUpperCase()}`;
}

/**
 * The option layers as MWAA stacks them: `AIRFLOW__…` variables of the agent's environment, those the startup
 * script exported, then the configuration options.
 */
export function givenOptions(
  config: {
    airflowConfigFromEnvironment: Readonly<Record<string, string>>;
    airflowConfigurationOptions: Readonly<Record<string, string>>;
  },
  startupExports: Readonly<Record<string, string>> = {},
): GivenOption[] {
  const out: GivenOption[] = [];
  for (const [key, value] of Object.entries(config.airflowConfigFromEnvironment))
    out.push({ key, value, source: 'environment' });
  for (const [name, value] of Object.entries(startupExports)) {
    const key = optionKeyOfEnv(name);
    if (key) out.push({ key, value, source: 'startup script' });
  }
  for (const [key, value] of Object.entries(config.airflowConfigurationOptions))
    out.push({ key, value, source: 'configuration options' });
  return out;
}

/** The configuration options as the variables MWAA sets for them (what tasks and pip see). */
export function optionsAsEnvironment(options: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [envNameOfOption(k), v]));
}

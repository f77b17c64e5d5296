import type { DagParseResult, DagSpec, TaskSpec } from './dag-model.js';
import { templateReferences } from './template-references.js';

/**
 * `mwaa-agent check`'s verdict, pure: what the static reader, the requirements check and the environment
 * say about a DAG folder, per Airflow version. The command gathers the inputs (reading files, looking up
 * connections); this module only decides.
 */

/** Stable codes of check findings (the JSON `code`, the JUnit test case's class). */
export type CheckCode =
  /** The file does not load (import error, cycle, invalid schedule, …) on this version. */
  | 'DAG_IMPORT_ERROR'
  /** DagBag captured a warning (deprecated import, removed argument that still loads). */
  | 'DAG_WARNING'
  /** A task's operator is one mwaa-agent does not run (the agent fails the task; Airflow would run it). */
  | 'OPERATOR_NOT_RUN'
  /** A conn_id the DAGs use that no connection source defines. */
  | 'UNKNOWN_CONN_ID'
  /** A variable the DAGs' templates read that no variable source defines. */
  | 'UNKNOWN_VARIABLE'
  /** A `key_file` (SSHHook argument or connection extra) that names no file. */
  | 'KEY_FILE_MISSING'
  /** A Python file in the bucket outside `dags/`: MWAA never reads it as a DAG. */
  | 'OUTSIDE_DAGS'
  /** A DAG-looking file `.airflowignore` hides from the version. */
  | 'IGNORED_FILE'
  /** requirements.txt as MWAA would install it (the `requirements check` verdict). */
  | 'REQUIREMENTS'
  /** A template names a context key the upgraded version no longer sets: rendering fails at run time. */
  | 'CONTEXT_KEY_REMOVED'
  /** The DAG's catchup came from the default, and the upgraded version's default differs. */
  | 'CATCHUP_DEFAULT_CHANGED';

export interface CheckFinding {
  severity: 'error' | 'warning';
  code: CheckCode;
  /** The file, relative to the checked folder (requirements.txt relative to the working directory). */
  file: string;
  line: number | null;
  message: string;
  /** The version the finding is about; null when it holds for every version checked. */
  airflowVersion: string | null;
  dagId?: string;
  taskId?: string;
}

/** One version's reading of the folder. */
export interface VersionReading {
  airflowVersion: string;
  parsed: DagParseResult;
  /** Files the version's discovery lists (relative). */
  files: readonly string[];
  /** DAG-looking files the version's `.airflowignore` hides (relative). */
  ignored: readonly string[];
  /** The version's template context keys (the version table's). */
  contextKeys: readonly string[];
  /** requirements.txt's diagnostics for an environment of this version. */
  requirements: readonly { file: string; line: number | null; severity: 'error' | 'warning'; message: string }[];
}

/** Runs a first unpause creates at check time, with and without catchup; null when catchup changes nothing (no time schedule, no start date, `@continuous`). */
export type CatchupRuns = (dag: DagSpec) => { withCatchup: number; withoutCatchup: number; capped: boolean } | null;

export interface CheckInput {
  /** The first is the version the DAGs run on today; the others are upgrade targets. */
  readings: readonly VersionReading[];
  /** Python files of a bucket-like folder outside `dags/` (relative to it). */
  outsideDags: readonly string[];
  isKnownConnection: (connId: string) => boolean;
  isKnownVariable: (key: string) => boolean;
  /** Whether a key_file path (as written, MWAA paths included) names a file. */
  keyFileExists: (path: string) => boolean;
  /** key_file paths in the extras of the connections the environment defines. */
  connectionKeyFiles: readonly { connId: string; keyFile: string }[];
  /** Operator class names mwaa-agent runs. */
  runnableOperators: readonly string[];
  catchupRuns: CatchupRuns;
}

/** Per version: the DAG files that do not load there, with the first reason. */
export interface VersionSummary {
  airflowVersion: string;
  files: number;
  dags: number;
  broken: { file: string; line: number | null; reason: string }[];
  /** Files broken here that load on the first version. */
  newlyBroken: string[];
}

export interface CheckVerdict {
  versions: VersionSummary[];
  findings: CheckFinding[];
  errors: number;
  warnings: number;
}

/** Decides the verdict; `strict` makes every warning an error. */
export function planCheckVerdict(input: CheckInput, strict = false): CheckVerdict {
  const [base, ...targets] = input.readings;
  if (!base) throw new Error('planCheckVerdict needs at least one reading');
  const many = input.readings.length > 1;
  const findings: CheckFinding[] = [];
  const tag = (v: string) => (many ? v : null);
  for (const f of input.outsideDags)
    findings.push(
      warning('OUTSIDE_DAGS', f, null, `${f} is outside dags/: MWAA reads DAG files only under the dags/ prefix`, null),
    );
  for (const r of input.readings) {
    for (const e of r.parsed.importErrors)
      findings.push({ ...error('DAG_IMPORT_ERROR', e.filename, e.line, e.message, tag(r.airflowVersion)) });
    for (const w of r.parsed.warnings ?? [])
      findings.push(warning('DAG_WARNING', w.filename, w.line, `${w.category}: ${w.message}`, tag(r.airflowVersion)));
    for (const f of r.ignored)
      findings.push(
        warning(
          'IGNORED_FILE',
          f,
          null,
          `.airflowignore hides ${f} from Airflow ${r.airflowVersion}: its DAGs never load`,
          tag(r.airflowVersion),
        ),
      );
    for (const d of r.requirements)
      findings.push({
        severity: d.severity,
        code: 'REQUIREMENTS',
        file: d.file,
        line: d.line,
        message: d.message,
        airflowVersion: tag(r.airflowVersion),
      });
  }
  findings.push(...dagFindings(base, input));
  for (const t of targets) findings.push(...upgradeFindings(base, t, input.catchupRuns));
  const deduped = dedupe(findings).map((f) =>
    strict && f.severity === 'warning' ? { ...f, severity: 'error' as const } : f,
  );
  return {
    versions: input.readings.map((r) => summary(r, base)),
    findings: deduped,
    errors: deduped.filter((f) => f.severity === 'error').length,
    warnings: deduped.filter((f) => f.severity === 'warning').length,
  };
}

/** What holds whatever the version: operators, connections, variables, key files (from the first reading). */
function dagFindings(base: VersionReading, input: CheckInput): CheckFinding[] {
  const out: CheckFinding[] = [];
  const runnable = new Set(input.runnableOperators);
  for (const dag of base.parsed.dags) {
    for (const task of dag.tasks) {
      const at = { dagId: dag.dagId, taskId: task.taskId };
      if (!runnable.has(task.operator))
        out.push({
          ...warning(
            'OPERATOR_NOT_RUN',
            dag.relativeFileloc,
            task.line,
            `task ${task.taskId} of DAG ${dag.dagId} is a ${task.operator}: mwaa-agent runs only ${input.runnableOperators.join(', ')} (Airflow on MWAA runs it; the agent fails it)`,
            null,
          ),
          ...at,
        });
      for (const connId of taskConnIds(task))
        if (!input.isKnownConnection(connId))
          out.push({
            ...warning(
              'UNKNOWN_CONN_ID',
              dag.relativeFileloc,
              task.line,
              `The conn_id \`${connId}\` isn't defined (task ${task.taskId} of DAG ${dag.dagId}): no AIRFLOW_CONN_${connId.toUpperCase()}, no stored connection`,
              null,
            ),
            ...at,
          });
      const refs = taskReferences(task);
      for (const key of refs.variables)
        if (!input.isKnownVariable(key))
          out.push({
            ...warning(
              'UNKNOWN_VARIABLE',
              dag.relativeFileloc,
              task.line,
              `Variable ${key} does not exist (task ${task.taskId} of DAG ${dag.dagId} reads it in a template): no AIRFLOW_VAR_${key.toUpperCase()}, no stored variable`,
              null,
            ),
            ...at,
          });
      const keyFile = hookKeyFile(task);
      if (keyFile !== null && !input.keyFileExists(keyFile))
        out.push({
          ...warning(
            'KEY_FILE_MISSING',
            dag.relativeFileloc,
            task.line,
            `key_file ${keyFile} of task ${task.taskId}'s SSHHook names no file (paths under /usr/local/airflow/dags/ map to the DAG folder)`,
            null,
          ),
          ...at,
        });
    }
  }
  for (const { connId, keyFile } of input.connectionKeyFiles)
    if (!input.keyFileExists(keyFile))
      out.push(
        warning(
          'KEY_FILE_MISSING',
          `connection ${connId}`,
          null,
          `key_file ${keyFile} in the extra of connection ${connId} names no file (paths under /usr/local/airflow/dags/ map to the DAG folder)`,
          null,
        ),
      );
  return out;
}

/** What changes from `base` to `target` for DAGs that load on both: context keys, the catchup default. */
function upgradeFindings(base: VersionReading, target: VersionReading, runs: CatchupRuns): CheckFinding[] {
  const out: CheckFinding[] = [];
  const now = new Map(target.parsed.dags.map((d) => [d.dagId, d]));
  const removed = new Set(base.contextKeys.filter((k) => !target.contextKeys.includes(k)));
  const move = `${base.airflowVersion} → ${target.airflowVersion}`;
  for (const dag of base.parsed.dags) {
    const after = now.get(dag.dagId);
    if (!after) continue;
    for (const task of dag.tasks) {
      const gone = [...taskReferences(task).names].filter((n) => removed.has(n)).sort();
      if (gone.length)
        out.push({
          ...warning(
            'CONTEXT_KEY_REMOVED',
            dag.relativeFileloc,
            task.line,
            `${move}: task ${task.taskId} of DAG ${dag.dagId} renders ${gone.map((k) => `{{ ${k} }}`).join(', ')}, which Airflow ${target.airflowVersion} no longer sets: the task fails when it renders (use logical_date, data_interval_start/end)`,
            target.airflowVersion,
          ),
          dagId: dag.dagId,
          taskId: task.taskId,
        });
    }
    if (dag.catchup === after.catchup) continue;
    // Only a DAG whose runs the flag changes: a time schedule with a start date in the past.
    const n = runs(dag);
    if (n && n.withCatchup !== n.withoutCatchup)
      out.push({
        ...warning(
          'CATCHUP_DEFAULT_CHANGED',
          dag.relativeFileloc,
          dag.line,
          catchupMessage(move, dag, after, n),
          target.airflowVersion,
        ),
        dagId: dag.dagId,
      });
  }
  return out;
}

function catchupMessage(
  move: string,
  before: DagSpec,
  after: DagSpec,
  runs: NonNullable<ReturnType<CatchupRuns>>,
): string {
  const set = `set catchup=${py(before.catchup)} on the DAG to keep today's behaviour`;
  const head = `${move}: DAG ${before.dagId} has no catchup argument, and the default changes from ${py(before.catchup)} to ${py(after.catchup)}`;
  const effect = after.catchup
    ? 'the first unpause creates every run since start_date'
    : 'the first unpause creates only the latest run, not the ones since start_date';
  const count = (x: number, capped: boolean) => `${x}${capped ? '+' : ''} run${x === 1 ? '' : 's'}`;
  const [was, will] = before.catchup
    ? [count(runs.withCatchup, runs.capped), count(runs.withoutCatchup, false)]
    : [count(runs.withoutCatchup, false), count(runs.withCatchup, runs.capped)];
  return `${head}: ${effect} (unpaused now: ${will} instead of ${was}); ${set}`;
}

const py = (b: boolean) => (b ? 'True' : 'False');

function summary(r: VersionReading, base: VersionReading): VersionSummary {
  const broken = new Map<string, { file: string; line: number | null; reason: string }>();
  for (const e of r.parsed.importErrors)
    if (!broken.has(e.filename))
      broken.set(e.filename, { file: e.filename, line: e.line, reason: firstLine(e.message) });
  const baseBroken = new Set(base.parsed.importErrors.map((e) => e.filename));
  return {
    airflowVersion: r.airflowVersion,
    files: r.files.length,
    dags: r.parsed.dags.length,
    broken: [...broken.values()],
    newlyBroken: r === base ? [] : [...broken.keys()].filter((f) => !baseBroken.has(f)),
  };
}

/** An import error's headline: Airflow's last traceback line (the exception), else its first line. */
export function firstLine(message: string): string {
  const lines = message.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('mwaa-agent: '));
  const exception = [...lines].reverse().find((l) => /^[A-Za-z_][\w.]*(Error|Exception|Timeout|Warning)\b/.test(l));
  return exception ?? lines[0] ?? message;
}

/** The connection ids a task uses: SSHOperator's ssh_conn_id, its SSHHook's, and `conn.ID` in templates. */
function taskConnIds(task: TaskSpec): string[] {
  const ids = new Set<string>(taskReferences(task).connections);
  const direct = task.args.ssh_conn_id;
  if (typeof direct === 'string') ids.add(direct);
  const hook = task.args.ssh_hook as Record<string, unknown> | undefined;
  if (hook && typeof hook.ssh_conn_id === 'string') ids.add(hook.ssh_conn_id);
  // Templated ids are resolved at run time; their referenced names are checked above.
  return [...ids].filter((id) => !id.includes('{{')).sort();
}

function hookKeyFile(task: TaskSpec): string | null {
  const hook = task.args.ssh_hook as Record<string, unknown> | undefined;
  return hook && typeof hook.key_file === 'string' ? hook.key_file : null;
}

/** Every template string among a task's arguments, read together. */
function taskReferences(task: TaskSpec) {
  const all = { names: new Set<string>(), variables: new Set<string>(), connections: new Set<string>() };
  for (const s of strings(task.args)) {
    const r = templateReferences(s);
    for (const k of ['names', 'variables', 'connections'] as const) for (const x of r[k]) all[k].add(x);
  }
  return all;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function error(code: CheckCode, file: string, line: number | null, message: string, v: string | null): CheckFinding {
  return { severity: 'error', code, file, line, message, airflowVersion: v };
}

function warning(code: CheckCode, file: string, line: number | null, message: string, v: string | null): CheckFinding {
  return { severity: 'warning', code, file, line, message, airflowVersion: v };
}

/** A finding that holds on every version is listed once, without a version. */
function dedupe(findings: CheckFinding[]): CheckFinding[] {
  const versions = new Set(findings.map((f) => f.airflowVersion).filter((v) => v !== null));
  const key = (f: CheckFinding) => JSON.stringify([f.severity, f.code, f.file, f.line, f.message, f.dagId, f.taskId]);
  const seen = new Map<string, Set<string | null>>();
  for (const f of findings) {
    const k = key(f);
    seen.set(k, (seen.get(k) ?? new Set()).add(f.airflowVersion));
  }
  const out: CheckFinding[] = [];
  const emitted = new Set<string>();
  for (const f of findings) {
    const k = key(f);
    const on = seen.get(k)!;
    const everywhere = versions.size > 1 && [...versions].every((v) => on.has(v));
    if (everywhere) {
      if (emitted.has(k)) continue;
      emitted.add(k);
      out.push({ ...f, airflowVersion: null });
    } else out.push(f);
  }
  return out;
}

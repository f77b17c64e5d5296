import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSecretsState } from '../../../agent/connections/secrets-database.js';
import { VariableResolver } from '../../../agent/connections/variable-resolver.js';
import { answersFrom } from '../../../agent/dags/parse-variables.js';
import { ManualClock } from '../../../agent/core/clock.js';
import { discoverDagFiles } from '../../../agent/dags/dag-discovery.js';
import { parseDagFolder } from '../../../agent/dags/dag-folder-parser.js';
import type { DagParseResult, DagSpec, OutletSpec } from '../../../agent/dags/dag-model.js';
import { dagParseJson, type DagParseJson } from '../../../agent/dags/dag-parse-json.js';
import { isModuleAvailable } from '../../../agent/requirements/module-distribution.js';
import { loadRequirementsVerdict } from '../../../agent/requirements/requirements-verdict-loader.js';

/*
 * The Airflow 3 DAG corpus (test/fixtures/dags-airflow3: airflow.sdk forms, the standard provider, legacy
 * import paths, removed arguments, assets and datasets, timetables, glob .airflowignore, errors) read by
 * mwaa-agent and by the real Airflow of each version, as its dag-processor loads a file
 * (test/integration/dags/dagbag_dump.py). The agent runs as the environment would: the version's reading
 * and the requirements gate of an environment with that version's constraints and the SSH provider.
 *
 * Compared: the files discovered; which files have an import error; its line where Airflow's traceback has
 * a frame of the DAG file; its text — the last line of Airflow's traceback against the agent's message
 * without mwaa-agent's own hint line, an ImportError's "(<path of the installed module>)" left out (MWAA's
 * site-packages differ from the venv's); every DAG field by field (`dags parse` JSON); the details
 * (timetable class and summary, owners, tags as stored, paused-at-creation, dagrun timeout, each task's
 * owner, class, outlets, setup/teardown, a mapped task's expand input); DagBag's captured warnings per file (category and message).
 */

const ROOT = new URL('../../..', import.meta.url).pathname;
const CORPUS = join(ROOT, 'test/fixtures/dags-airflow3');
const DUMP = join(ROOT, 'test/integration/dags/dagbag_dump.py');
const NOW = '2024-06-15T12:34:56Z';
/** The variables both sides see: `AIRFLOW_VAR_*` in the environment and rows of the metadata store. */
const VARIABLE_ENV: Record<string, string> = {
  AIRFLOW_VAR_CORPUS_ENV_HOST: 'web1',
  AIRFLOW_VAR_CORPUS_ENV_JSON: '{"hosts": ["a", "b"], "retries": 2}',
};
const STORED_VARIABLES: Record<string, string> = {
  corpus_store_host: 'store-web',
  corpus_store_json: '{"hosts": ["db1", "db2"], "retries": 3, "tags": ["zeta", "alpha"]}',
};
const ENV = [
  ...Object.entries(VARIABLE_ENV).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
  ...Object.entries(STORED_VARIABLES).flatMap(([k, v]) => ['--store-var', `${k}=${v}`]),
];

/** Files the agent deliberately reads differently, each with the reason; everything else must agree. */
const ALLOW_LIST: Record<string, string> = {
  'dup_dag_id_a.py':
    "the dag-processor lists a dag_id of two files twice (each file has its own bag); the agent keeps one DAG per id, the later file's, and warns on this one",
};

const run = promisify(execFile);

interface Dump extends Omit<DagParseJson, 'warnings'> {
  airflow_version: string;
  python_version: string;
  files: string[];
  details: Details[];
  /** Per file, the text Airflow stores (`traceback.format_exc(limit=-2)`). */
  import_error_traces: Record<string, string>;
  /** Per file, DagBag's `"<file>:<line>: <Category>: <message>"`. */
  warnings: Record<string, string[]>;
}

interface Details {
  dag_id: string;
  fileloc: string;
  timetable: { type: string; summary: string };
  owners: string[];
  tags_as_stored: string[];
  is_paused_upon_creation: boolean | null;
  dagrun_timeout_seconds: number | null;
  tasks: {
    task_id: string;
    owner: string;
    task_type: string;
    outlets: Record<string, string>[];
    is_setup: boolean;
    is_teardown: boolean;
    /** A mapped task's expand input (class and value, XComArgs as their references); null when not mapped. */
    mapping: { expand_input: string; value: unknown } | null;
  }[];
}

/** DagBag on the corpus, run once per version and corpus content (cached in the temp folder). */
async function airflowDump(python: string): Promise<Dump> {
  const hash = createHash('sha256');
  for (const f of walk(CORPUS)) hash.update(f).update(readFileSync(join(CORPUS, f)));
  const venv = join(python, '../..');
  const stamp = ['.mwaa-agent-pins', 'pyvenv.cfg'].map((f) => join(venv, f)).find((f) => existsSync(f))!;
  // The venv's own path is part of the key: the dump's tracebacks name it, and the temp folder outlives a clone.
  hash
    .update(venv)
    .update(readFileSync(DUMP))
    .update(readFileSync(stamp))
    .update(String(statSync(python).mtimeMs));
  const dir = join(tmpdir(), 'mwaa-agent-dagbag-cache');
  const cached = join(dir, `${hash.digest('hex').slice(0, 24)}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as Dump;
  const { stdout } = await run(python, [DUMP, CORPUS, NOW, ...ENV], { maxBuffer: 64 * 1024 * 1024 });
  mkdirSync(dir, { recursive: true });
  writeFileSync(cached, stdout);
  return JSON.parse(stdout) as Dump;
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [relative(CORPUS, join(dir, n))]));
}

/** The agent on the corpus, as an environment of `version` with the SSH provider reads it. */
async function agentRead(version: string, environment: string, oraclePython: string): Promise<DagParseResult> {
  const python = environment.startsWith('3.') ? '3.12' : '3.11';
  const verdict = loadRequirementsVerdict({
    requirementsFile: '/env/requirements/requirements.txt',
    dagsDir: '/env/dags',
    stateDir: '/env/state',
    readFile: () =>
      new TextEncoder().encode(
        `-c https://raw.githubusercontent.com/apache/airflow/constraints-${environment}/constraints-${python}.txt\napache-airflow-providers-ssh\n`,
      ),
  });
  expect(verdict.diagnostics).toEqual([]);
  const stateDir = mkdtempSync(join(tmpdir(), 'dagbag-vars-'));
  const state = openSecretsState({ stateDir, fernetKey: null });
  try {
    for (const [key, value] of Object.entries(STORED_VARIABLES)) state.variables.set(key, value);
    const variables = new VariableResolver({ env: VARIABLE_ENV, store: state.variables });
    return await parseDagFolder(CORPUS, {
      airflowVersion: version,
      // The oracle's virtualenvs run Debian 12's Python 3.11 (MWAA runs 3.x on 3.12): tracebacks and
      // SyntaxErrors are compared as that Python writes them.
      pythonVersion: oraclePython,
      clock: new ManualClock(NOW),
      isModuleAvailable: (m) => isModuleAvailable(verdict, m),
      readVariable: answersFrom(variables),
    });
  } finally {
    state.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

const compared = (file: string) => !(file in ALLOW_LIST);
const withoutPath = (message: string) => message.replace(/ \(\/[^()]*\.py\)$/, '');
/** Airflow's own text of an agent message: without the mwaa-agent line, its last line (the traceback's). */
const airflowText = (message: string) =>
  withoutPath(
    message
      .split('\n')
      .filter((l) => !l.startsWith('mwaa-agent: '))
      .at(-1)!,
  );

/** An outlet as the oracle prints it: the class and the attributes the class has. */
function outletJson(o: OutletSpec): Record<string, string> {
  if (o.kind === 'alias') return { type: o.alias.className, name: o.alias.name, group: o.alias.group };
  if (o.asset.className === 'Dataset') return { type: 'Dataset', uri: o.asset.uri };
  return { type: o.asset.className, name: o.asset.name, uri: o.asset.uri, group: o.asset.group };
}

/** The agent's DAG in the oracle's `details` shape. */
function details(d: DagSpec): Details {
  return {
    dag_id: d.dagId,
    fileloc: d.relativeFileloc,
    timetable: d.timetable,
    owners: [...new Set(d.tasks.map((t) => t.owner))].sort(),
    tags_as_stored: d.tags,
    is_paused_upon_creation: d.isPausedUponCreation,
    dagrun_timeout_seconds: d.dagrunTimeoutSeconds,
    tasks: d.tasks.map((t) => ({
      task_id: t.taskId,
      owner: t.owner,
      task_type: t.operator,
      outlets: t.outlets.map(outletJson),
      is_setup: t.isSetup,
      is_teardown: t.isTeardown,
      mapping: t.mapping ? { expand_input: t.mapping.input, value: t.mapping.value } : null,
    })),
  };
}

/** [the version DagBag runs, its virtualenv, the MWAA environment whose requirements gate the agent uses]. */
const VERSIONS: [string, string, string][] = [
  ['3.0.6', '.venv/airflow-3.0.6', '3.0.6'],
  ['3.3.1', '.venv/airflow-3.3.1', '3.3.1'],
  ['2.10.5', '.venv/airflow', '2.10.3'],
];

describe.each(VERSIONS)('static DAG reading agrees with Airflow %s on the Airflow 3 corpus', (version, venv, env) => {
  const python = join(ROOT, venv, 'bin/python');
  let airflow: Dump;
  let result: DagParseResult;
  let agent: DagParseJson;

  beforeAll(async () => {
    if (!existsSync(python))
      throw new Error(`${python} is missing: run infra/setup.d/2*-airflow*.sh (part of infra/setup.sh)`);
    airflow = await airflowDump(python);
    expect(airflow.airflow_version).toBe(version);
    result = await agentRead(version, env, airflow.python_version);
    agent = dagParseJson(result);
  }, 240_000);

  it('discovers the same files (glob .airflowignore on 3.x, regexp on 2.x)', async () => {
    const { files } = await discoverDagFiles(CORPUS, { ignoreSyntax: version.startsWith('3.') ? 'glob' : 'regexp' });
    expect(files.map((f) => f.relativePath)).toEqual(airflow.files);
  });

  it('reports an import error exactly for the files Airflow reports one for', () => {
    const theirs = airflow.import_errors.map((e) => e.filename).filter(compared);
    const ours = agent.import_errors.map((e) => e.filename).filter(compared);
    expect(ours).toEqual(theirs);
    const cannot = agent.import_errors.filter((e) => e.message.startsWith('cannot evaluate') && compared(e.filename));
    expect(cannot).toEqual([]);
  });

  it("gives each import error Airflow's text, on the line Airflow's traceback names", () => {
    for (const theirs of airflow.import_errors.filter((e) => compared(e.filename))) {
      const ours = agent.import_errors.find((e) => e.filename === theirs.filename);
      expect.soft(airflowText(ours?.message ?? ''), theirs.filename).toBe(withoutPath(theirs.message));
      if (theirs.line !== null) expect.soft(ours?.line, theirs.filename).toBe(theirs.line);
    }
  });

  it('stores the traceback Airflow stores, frame by frame, where the agent writes one', () => {
    const sitePackages = new RegExp(`${join(ROOT, venv)}/lib/python[\\d.]+/site-packages`, 'g');
    const mwaa = `/usr/local/airflow/.local/lib/python${airflow.python_version.split('.').slice(0, 2).join('.')}/site-packages`;
    const traced = result.importErrors.filter((e) => e.stackTrace !== undefined && compared(e.filename));
    // Every SyntaxError and missing variable has one.
    const expected = Object.keys(airflow.import_error_traces).filter(
      (f) => compared(f) && (/^syn_/.test(f) || /^var_(missing|in_function)/.test(f)),
    );
    expect(traced.map((e) => e.filename)).toEqual(expect.arrayContaining(expected));
    for (const e of traced)
      expect.soft(e.stackTrace, e.filename).toBe(airflow.import_error_traces[e.filename]?.replace(sitePackages, mwaa));
  });

  it('produces the same DAGs, field by field, for every file Airflow loads', () => {
    const theirs = airflow.dags.filter((d) => compared(d.fileloc));
    const ours = agent.dags.filter((d) => compared(d.fileloc));
    expect(ours.map((d) => `${d.dag_id}@${d.fileloc}`)).toEqual(theirs.map((d) => `${d.dag_id}@${d.fileloc}`));
    for (const dag of theirs)
      expect
        .soft(
          ours.find((d) => d.dag_id === dag.dag_id && d.fileloc === dag.fileloc),
          dag.dag_id,
        )
        .toEqual(dag);
  });

  it("agrees on timetables, owners, tags, outlets, setup/teardown tasks and mapped tasks' expansions", () => {
    const theirs = airflow.details.filter((d) => compared(d.fileloc));
    expect(theirs.length).toBeGreaterThan(version.startsWith('3.') ? 50 : 5);
    for (const det of theirs) {
      const dag = result.dags.find((d) => d.dagId === det.dag_id && d.relativeFileloc === det.fileloc);
      // 2.x keeps tags in written order, 3.x in a set that its serialized DAG sorts (the version table's tagsOrder).
      expect.soft(dag && details(dag), det.dag_id).toEqual(pick(det));
    }
  });

  it('captures the same warnings per file (deprecated import paths, removed features that still load)', () => {
    const theirs = Object.entries(airflow.warnings)
      .filter(([file]) => compared(file))
      .map(([file, ws]) => [file, ws.map((w) => w.replace(/^.*?:\d+: /, ''))] as const);
    const ours = new Map<string, string[]>();
    for (const w of result.warnings ?? [])
      if (compared(w.filename) && w.category !== 'mwaa-agent')
        ours.set(w.filename, [...(ours.get(w.filename) ?? []), `${w.category}: ${w.message}`]);
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(theirs));
  });
});

function pick(d: Details): Details {
  return {
    dag_id: d.dag_id,
    fileloc: d.fileloc,
    timetable: { type: d.timetable.type, summary: d.timetable.summary },
    owners: d.owners,
    tags_as_stored: d.tags_as_stored,
    is_paused_upon_creation: d.is_paused_upon_creation,
    dagrun_timeout_seconds: d.dagrun_timeout_seconds,
    tasks: d.tasks.map((t) => ({
      task_id: t.task_id,
      owner: t.owner,
      task_type: t.task_type,
      outlets: t.outlets,
      is_setup: t.is_setup,
      is_teardown: t.is_teardown,
      mapping: t.mapping,
    })),
  };
}

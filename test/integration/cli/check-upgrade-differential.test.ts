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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../../../harness/agent-process.js';

/*
 * The upgrade verdict against real Airflow: `mwaa-agent check --airflow-version 2.10.3 --airflow-version
 * 3.3.1` says a corpus file "breaks on 3.x" exactly when Airflow 3.3.1's DagBag (.venv/airflow-3.3.1, run
 * as its dag-processor loads a file: test/integration/dags/dagbag_dump.py) reports an import error for it.
 * Both corpora: the 2.x one (what an upgrade meets) and the 3.x one. The requirements are the SSH provider
 * with each version's own constraints, as the DagBag differential tests use.
 */

const ROOT = new URL('../../..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/bin/mwaa-agent.js');
const DUMP = join(ROOT, 'test/integration/dags/dagbag_dump.py');
const PYTHON = join(ROOT, '.venv/airflow-3.3.1/bin/python');
const NOW = '2024-06-15T12:34:56Z';
const ENV = [
  '--env',
  'AIRFLOW_VAR_CORPUS_ENV_HOST=web1',
  '--env',
  'AIRFLOW_VAR_CORPUS_ENV_JSON={"hosts": ["a", "b"], "retries": 2}',
];
const run = promisify(execFile);

/**
 * Files the agent deliberately reads differently (the reason each), or that need what issue 13 adds
 * (dynamic task mapping, Variable.get while parsing): the same lists as the DagBag differential tests.
 */
const NOT_COMPARED: Record<string, Record<string, string>> = {
  'test/fixtures/dags-airflow3': {
    'dup_dag_id_a.py': 'one DAG per dag_id: the later file keeps it, this one gets a warning',
    'legacy_models_variable.py': 'Variable.get at parse time is issue 13',
  },
  'test/fixtures/dags/corpus': {
    // As in the 2.x DagBag differential (dagbag-differential.test.ts):
    'cannot_while_loop.py': 'while loops are not followed (their bound is runtime state)',
    'cannot_os_environ.py': "bash_command comes from the agent process's environment, which differs from the worker's",
    'packaged_dags.zip': 'zip archives (packaged DAGs) are reported as unsupported instead of being imported',
    // That differential answers "is this module installed?" with Python's own answer; check has only
    // requirements.txt, and a module no known distribution provides counts as installed.
    'err_module_not_found.py': 'an import no known distribution provides counts as installed (MWAA image unknown)',
    // Found by this test: the reader's 3.x DAG still takes description positionally and refuses the setter.
    'dag_positional_args.py':
      '3.x DAG takes only dag_id positionally: the reader accepts the description (TypeError on 3.x)',
    'err_description_setter.py': '3.x DAG (attrs) lets dag.description be set: the reader still raises 2.x’s error',
  },
};
const ISSUE_13 = /^(map3?_|var_)/;

interface Dump {
  airflow_version: string;
  import_errors: { filename: string }[];
}

interface Report {
  versions: { airflow_version: string; broken: { file: string }[]; newly_broken: string[] }[];
}

/** DagBag 3.3.1 on the corpus, cached per corpus content, dump script and venv (as the DagBag differentials). */
async function airflowDump(corpus: string): Promise<Dump> {
  const hash = createHash('sha256');
  for (const f of walk(corpus, corpus)) hash.update(f).update(readFileSync(join(corpus, f)));
  // The venv's own path is part of the key: the dump names files under it, and the temp folder outlives a clone.
  hash
    .update(PYTHON)
    .update(readFileSync(DUMP))
    .update(String(statSync(PYTHON).mtimeMs))
    .update(ENV.join('\n'));
  const dir = join(tmpdir(), 'mwaa-agent-dagbag-cache');
  const cached = join(dir, `check-${hash.digest('hex').slice(0, 24)}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as Dump;
  const { stdout } = await run(PYTHON, [DUMP, corpus, NOW, ...ENV], { maxBuffer: 64 * 1024 * 1024 });
  mkdirSync(dir, { recursive: true });
  writeFileSync(cached, stdout);
  return JSON.parse(stdout) as Dump;
}

function walk(dir: string, base: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n), base) : [relative(base, join(dir, n))]));
}

let requirementsDir: string;

beforeAll(() => {
  assertBuilt();
  requirementsDir = mkdtempSync(join(tmpdir(), 'mwaa-check-diff-'));
  writeFileSync(join(requirementsDir, 'requirements.txt'), 'apache-airflow-providers-ssh\n');
});
afterAll(() => rmSync(requirementsDir, { recursive: true, force: true }));

describe.each(Object.keys(NOT_COMPARED))('check’s upgrade verdict on %s agrees with Airflow 3.3.1', (folder) => {
  const corpus = join(ROOT, folder);
  const compared = (f: string) => !(f in NOT_COMPARED[folder]!) && !ISSUE_13.test(f);

  it('says a file breaks on 3.3.1 exactly when 3.3.1’s DagBag has an import error for it', async () => {
    if (!existsSync(PYTHON))
      throw new Error(`${PYTHON} is missing: run infra/setup.d/21-airflow3.sh (part of infra/setup.sh)`);
    const [airflow, agent] = await Promise.all([
      airflowDump(corpus),
      new Promise<Report>((resolve, reject) =>
        execFile(
          process.execPath,
          [CLI, 'check', '--airflow-version', '2.10.3', '--airflow-version', '3.3.1', '--format', 'json'],
          {
            cwd: corpus,
            env: {
              ...process.env,
              MWAA_AGENT_REQUIREMENTS_DIR: requirementsDir,
              MWAA_AGENT_STATE_DIR: join(requirementsDir, 'state'),
            },
            maxBuffer: 64 * 1024 * 1024,
          },
          (e, stdout) => {
            if (e && (e as { code?: number }).code !== 1) reject(e);
            else resolve(JSON.parse(stdout) as Report);
          },
        ),
      ),
    ]);
    expect(airflow.airflow_version).toBe('3.3.1');
    const on3 = agent.versions.find((v) => v.airflow_version === '3.3.1')!;
    const ours = [...new Set(on3.broken.map((b) => b.file))].filter(compared).sort();
    const theirs = [...new Set(airflow.import_errors.map((e) => e.filename))].filter(compared).sort();
    expect(ours).toEqual(theirs);
    // The verdict's "newly broken" list is the same comparison against 2.10.3's reading.
    expect(on3.newly_broken.every((f) => on3.broken.some((b) => b.file === f))).toBe(true);
  }, 600_000);
});

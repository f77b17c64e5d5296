import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../agent/core/clock.js';
import { discoverDagFiles } from '../../../agent/dags/dag-discovery.js';
import { parseDagFolder } from '../../../agent/dags/dag-folder-parser.js';
import { dagParseJson, type DagParseJson } from '../../../agent/dags/dag-parse-json.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const CORPUS = join(ROOT, 'test/fixtures/dags/corpus');
const PYTHON = join(ROOT, '.venv/airflow/bin/python');
const NOW = '2024-06-15T12:34:56Z';

/**
 * Files where mwaa-agent deliberately differs from Airflow's DagBag, each with the reason. Everything else
 * must agree exactly.
 */
const ALLOW_LIST: Record<string, string> = {
  'cannot_while_loop.py': 'while loops are not followed (their bound is runtime state)',
  'cannot_os_environ.py': "bash_command comes from the agent process's environment, which differs from the worker's",
  'cannot_custom_timetable.py': 'Timetable objects are not evaluated; only cron strings, presets, timedeltas and None',
  'packaged_dags.zip': 'zip archives (packaged DAGs) are reported as unsupported instead of being imported',
};

interface AirflowDump extends DagParseJson {
  airflow_version: string;
  modules: Record<string, boolean>;
  files: string[];
}

const run = promisify(execFile);

describe('static DAG reading agrees with Airflow 2.10 DagBag on the corpus', () => {
  let airflow: AirflowDump;
  let agent: DagParseJson;

  beforeAll(async () => {
    if (!existsSync(PYTHON))
      throw new Error(`${PYTHON} is missing: run infra/setup.d/20-airflow.sh (part of infra/setup.sh)`);
    const { stdout } = await run(PYTHON, [join(ROOT, 'test/integration/dags/dagbag_dump.py'), CORPUS, NOW], {
      maxBuffer: 64 * 1024 * 1024,
    });
    airflow = JSON.parse(stdout) as AirflowDump;
    const modules = airflow.modules;
    const result = await parseDagFolder(CORPUS, {
      airflowVersion: airflow.airflow_version,
      clock: new ManualClock(NOW),
      isModuleAvailable: (m) => modules[m] ?? true,
      // Airflow puts the DAG folder on sys.path: its helper modules are followed.
      modulePaths: [CORPUS],
    });
    agent = dagParseJson(result);
  });

  it('has a corpus of at least 80 DAG files', () => {
    expect(airflow.files.length).toBeGreaterThanOrEqual(80);
  });

  it('lists an allow-listed file only when mwaa-agent reports it as cannot-evaluate or unsupported', () => {
    for (const file of Object.keys(ALLOW_LIST)) {
      const errors = agent.import_errors.filter((e) => e.filename === file);
      expect(errors.length, `${file} should be an import error in mwaa-agent`).toBeGreaterThan(0);
      expect(agent.dags.some((d) => d.fileloc === file)).toBe(false);
    }
  });

  it('reports an import error exactly for the files Airflow reports one for', () => {
    const theirs = new Set(airflow.import_errors.map((e) => e.filename));
    const ours = new Set(agent.import_errors.map((e) => e.filename).filter((f) => !(f in ALLOW_LIST)));
    const cannot = agent.import_errors.filter(
      (e) => e.message.startsWith('cannot evaluate') && !(e.filename in ALLOW_LIST),
    );
    expect(cannot, 'cannot-evaluate files missing from the allow-list').toEqual([]);
    expect([...ours].sort()).toEqual([...theirs].sort());
  });

  it('puts a module-level import error on the line Python reports', () => {
    for (const theirs of airflow.import_errors) {
      if (theirs.line === null) continue;
      const ours = agent.import_errors.find((e) => e.filename === theirs.filename);
      expect.soft(ours?.line, `${theirs.filename}: ${theirs.message}`).toBe(theirs.line);
    }
  });

  it('discovers the same files as Airflow (safe mode, .airflowignore, hidden files, sub-folders, zip)', async () => {
    const { files } = await discoverDagFiles(CORPUS);
    expect(files.map((f) => f.relativePath)).toEqual(airflow.files);
  });

  it('produces the same DAGs, field by field, for every file Airflow loads', () => {
    const skip = (fileloc: string) => fileloc in ALLOW_LIST || fileloc.startsWith('packaged_dags.zip');
    const theirs = airflow.dags.filter((d) => !skip(d.fileloc));
    const ours = agent.dags.filter((d) => !skip(d.fileloc));
    expect(ours.map((d) => d.dag_id)).toEqual(theirs.map((d) => d.dag_id));
    for (const [_i, dag] of theirs.entries())
      expect
        .soft(
          ours.find((d) => d.dag_id === dag.dag_id),
          `DAG ${dag.dag_id} (${dag.fileloc})`,
        )
        .toEqual(dag);
  });
});

describe('.airflowignore handling agrees with Airflow 2.10 list_py_file_paths', () => {
  const cases: [string, 'regexp' | 'glob'][] = [
    ['test/fixtures/dags/glob-ignore', 'glob'],
    ['test/fixtures/dags/regexp-nested', 'regexp'],
  ];
  it.each(cases)('lists the same files in %s (%s syntax)', async (dir, syntax) => {
    if (!existsSync(PYTHON))
      throw new Error(`${PYTHON} is missing: run infra/setup.d/20-airflow.sh (part of infra/setup.sh)`);
    const args = [
      join(ROOT, 'test/integration/dags/dagbag_dump.py'),
      join(ROOT, dir),
      NOW,
      ...(syntax === 'glob' ? ['--glob'] : []),
    ];
    const { stdout } = await run(PYTHON, args, { maxBuffer: 16 * 1024 * 1024 });
    const { files } = await discoverDagFiles(join(ROOT, dir), { ignoreSyntax: syntax });
    expect(files.map((f) => f.relativePath)).toEqual((JSON.parse(stdout) as AirflowDump).files);
  });
});

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { ManualClock } from '../../../agent/core/clock.js';
import { parseDagFolder } from '../../../agent/dags/dag-folder-parser.js';
import { dagParseJson, type DagParseJson } from '../../../agent/dags/dag-parse-json.js';
import { readPlugins } from '../../../agent/dags/plugin-reader.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const FIXTURE = join(ROOT, 'test/fixtures/dags/with-plugins');
const DAGS = join(FIXTURE, 'dags');
const PLUGINS = join(FIXTURE, 'plugins');
const PYTHON = join(ROOT, '.venv/airflow/bin/python');
const AIRFLOW = join(ROOT, '.venv/airflow/bin/airflow');
const NOW = '2024-06-15T12:34:56Z';
/** The fixture's plugin imports this module, which no environment has. */
const MISSING = 'mwaa_agent_fixture_missing';

const run = promisify(execFile);

/**
 * A DAG folder whose files import modules of the plugins folder (plugins.zip, unpacked), read by the agent and
 * by Airflow 2.10's DagBag with the same folder as [core] plugins_folder (which Airflow puts on sys.path);
 * and the folder's AirflowPlugin classes, read statically by `mwaa-agent plugins` and listed by the real
 * `airflow plugins -o json`.
 */
describe('a DAG folder importing from the plugins folder, against Airflow 2.10', () => {
  let airflow: DagParseJson;
  let agent: DagParseJson;
  let home: string;

  beforeAll(async () => {
    if (!existsSync(PYTHON))
      throw new Error(`${PYTHON} is missing: run infra/setup.d/20-airflow.sh (part of infra/setup.sh)`);
    home = mkdtempSync(join(tmpdir(), 'plugins-diff-'));
    const { stdout } = await run(
      PYTHON,
      [
        join(ROOT, 'test/integration/dags/dagbag_dump.py'),
        DAGS,
        NOW,
        '--env',
        `AIRFLOW__CORE__PLUGINS_FOLDER=${PLUGINS}`,
      ],
      // No __pycache__ written into the fixture folders.
      { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } },
    );
    airflow = JSON.parse(stdout) as DagParseJson;
    const result = await parseDagFolder(DAGS, {
      clock: new ManualClock(NOW),
      modulePaths: [DAGS, PLUGINS],
      isModuleAvailable: (m) => m.split('.')[0] !== MISSING,
      airflowVersion: '2.10.5',
    });
    agent = dagParseJson(result);
  });

  afterAll(() => {
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('loads the DAGs that use the plugin modules, field by field', () => {
    expect(agent.dags.map((d) => d.dag_id)).toEqual(['uses_plugin_helpers', 'uses_plugin_star']);
    expect(agent.dags).toEqual(airflow.dags);
  });

  it('reports the same import errors, with the same messages, on the same lines', () => {
    const simplify = (errors: DagParseJson['import_errors']) =>
      errors
        .map((e) => ({ filename: e.filename, line: e.line, message: e.message }))
        .sort((a, b) => a.filename.localeCompare(b.filename));
    const theirs = simplify(airflow.import_errors);
    const ours = simplify(agent.import_errors);
    expect(ours.map((e) => e.filename)).toEqual(theirs.map((e) => e.filename));
    for (const [i, e] of theirs.entries()) {
      expect.soft(ours[i]!.line, e.filename).toBe(e.line);
      // Python 3.11 words a syntax error more precisely than "invalid syntax"; the class and place agree.
      if (e.message.startsWith('SyntaxError')) expect.soft(ours[i]!.message).toMatch(/^SyntaxError: /);
      else expect.soft(ours[i]!.message, e.filename).toBe(e.message);
    }
  });

  it('lists the plugins `airflow plugins -o json` lists, attribute by attribute', async () => {
    const { stdout } = await run(AIRFLOW, ['plugins', '-o', 'json'], {
      env: {
        PATH: process.env.PATH,
        PYTHONDONTWRITEBYTECODE: '1',
        AIRFLOW_HOME: home,
        AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
        AIRFLOW__CORE__PLUGINS_FOLDER: PLUGINS,
        AIRFLOW__CORE__DAGS_FOLDER: DAGS,
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `sqlite:///${home}/airflow.db`,
      },
      maxBuffer: 16 * 1024 * 1024,
    });
    const theirs = (JSON.parse(stdout) as Record<string, unknown>[])
      .filter((p) => String(p.source).startsWith('$PLUGINS_FOLDER/'))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));
    const { plugins } = await readPlugins(PLUGINS, {
      attributes: airflowProfile('2.10.5').plugins.dumpedAttributes,
      ignoreSyntax: 'regexp',
      modulePaths: [DAGS, PLUGINS],
      isModuleAvailable: (m) => m.split('.')[0] !== MISSING,
      airflowVersion: '2.10.5',
    });
    const ours = plugins
      .map((p) => ({ name: p.name, ...p.attributes, source: p.source }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(ours.map((p) => p.name)).toEqual(['base_of_second', 'hello', 'second']);
    expect(ours).toEqual(theirs);
  });
});

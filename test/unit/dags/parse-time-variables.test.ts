import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../agent/core/clock.js';
import { EventBus } from '../../../agent/core/events.js';
import { silentLogger } from '../../../agent/core/logger.js';
import { parseDagFolder, type VariableReader } from '../../../agent/dags/dag-folder-parser.js';
import { DagRegistry } from '../../../agent/dags/dag-registry.js';

const MODELS = 'from airflow.models import Variable';
const SDK = 'from airflow.sdk import Variable';

const dagFile = (imports: string, read: string) =>
  `from datetime import datetime\nfrom airflow import DAG\nfrom airflow.operators.bash import BashOperator\n${imports}\n\nVALUE = ${read}\n\nwith DAG("d", start_date=datetime(2024, 1, 1), schedule=None, tags=[str(VALUE)]) as dag:\n    BashOperator(task_id="t", bash_command="echo hi")\n`;

const from =
  (vars: Record<string, string>): VariableReader =>
  async (key) =>
    key in vars ? { kind: 'value', value: vars[key]! } : { kind: 'missing' };

async function readOne(source: string, version: string, readVariable?: VariableReader) {
  const dir = await mkdtemp(join(tmpdir(), 'parse-vars-'));
  try {
    await writeFile(join(dir, 'f.py'), source);
    return await parseDagFolder(dir, {
      airflowVersion: version,
      pythonVersion: '3.11',
      clock: new ManualClock('2024-06-15T00:00:00Z'),
      readVariable,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('Variable.get while a DAG file is parsed', () => {
  it.each([
    ['a value found', '2.10.5', MODELS, 'Variable.get("host")', { host: 'web1' }, 'web1'],
    ['default_var for a missing one (airflow.models)', '2.10.5', MODELS, 'Variable.get("x", default_var="d")', {}, 'd'],
    ['default_var given positionally', '2.10.5', MODELS, 'Variable.get("x", "d")', {}, 'd'],
    ['default for a missing one (airflow.sdk, 3.x)', '3.0.6', SDK, 'Variable.get("x", default="d")', {}, 'd'],
    ['a found value over the default', '3.3.1', SDK, 'Variable.get("host", default="d")', { host: 'web1' }, 'web1'],
    [
      'deserialize_json=True as Python values',
      '2.10.5',
      MODELS,
      'Variable.get("cfg", deserialize_json=True)["hosts"][1]',
      { cfg: '{"hosts": ["a", "b"]}' },
      'b',
    ],
  ])('reads %s', async (_what, version, imports, read, vars, tag) => {
    const r = await readOne(dagFile(imports, read), version, from(vars));
    expect(r.importErrors).toEqual([]);
    expect(r.dags[0]?.tags).toEqual([tag]);
  });

  it("gives a missing variable without default Airflow 2's KeyError and the traceback Airflow stores", async () => {
    const r = await readOne(dagFile(MODELS, 'Variable.get("absent")'), '2.10.5', from({}));
    const [error] = r.importErrors;
    expect(error?.message).toBe("KeyError: 'Variable absent does not exist'");
    expect(error?.line).toBe(6);
    expect(error?.stackTrace).toMatch(
      /^Traceback \(most recent call last\):\n {2}File ".*\/f\.py", line 6, in <module>\n {4}VALUE = Variable\.get\("absent"\)\n {12}\^{22}\n {2}File "\/usr\/local\/airflow\/\.local\/lib\/python3\.11\/site-packages\/airflow\/models\/variable\.py", line 145, in get\n {4}raise KeyError\(f"Variable \{key\} does not exist"\)\nKeyError: 'Variable absent does not exist'\n$/,
    );
  });

  it("gives Airflow 3.3's AirflowRuntimeError for a missing variable of the Task SDK", async () => {
    const r = await readOne(dagFile(SDK, 'Variable.get("absent")'), '3.3.1', from({}));
    expect(r.importErrors[0]?.message).toBe(
      "airflow.sdk.exceptions.AirflowRuntimeError: VARIABLE_NOT_FOUND: {'message': 'Variable absent not found'}",
    );
  });

  it("rejects Airflow 2's default_var on the Task SDK's Variable with Python's TypeError", async () => {
    const r = await readOne(dagFile(SDK, 'Variable.get("x", default_var="d")'), '3.0.6', from({}));
    expect(r.importErrors[0]?.message).toBe(
      "TypeError: Variable.get() got an unexpected keyword argument 'default_var'",
    );
  });

  it('makes an unreadable variable source an import error that says so, not a crash', async () => {
    const failing: VariableReader = async () => {
      throw new Error('database disk image is malformed');
    };
    const r = await readOne(dagFile(MODELS, 'Variable.get("host")'), '2.10.5', failing);
    expect(r.importErrors[0]?.message).toBe(
      "KeyError: 'Variable host does not exist'\nmwaa-agent: the variables could not be read (database disk image is malformed); Airflow reads that as no variable",
    );
  });

  it('re-parses a file that read a variable when the variable changes, and only that file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parse-vars-'));
    try {
      const vars: Record<string, string> = { host: 'web1' };
      await writeFile(join(dir, 'reads.py'), dagFile(MODELS, 'Variable.get("host")'));
      await writeFile(
        join(dir, 'plain.py'),
        'from datetime import datetime\nfrom airflow import DAG\nwith DAG("plain", start_date=datetime(2024, 1, 1), schedule=None):\n    pass\n',
      );
      const events = new EventBus();
      const parses: number[] = [];
      events.on('dags:parsed', (p) => parses.push(p.files));
      const seen: string[] = [];
      const registry = new DagRegistry({
        dagsDir: dir,
        airflowVersion: () => '2.10.3',
        clock: new ManualClock(),
        log: silentLogger(),
        events,
        readVariable: from(vars),
        parseFile: async (file, opts) => {
          seen.push(file.relativePath);
          const { parseDiscoveredFile } = await import('../../../agent/dags/dag-folder-parser.js');
          return parseDiscoveredFile(file, opts);
        },
      });
      await registry.refresh();
      expect(registry.get('d')?.tags).toEqual(['web1']);
      seen.length = 0;
      await registry.refreshVariables();
      expect(seen).toEqual([]);
      vars.host = 'web2';
      await registry.refreshVariables();
      expect(seen).toEqual(['reads.py']);
      expect(registry.get('d')?.tags).toEqual(['web2']);
      delete vars.host;
      await registry.refreshVariables();
      expect(registry.importErrors().map((e) => e.message)).toEqual(["KeyError: 'Variable host does not exist'"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

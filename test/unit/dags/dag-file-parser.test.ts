import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../agent/core/clock.js';
import { parseDagFile, type DagParseOptions } from '../../../agent/dags/dag-file-parser.js';

const IMPORTS =
  'from datetime import datetime, timedelta\nfrom airflow import DAG\nfrom airflow.decorators import dag\nfrom airflow.operators.empty import EmptyOperator\n';

async function parse(body: string, opts: DagParseOptions = {}) {
  const source = IMPORTS + body;
  return parseDagFile(
    { absolutePath: '/dags/f.py', relativePath: 'f.py', source },
    // Airflow 2's semantics (this file's tables); Airflow 3's are in dag-file-parser-airflow3.test.ts.
    { clock: new ManualClock('2024-06-15T12:34:56Z'), airflowVersion: '2.10.3', ...opts },
  );
}

async function dagIds(body: string): Promise<string[]> {
  return (await parse(body)).dags.map((d) => d.dagId).sort();
}

describe('which DAGs a module registers (Airflow 2.4+ table)', () => {
  it.each([
    ['assigned DAG()', 'd = DAG("a", schedule=None)', ['a']],
    ['with … as', 'with DAG("a", schedule=None) as d:\n    pass', ['a']],
    ['with without as', 'with DAG("a", schedule=None):\n    pass', ['a']],
    ['@dag called and assigned', '@dag(schedule=None)\ndef f():\n    pass\nx = f()', ['f']],
    ['@dag called, result dropped', '@dag(schedule=None)\ndef f():\n    pass\nf()', ['f']],
    ['@dag never called', '@dag(schedule=None)\ndef f():\n    pass', []],
    ['DAG() built in a function and dropped', 'def mk():\n    return DAG("x", schedule=None)\nmk()', []],
    ['DAG reassigned in a loop', 'for i in range(3):\n    d = DAG(f"d{i}", schedule=None)', ['d2']],
    [
      'with-DAG in a loop',
      'for i in range(3):\n    with DAG(f"d{i}", schedule=None) as d:\n        pass',
      ['d0', 'd1', 'd2'],
    ],
    ['auto_register=False without a global', 'with DAG("a", schedule=None, auto_register=False):\n    pass', []],
  ])('%s', async (_name, body, expected) => {
    expect(await dagIds(body)).toEqual(expected);
  });
});

describe('evaluated values', () => {
  it('reads days_ago() from the injected clock (midnight UTC minus n days)', async () => {
    const r = await parse(
      'from airflow.utils.dates import days_ago\nwith DAG("a", start_date=days_ago(2), schedule="@daily"):\n    EmptyOperator(task_id="t")',
    );
    expect(r.dags[0]!.startDate).toBe('2024-06-13T00:00:00+00:00');
  });

  it('evaluates datetime.now() at the parse time, as Airflow does at every parse', async () => {
    const r = await parse('with DAG("a", start_date=datetime.now() - timedelta(days=1), schedule="@daily"):\n    pass');
    expect(r.dags[0]!.startDate).toBe('2024-06-14T12:34:56+00:00');
  });

  it('converts a zoned start date to UTC and keeps the zone name', async () => {
    const r = await parse(
      'import pendulum\nwith DAG("a", start_date=pendulum.datetime(2024, 1, 1, tz="Europe/Amsterdam"), schedule="@daily"):\n    pass',
    );
    expect([r.dags[0]!.startDate, r.dags[0]!.timezone]).toEqual(['2023-12-31T23:00:00+00:00', 'Europe/Amsterdam']);
  });

  it.each([
    ['"@daily"', { kind: 'cron', expression: '0 0 * * *' }, '@daily'],
    ['timedelta(hours=2)', { kind: 'delta', seconds: 7200 }, { timedelta_seconds: 7200 }],
    ['None', { kind: 'none' }, null],
    ['"@once"', { kind: 'once' }, '@once'],
  ])('schedule=%s', async (schedule, spec, written) => {
    const r = await parse(`with DAG("a", start_date=datetime(2024, 1, 1), schedule=${schedule}):\n    pass`);
    expect([r.dags[0]!.schedule, r.dags[0]!.scheduleAsWritten]).toEqual([spec, written]);
  });

  it('defaults to a one-day timedelta when no schedule is given', async () => {
    const r = await parse('with DAG("a", start_date=datetime(2024, 1, 1)):\n    pass');
    expect(r.dags[0]!.schedule).toEqual({ kind: 'delta', seconds: 86400 });
  });

  it('merges default_args below explicit kwargs and applies operator parameters from default_args', async () => {
    const r = await parse(
      'from airflow.providers.ssh.operators.ssh import SSHOperator\n' +
        'args = {"retries": 2, "ssh_conn_id": "box", "not_a_param": 1}\n' +
        'with DAG("a", start_date=datetime(2024, 1, 1), default_args=args):\n' +
        '    SSHOperator(task_id="t", command="hostname", retries=5)',
    );
    const t = r.dags[0]!.tasks[0]!;
    expect([t.retries, t.args.ssh_conn_id, t.args.command]).toEqual([5, 'box', 'hostname']);
  });

  it('prefixes TaskGroup children and links group roots and leaves', async () => {
    const r = await parse(
      'from airflow.utils.task_group import TaskGroup\n' +
        'with DAG("a", schedule=None):\n    s = EmptyOperator(task_id="s")\n    with TaskGroup("g") as g:\n' +
        '        x = EmptyOperator(task_id="x")\n        y = EmptyOperator(task_id="y")\n        x >> y\n    s >> g',
    );
    expect(r.dags[0]!.tasks.map((t) => [t.taskId, t.downstream])).toEqual([
      ['g.x', ['g.y']],
      ['g.y', []],
      ['s', ['g.x']],
    ]);
  });
});

describe('import errors', () => {
  it('names the first missing package of an unavailable provider import, at the import line', async () => {
    const r = await parse('from airflow.providers.ssh.operators.ssh import SSHOperator\n', {
      isModuleAvailable: (m) => !m.startsWith('airflow.providers.ssh'),
    });
    expect(r.importErrors.map(({ stackTrace: _, ...e }) => e)).toEqual([
      { filename: 'f.py', line: 5, column: 1, message: "ModuleNotFoundError: No module named 'airflow.providers.ssh'" },
    ]);
    expect(r.importErrors[0]?.stackTrace).toMatch(
      /\n {2}File ".*f\.py", line 5, in <module>\n {4}from airflow\.providers\.ssh\.operators\.ssh import SSHOperator\nModuleNotFoundError: No module named 'airflow\.providers\.ssh'\n$/,
    );
  });

  it('reports a construct it cannot follow with file, line and column, and no DAG', async () => {
    const r = await parse(
      'import os\nwith DAG("a", start_date=datetime(2024, 1, 1)):\n    EmptyOperator(task_id="t", retries=os.environ["RETRIES"])',
    );
    expect(r.dags).toEqual([]);
    expect(r.importErrors[0]!.message).toBe('cannot evaluate retries from os.environ["RETRIES"] at f.py:7:40');
  });

  it.each([
    ['a syntax error', 'with DAG("a"\n', /^SyntaxError: '\(' was never closed$/],
    [
      '[a, b] >> [c, d]',
      'with DAG("a", schedule=None):\n    a, b, c, d = [EmptyOperator(task_id=i) for i in "abcd"]\n    [a, b] >> [c, d]',
      /^TypeError: unsupported operand type\(s\) for >>: 'list' and 'list'$/,
    ],
    [
      'a missing start_date',
      'with DAG("a", schedule="@daily"):\n    pass',
      /^ValueError: DAG is missing the start_date parameter$/,
    ],
    [
      'two schedule arguments',
      'DAG("a", start_date=datetime(2024, 1, 1), schedule="@daily", schedule_interval="@daily")',
      /^ValueError: At most one allowed/,
    ],
    [
      'a duplicate task id',
      'with DAG("a", schedule=None):\n    EmptyOperator(task_id="t")\n    EmptyOperator(task_id="t")',
      /^DuplicateTaskIdFound: Task id 't' has already been added to the DAG$/,
    ],
    [
      'a bad dag id',
      'DAG("a b", schedule=None)',
      /has to be made of alphanumeric characters, dashes, dots and underscores exclusively$/,
    ],
    [
      'a cycle',
      'with DAG("a", schedule=None):\n    x = EmptyOperator(task_id="x")\n    y = EmptyOperator(task_id="y")\n    x >> y >> x',
      /^AirflowDagCycleException: Cycle detected in DAG: a\. Faulty task: y$/,
    ],
    [
      'an invalid cron',
      'd = DAG("a", start_date=datetime(2024, 1, 1), schedule="61 * * * *")',
      /^AirflowTimetableInvalid: \[61 \* \* \* \*\] is not acceptable, out of range$/,
    ],
    ['an undefined name', 'DAG(MISSING)', /^NameError: name 'MISSING' is not defined$/],
  ])('%s', async (_name, body, message) => {
    const r = await parse(body);
    expect(r.importErrors.map((e) => e.message)).toEqual([expect.stringMatching(message)]);
  });

  it('keeps the other DAGs of a file when one fails bag-time validation', async () => {
    const r = await parse(
      'with DAG("bad", schedule=None):\n    x = EmptyOperator(task_id="x")\n    x >> x\nwith DAG("good", schedule=None):\n    pass',
    );
    expect([r.dags.map((d) => d.dagId), r.importErrors.length]).toEqual([['good'], 1]);
  });
});

describe('bad input never stalls or crashes the reader', () => {
  it.each([
    ['a huge range', 'for i in range(10**9):\n    pass'],
    ['runaway recursion', 'def f(n):\n    return f(n + 1)\nf(0)'],
    ['a huge repeated string', 'x = "a" * 10**9'],
    ['a long loop', 'for i in range(90000):\n    for j in range(3):\n        pass'],
  ])('%s becomes a cannot-evaluate import error', async (_name, body) => {
    const r = await parse(body);
    expect(r.importErrors[0]!.message).toMatch(/^cannot evaluate /);
  });

  it('reports any source text as DAGs or import errors, never an exception', async () => {
    const fc = await import('fast-check');
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        const r = await parse(`with DAG("a", schedule=None):\n    ${text}`);
        return Array.isArray(r.dags) && Array.isArray(r.importErrors);
      }),
      { numRuns: 200 },
    );
  });
});

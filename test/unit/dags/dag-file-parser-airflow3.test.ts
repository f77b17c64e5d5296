import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../agent/core/clock.js';
import { parseDagFile, type DagParseOptions } from '../../../agent/dags/dag-file-parser.js';
import { mergeFileResults } from '../../../agent/dags/dag-file-merge.js';

/** One file read by the given Airflow version (the real versions' answers are in the DagBag differential test). */
async function parse(source: string, airflowVersion: string, opts: DagParseOptions = {}) {
  return parseDagFile(
    { absolutePath: '/dags/f.py', relativePath: 'f.py', source },
    { clock: new ManualClock('2024-06-15T12:34:56Z'), airflowVersion, ...opts },
  );
}

const SDK = 'from datetime import datetime, timedelta\nfrom airflow.sdk import DAG, dag, task\n';
const EMPTY = 'from airflow.providers.standard.operators.empty import EmptyOperator\n';

describe('Airflow 3 forms', () => {
  it.each(['3.0.6', '3.2.1', '3.3.1'])('reads @dag and @task from airflow.sdk on %s', async (v) => {
    const r = await parse(
      `${SDK}@dag(schedule="@daily", start_date=datetime(2024, 1, 1))\ndef d():\n    @task\n    def a():\n        return 1\n    @task.bash\n    def b(x):\n        return "true"\n    b(a())\nd()\n`,
      v,
    );
    expect(r.importErrors).toEqual([]);
    expect(r.dags[0]!.tasks.map((t) => [t.taskId, t.operator, t.downstream])).toEqual([
      ['a', '_PythonDecoratedOperator', ['b']],
      ['b', '_BashDecoratedOperator', []],
    ]);
  });

  it('gives a DAG that names no schedule none, no catchup and no start_date on 3.x, one day and catchup on 2.x', async () => {
    const body = `${EMPTY}from airflow import DAG\nwith DAG("d"):\n    EmptyOperator(task_id="t")\n`;
    const three = (await parse(body, '3.3.1')).dags[0]!;
    expect([three.schedule, three.timetable, three.catchup, three.startDate]).toEqual([
      { kind: 'none' },
      { type: 'NullTimetable', summary: 'None' },
      false,
      null,
    ]);
    const two = (await parse(body.replace(EMPTY, 'from airflow.operators.empty import EmptyOperator\n'), '2.10.3'))
      .dags[0]!;
    expect([two.schedule, two.timetable.type, two.catchup]).toEqual([
      { kind: 'delta', seconds: 86_400 },
      'DeltaDataIntervalTimetable',
      true,
    ]);
  });

  it.each([
    [
      '"30 2 * * mon-fri"',
      { kind: 'cron-trigger', expression: '30 2 * * mon-fri', intervalSeconds: 0, runImmediately: false },
    ],
    ['"@daily"', { kind: 'cron-trigger', expression: '0 0 * * *', intervalSeconds: 0, runImmediately: false }],
    ['timedelta(minutes=90)', { kind: 'delta-trigger', seconds: 5400, intervalSeconds: 0 }],
    ['"@once"', { kind: 'once' }],
  ])('maps schedule=%s to a trigger timetable on 3.x', async (schedule, expected) => {
    const r = await parse(
      `${SDK}${EMPTY}with DAG("d", start_date=datetime(2024, 1, 1), schedule=${schedule}):\n    EmptyOperator(task_id="t")\n`,
      '3.3.1',
    );
    expect(r.dags[0]!.schedule).toEqual(expected);
  });

  it('keeps data-interval timetables when [scheduler] create_cron_data_intervals is on (a timedelta follows it on 3.x)', async () => {
    const r = await parse(
      `${SDK}${EMPTY}with DAG("d", start_date=datetime(2024, 1, 1), schedule=timedelta(hours=1)):\n    EmptyOperator(task_id="t")\n`,
      '3.3.1',
      { createCronDataIntervals: true },
    );
    expect(r.dags[0]!.schedule).toEqual({ kind: 'delta', seconds: 3600 });
  });

  it('reads asset schedules, expressions, AssetOrTimeSchedule and outlets', async () => {
    const r = await parse(
      `${SDK}${EMPTY}from airflow.sdk import Asset, AssetAlias\nfrom airflow.timetables.assets import AssetOrTimeSchedule\nfrom airflow.timetables.trigger import CronTriggerTimetable\na = Asset("s3://lake/a/")\nb = Asset(name="b", uri="s3://lake/b")\n` +
        `with DAG("x", start_date=datetime(2024, 1, 1), schedule=(a & b) | AssetAlias("al")):\n    EmptyOperator(task_id="t", outlets=[a])\n` +
        `with DAG("y", start_date=datetime(2024, 1, 1), schedule=AssetOrTimeSchedule(timetable=CronTriggerTimetable("0 1 * * 3", timezone="UTC"), assets=[a])):\n    EmptyOperator(task_id="t")\n`,
      '3.0.6',
    );
    const [x, y] = r.dags;
    const A = { className: 'Asset', name: 's3://lake/a/', uri: 's3://lake/a', group: 'asset' };
    expect(x!.schedule).toEqual({
      kind: 'assets',
      condition: {
        kind: 'any',
        of: [
          {
            kind: 'all',
            of: [
              { kind: 'asset', asset: A },
              { kind: 'asset', asset: { className: 'Asset', name: 'b', uri: 's3://lake/b', group: 'asset' } },
            ],
          },
          { kind: 'alias', alias: { className: 'AssetAlias', name: 'al', group: 'asset' } },
        ],
      },
    });
    expect(x!.tasks[0]!.outlets).toEqual([{ kind: 'asset', asset: A }]);
    expect(y!.timetable).toEqual({ type: 'AssetOrTimeSchedule', summary: 'Asset or 0 1 * * 3' });
    expect(y!.scheduleAsWritten).toEqual({ timetable: 'AssetOrTimeSchedule', summary: 'Asset or 0 1 * * 3' });
  });

  it("refuses the reserved airflow:// asset scheme with Airflow's ValueError", async () => {
    const r = await parse(`${SDK}from airflow.sdk import Asset\nx = Asset("airflow://nope")\n`, '3.3.1');
    expect(r.importErrors[0]!.message).toBe("ValueError: Asset scheme 'airflow' is reserved");
  });

  it('marks @setup/@teardown and .as_teardown(setups=…) tasks, with the teardown trigger rule', async () => {
    const r = await parse(
      `${SDK}from airflow.sdk import setup, teardown\nfrom airflow.providers.standard.operators.bash import BashOperator\nwith DAG("d", schedule=None):\n` +
        `    @setup\n    def up():\n        pass\n    @teardown\n    def down():\n        pass\n    up() >> down()\n` +
        `    m = BashOperator(task_id="m", bash_command="true").as_setup()\n    u = BashOperator(task_id="u", bash_command="true").as_teardown(setups=m)\n`,
      '3.3.1',
    );
    expect(r.dags[0]!.tasks.map((t) => [t.taskId, t.isSetup, t.isTeardown, t.triggerRule, t.downstream])).toEqual([
      ['down', false, true, 'all_done_setup_success', []],
      ['m', true, false, 'all_success', ['u']],
      ['u', false, true, 'all_done_setup_success', []],
      ['up', true, false, 'all_success', ['down']],
    ]);
  });

  it('links through Label(…) edges and reads operator classes the file defines', async () => {
    const r = await parse(
      `${SDK}${EMPTY}from airflow.sdk import Label, BaseOperator\nclass Noop(BaseOperator):\n    def execute(self, context):\n        pass\n` +
        `with DAG("d", schedule=None):\n    EmptyOperator(task_id="a") >> Label("why") >> Noop(task_id="b")\n`,
      '3.3.1',
    );
    expect(r.dags[0]!.tasks.map((t) => [t.taskId, t.operator, t.downstream])).toEqual([
      ['a', 'EmptyOperator', ['b']],
      ['b', 'Noop', []],
    ]);
  });
});

describe('what Airflow 3 removed', () => {
  it.each([
    [
      'schedule_interval=None',
      "TypeError: DAG.__init__() got an unexpected keyword argument 'schedule_interval'",
      'mwaa-agent: Airflow 3 removed schedule_interval=; write schedule=None instead',
    ],
    [
      'concurrency=4',
      "TypeError: DAG.__init__() got an unexpected keyword argument 'concurrency'",
      'mwaa-agent: Airflow 3 removed concurrency=; write max_active_tasks=4 instead',
    ],
    [
      'default_view="graph"',
      "TypeError: DAG.__init__() got an unexpected keyword argument 'default_view'",
      'mwaa-agent: Airflow 3 removed default_view=; delete it',
    ],
  ])('%s is a TypeError on the DAG line, with one line saying what to write', async (arg, message, hint) => {
    const r = await parse(`${SDK}${EMPTY}\nwith DAG("d", ${arg}):\n    EmptyOperator(task_id="t")\n`, '3.3.1');
    expect(r.importErrors).toEqual([{ filename: 'f.py', line: 5, column: 6, message: `${message}\n${hint}` }]);
  });

  it("puts the guide's @dag TypeError on the line that calls the DAG function", async () => {
    const guide = `from airflow.decorators import dag\nfrom datetime import datetime\n\n@dag(dag_id="x", schedule_interval=None, start_date=datetime(2022, 1, 1))\ndef x():\n    pass\n\nmy_dag = x()\n`;
    const r = await parse(guide, '3.3.1');
    expect(r.importErrors[0]!.line).toBe(8);
    expect(r.importErrors[0]!.message.split('\n')[0]).toBe(
      "TypeError: DAG.__init__() got an unexpected keyword argument 'schedule_interval'",
    );
    expect(r.warnings?.map((w) => w.message)).toEqual([
      "The `airflow.decorators.dag` attribute is deprecated. Please use `'airflow.sdk.dag'`.",
    ]);
  });

  it("gives a removed operator argument Airflow 3's TypeError (2.x: AirflowException)", async () => {
    const r = await parse(
      `${SDK}from airflow.providers.standard.operators.bash import BashOperator\nwith DAG("d", schedule=None):\n    BashOperator(task_id="t", bash_command="true", task_concurrency=2)\n`,
      '3.0.6',
    );
    expect(r.importErrors[0]!.message).toBe(
      "TypeError: Invalid arguments were passed to BashOperator (task_id: t). Invalid arguments were:\n**kwargs: {'task_concurrency': 2}\nmwaa-agent: Airflow 3 removed task_concurrency=; write max_active_tis_per_dag=2 instead",
    );
  });

  it.each([
    [
      'from airflow.operators.dummy import DummyOperator',
      "ModuleNotFoundError: No module named 'airflow.operators.dummy'",
    ],
    [
      'from airflow.contrib.operators.ssh_operator import SSHOperator',
      "ModuleNotFoundError: No module named 'airflow.contrib'",
    ],
    [
      'from airflow.utils.dates import days_ago',
      "ImportError: cannot import name 'days_ago' from 'airflow.utils.dates' (/usr/local/airflow/.local/lib/python3.12/site-packages/airflow/utils/dates.py)",
    ],
  ])('%s fails as on Airflow 3', async (line, message) => {
    for (const v of ['3.0.6', '3.3.1']) expect((await parse(`${line}\n`, v)).importErrors[0]!.message).toBe(message);
    expect((await parse(`${line}\n`, '2.10.3')).importErrors).toEqual([]);
  });

  it('records the deprecation warning of a legacy import path on 3.3.1, not on 3.0.6 (its DeprecationWarning is filtered)', async () => {
    const line = 'from airflow.operators.bash import BashOperator\n';
    expect((await parse(line, '3.3.1')).warnings).toEqual([
      {
        filename: 'f.py',
        line: 1,
        category: 'airflow.utils.deprecation_tools.DeprecatedImportWarning',
        message:
          "The `airflow.operators.bash.BashOperator` attribute is deprecated. Please use `'airflow.providers.standard.operators.bash.BashOperator'`.",
      },
    ]);
    expect((await parse(line, '3.0.6')).warnings).toBeUndefined();
  });

  it('reads Dataset as a 2.x dataset, as an Asset on 3.0.6, and fails on 3.3.1', async () => {
    const body = `from datetime import datetime\nfrom airflow import DAG\nfrom airflow.datasets import Dataset\nwith DAG("d", start_date=datetime(2024, 1, 1), schedule=[Dataset("s3://x")]):\n    pass\n`;
    const two = (await parse(body, '2.10.3')).dags[0]!;
    expect([two.timetable, two.scheduleAsWritten]).toEqual([
      { type: 'DatasetTriggeredTimetable', summary: 'Dataset' },
      'Dataset',
    ]);
    const three = (await parse(body, '3.0.6')).dags[0]!;
    expect(three.timetable).toEqual({ type: 'AssetTriggeredTimetable', summary: 'Asset' });
    expect((await parse(body, '3.3.1')).importErrors[0]!.message).toBe(
      "ModuleNotFoundError: No module named 'airflow.datasets'",
    );
  });

  it("gives a file mixing 2.x-only and 3.x-only forms the error of the chosen version's Airflow", async () => {
    const mixed = `from datetime import datetime\nfrom airflow import DAG\nfrom airflow.sdk import Asset\nwith DAG("d", start_date=datetime(2024, 1, 1), schedule_interval="@daily"):\n    pass\n`;
    expect(
      (await parse(mixed, '2.10.3', { isModuleAvailable: (m) => !m.startsWith('airflow.sdk') })).importErrors[0]!
        .message,
    ).toBe("ModuleNotFoundError: No module named 'airflow.sdk'");
    expect((await parse(mixed, '3.3.1')).importErrors[0]!.message.split('\n')[0]).toBe(
      "TypeError: DAG.__init__() got an unexpected keyword argument 'schedule_interval'",
    );
  });

  it('warns about sla= and still loads the task', async () => {
    const r = await parse(
      `${SDK}from airflow.providers.standard.operators.bash import BashOperator\nwith DAG("d", schedule=None):\n    BashOperator(task_id="t", bash_command="true", sla=timedelta(hours=1))\n`,
      '3.3.1',
    );
    expect(r.dags).toHaveLength(1);
    expect(r.warnings?.map((w) => `${w.category}: ${w.message}`)).toEqual([
      'UserWarning: The SLA feature is removed in Airflow 3.0, replaced with Deadline Alerts in >=3.1',
    ]);
  });

  it('requires a start_date only with catchup=True on 3.x', async () => {
    const r = await parse(`${SDK}with DAG("d", schedule="@daily", catchup=True):\n    pass\n`, '3.3.1');
    expect(r.importErrors[0]!.message).toBe('ValueError: start_date is required when catchup=True');
    expect((await parse(`${SDK}with DAG("d", schedule="@daily"):\n    pass\n`, '3.3.1')).dags).toHaveLength(1);
  });

  it.each([
    ['3.0.6', 'AirflowDagCycleException: Cycle detected in DAG: d. Faulty task: b'],
    ['3.3.1', 'AirflowDagCycleException: Cycle detected in Dag: d. Faulty task: b'],
  ])('words a cycle as %s does', async (v, message) => {
    const r = await parse(
      `${SDK}${EMPTY}with DAG("d", schedule=None):\n    a = EmptyOperator(task_id="a")\n    b = EmptyOperator(task_id="b")\n    a >> b >> a\n`,
      v,
    );
    expect(r.importErrors[0]!.message).toBe(message);
  });

  it("reports CPython's indentation errors, which tree-sitter's recovery would accept", async () => {
    const r = await parse(`${SDK}with DAG("d", schedule=None):\n    pass\n      x = 1\n`, '3.3.1');
    expect(r.importErrors[0]).toMatchObject({ line: 5, message: 'IndentationError: unexpected indent' });
    const header = await parse(`${SDK}with DAG("d", schedule=None):\nx = 1\n`, '3.3.1');
    expect(header.importErrors[0]).toMatchObject({
      line: 4,
      message: "IndentationError: expected an indented block after 'with' statement on line 3",
    });
  });
});

describe('a dag_id in two files', () => {
  const file = (name: string) => ({ relativePath: name, dags: [], importErrors: [] });
  it('keeps the later file on 3.x (each file has its own bag), with a warning on the earlier one', async () => {
    const src = `${SDK}with DAG("same", schedule=None):\n    pass\n`;
    const a = { ...file('a.py'), ...(await parse(src, '3.3.1')) };
    const b = { ...file('b.py'), ...(await parse(src, '3.3.1')) };
    a.dags = a.dags.map((d) => ({ ...d, relativeFileloc: 'a.py' }));
    b.dags = b.dags.map((d) => ({ ...d, relativeFileloc: 'b.py' }));
    const merged = mergeFileResults([a, b], 'each-file-alone');
    expect(merged.importErrors).toEqual([]);
    expect(merged.dags.map((d) => d.relativeFileloc)).toEqual(['b.py']);
    expect(merged.warnings?.[0]).toMatchObject({ filename: 'a.py', category: 'mwaa-agent' });
    expect(mergeFileResults([a, b], 'import-error').importErrors[0]!.message).toMatch(
      /^AirflowDagDuplicatedIdException: Ignoring DAG same from b.py - also found in a.py/,
    );
  });
});

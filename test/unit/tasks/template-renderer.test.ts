import { mkdtempSync, writeFileSync } from 'node:fs';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncConnectionLookup } from '../../../agent/tasks/attempt-lookups.js';
import { AgentError } from '../../../agent/core/errors.js';
import type { DagSpec } from '../../../agent/dags/dag-model.js';
import type { AirflowProfile } from '../../../agent/airflow/airflow-profile.js';
import { TaskLogMasker } from '../../../agent/tasks/task-log-masker.js';
import { buildTemplateContext } from '../../../agent/tasks/template-context.js';
import { renderTemplateFields } from '../../../agent/tasks/template-renderer.js';
import { task as taskSpec } from '../../../harness/dag-specs.js';
import { dagRunRecord } from '../../../harness/run-records.js';

const P210: AirflowProfile = airflowProfile('2.10.3', '3.14.0');
const P222: AirflowProfile = airflowProfile('2.2.2', '2.3.0');

const task = taskSpec('t', { operator: 'BashOperator', line: 1 });
const dag = {
  dagId: 'd',
  fileloc: '/dags/d.py',
  params: { who: 'dag', keep: 'k' },
  tags: [],
  description: null,
} as unknown as DagSpec;
const run = dagRunRecord({
  runId: 'scheduled__2024-01-02T06:00:00+00:00',
  runType: 'scheduled',
  state: 'running',
  logicalDate: '2024-01-02T06:00:00+00:00',
  dataIntervalStart: '2024-01-02T06:00:00+00:00',
  dataIntervalEnd: '2024-01-03T06:00:00+00:00',
  conf: { who: 'conf' },
  externalTrigger: false,
  queuedAt: null,
});
const connections: SyncConnectionLookup = {
  get(id) {
    if (id !== 'my_ssh') throw new AgentError('CONNECTION_NOT_FOUND', `The conn_id \`${id}\` isn't defined`);
    return {
      source: 'env',
      connection: {
        connId: id,
        connType: 'ssh',
        description: null,
        host: 'h.example',
        schema: null,
        login: 'u',
        password: 'pw',
        port: 22,
        extra: '{"key_file":"/k"}',
      },
    };
  },
};

function render(template: unknown, profile = P210, searchPath = '/nonexistent', ext: string[] = ['.sh']): unknown {
  const context = buildTemplateContext({
    dag,
    task,
    run,
    tryNumber: 1,
    profile,
    connections,
    masker: new TaskLogMasker(),
    env: { AIRFLOW_VAR_GREETING: 'hi', AIRFLOW_VAR_CFG: '{"a": [1, 2]}' },
    getVariable: (k) => (k === 'stored' ? 'from-store' : undefined),
  });
  return renderTemplateFields({ args: { cmd: template }, fields: ['cmd'], templateExt: ext, searchPath, context }).cmd;
}

describe('Airflow template context', () => {
  it.each([
    ['{{ ds }}', '2024-01-02'],
    ['{{ ds_nodash }}', '20240102'],
    ['{{ ts }}', '2024-01-02T06:00:00+00:00'],
    ['{{ ts_nodash }}', '20240102T060000'],
    ['{{ ts_nodash_with_tz }}', '20240102T060000+0000'],
    ['{{ logical_date }}', '2024-01-02 06:00:00+00:00'],
    ['{{ execution_date }}', '2024-01-02 06:00:00+00:00'],
    ['{{ data_interval_end | ds }}', '2024-01-03'],
    ['{{ data_interval_start.strftime("%Y/%m/%d %H") }}', '2024/01/02 06'],
    ['{{ run_id }}', 'scheduled__2024-01-02T06:00:00+00:00'],
    ['{{ dag.dag_id }}.{{ task.task_id }}', 'd.t'],
    ['{{ params.who }} {{ params.keep }}', 'conf k'],
    ['{{ var.value.greeting }} {{ var.value.stored }}', 'hi from-store'],
    ["{{ var.value.get('nope', 'dflt') }}", 'dflt'],
    ['{{ var.json.cfg.a[1] }}', '2'],
    ['{{ conn.my_ssh.host }}:{{ conn.my_ssh.port }}', 'h.example:22'],
    ['{{ macros.ds_add(ds, 7) }}', '2024-01-09'],
    ["{{ macros.ds_format('2024-01-02', '%Y-%m-%d', '%d/%m/%Y') }}", '02/01/2024'],
    ['{{ task_instance_key_str }}', 'd__t__20240102'],
    ['{{ yesterday_ds }} {{ tomorrow_ds }}', '2024-01-01 2024-01-03'],
  ])('renders %s as %s', (tpl, want) => {
    expect(render(tpl)).toBe(want);
  });

  it('prints logical_date with a T under pendulum 2 (Airflow 2.2)', () => {
    expect(render('{{ logical_date }}', P222)).toBe('2024-01-02T06:00:00+00:00');
  });
});

describe('Jinja semantics over nunjucks', () => {
  it.each([
    ['{{ ds.replace("-", "") }}', '20240102'],
    ['{{ "a-b-c".replace("-", "+", 1) }}', 'a+b-c'],
    ['{{ True }} {{ False }} {{ None }}', 'True False None'],
    ['{{ [1, 2] }}', '[1, 2]'],
    ['{{ "hello"[1:3] }}', 'el'],
    ['{{ "<&>" }}', '<&>'],
    ['{{ missing | default("x") }}', 'x'],
    ['{{ missing is defined }}', 'False'],
    ['{% if params.nope %}yes{% else %}no{% endif %}', 'no'],
    ['{{ params.get("nope", "fallback") }}', 'fallback'],
    ['{% raw %}{{ not rendered }}{% endraw %}', '{{ not rendered }}'],
    ['echo hi\n', 'echo hi'],
    ['echo hi\n\n', 'echo hi\n'],
    ['a\r\nb', 'a\nb'],
  ])('renders %j as %j', (tpl, want) => {
    expect(render(tpl)).toBe(want);
  });

  it.each([
    ['{{ foo }}', "jinja2.exceptions.UndefinedError: 'foo' is undefined"],
    ['{{ foo.bar }}', "jinja2.exceptions.UndefinedError: 'foo' is undefined"],
    ['{{ foo() }}', "jinja2.exceptions.UndefinedError: 'foo' is undefined"],
    ['{{ params.nope }}', "jinja2.exceptions.UndefinedError: 'dict object' has no attribute 'nope'"],
    ['{{ var.value.nope }}', "KeyError: 'Variable nope does not exist'"],
    ['{{ conn.nope.host }}', "airflow.exceptions.AirflowNotFoundException: The conn_id `nope` isn't defined"],
  ])('fails %s with %s', (tpl, want) => {
    expect(() => render(tpl)).toThrow(
      expect.objectContaining({
        message: want.slice(want.indexOf(': ') + 2),
        pyClass: want.slice(0, want.indexOf(': ')),
      }),
    );
  });

  it('fails a template syntax error before the command runs', () => {
    expect(() => render('echo ${#arr[@]}')).toThrow(
      expect.objectContaining({ pyClass: expect.stringMatching(/^jinja2\.exceptions\.Template/) }),
    );
  });
});

describe('template files', () => {
  it('loads a command ending in a template extension from the DAG folder and renders it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tpl-'));
    writeFileSync(join(dir, 'run.sh'), 'echo {{ ds }}\n');
    expect(render('run.sh', P210, dir)).toBe('echo 2024-01-02');
  });

  it.each(['missing.sh', '../escape.sh'])('fails %s with TemplateNotFound', (name) => {
    expect(() => render(name, P210, mkdtempSync(join(tmpdir(), 'tpl-')))).toThrow(
      expect.objectContaining({ pyClass: 'jinja2.exceptions.TemplateNotFound', message: name }),
    );
  });

  it('treats a trailing space as a plain command, the usual workaround', () => {
    expect(render('run.sh ')).toBe('run.sh ');
  });
});

describe('Airflow 3 template context', () => {
  const P306 = airflowProfile('3.0.6');
  const P331 = airflowProfile('3.3.1');
  const manual = dagRunRecord({
    runId: 'manual__2026-12-07T12:47:50.509016+00:00',
    logicalDate: '2024-06-15T00:00:00+00:00',
    dataIntervalStart: '2026-12-07T12:47:50.509016+00:00',
    dataIntervalEnd: '2026-12-07T12:47:50.509016+00:00',
    runAfter: '2026-12-07T12:47:50.509016+00:00',
  });
  const noLogicalDate = dagRunRecord({
    runId: 'manual__2026-12-07T12:46:28.357650+00:00',
    logicalDate: null,
    dataIntervalStart: null,
    dataIntervalEnd: null,
    runAfter: '2026-12-07T12:46:28.357650+00:00',
  });
  const render3 = (template: string, profile: AirflowProfile, r = manual, extra = {}): unknown =>
    renderTemplateFields({
      args: { cmd: template },
      fields: ['cmd'],
      templateExt: [],
      searchPath: '/nonexistent',
      context: buildTemplateContext({
        dag,
        task,
        run: r,
        tryNumber: 1,
        profile,
        connections,
        masker: new TaskLogMasker(),
        env: {},
        ...extra,
      }),
    }).cmd;

  it('renders the keys 3.x keeps as the real 3.3.1 task log shows them', () => {
    // tmpl_context_dump of the 3.3.1 oracle run triggered with -l 2024-06-15 (task-logs-3.3.1).
    expect(
      render3(
        '{{ ds }}|{{ ts }}|{{ data_interval_start }}|{{ data_interval_end }}|{{ logical_date }}|{{ run_id }}|{{ dag_run.run_type }}|{{ prev_data_interval_start_success }}|{{ prev_start_date_success }}',
        P331,
      ),
    ).toBe(
      '2024-06-15|2024-06-15T00:00:00+00:00|2026-12-07 12:47:50.509016+00:00|2026-12-07 12:47:50.509016+00:00|2024-06-15 00:00:00+00:00|manual__2026-12-07T12:47:50.509016+00:00|DagRunType.MANUAL|None|None',
    );
  });

  it.each(['execution_date', 'next_ds', 'prev_ds', 'tomorrow_ds', 'yesterday_ds', 'conf', 'test_mode'])(
    'fails {{ %s }} at render with UndefinedError, as 3.0.6 and 3.3.1 do',
    (key) => {
      for (const p of [P306, P331])
        expect(() => render3(`echo {{ ${key} }}`, p)).toThrow(
          expect.objectContaining({ pyClass: 'jinja2.exceptions.UndefinedError', message: `'${key}' is undefined` }),
        );
    },
  );

  it.each(['execution_date', 'tomorrow_ds', 'yesterday_ds'])('still renders {{ %s }} on 2.10', (key) => {
    expect(render3(`{{ ${key} }}`, P210)).not.toBe('');
  });

  it.each(['ds', 'ts', 'logical_date', 'data_interval_start'])(
    'fails {{ %s }} for a run without a logical date',
    (key) => {
      expect(() => render3(`{{ ${key} }}`, P331, noLogicalDate)).toThrow(
        expect.objectContaining({ pyClass: 'jinja2.exceptions.UndefinedError', message: `'${key}' is undefined` }),
      );
      expect(render3('{{ task_instance_key_str }}', P331, noLogicalDate)).toBe(
        'd__t__manual__2026-12-07T12:46:28.357650+00:00',
      );
    },
  );

  it("names the execution API's DagRun in attribute errors", () => {
    expect(() => render3('echo {{ dag_run.nope.deeper }}', P331)).toThrow(
      expect.objectContaining({
        pyClass: 'jinja2.exceptions.UndefinedError',
        message: "'airflow.sdk.api.datamodels._generated.DagRun object' has no attribute 'nope'",
      }),
    );
  });

  it('prints triggering_asset_events as the 3.3.1 consumer run did (3.0.6: without partition_key)', () => {
    const event = {
      id: 1,
      name: 's3://rt/bash',
      uri: 's3://rt/bash',
      group: 'asset',
      extra: {},
      sourceDagId: 'rt_logs',
      sourceTaskId: 'bash_ok',
      sourceRunId: 'manual__2026-12-07T12:47:50.509016+00:00',
      sourceMapIndex: -1,
      timestamp: '2026-12-07T12:48:16.290395+00:00',
    };
    const line = (p: AirflowProfile) =>
      render3('{{ triggering_asset_events }}', p, noLogicalDate, { triggeringAssetEvents: [event] });
    expect(line(P331)).toBe(
      "TriggeringAssetEventAccessor(_events=defaultdict(<class 'list'>, {AssetUniqueKey(name='s3://rt/bash', uri='s3://rt/bash'): [AssetEventDagRunReferenceResult(asset=AssetReferenceAssetEventDagRun(name='s3://rt/bash', uri='s3://rt/bash', extra={}), extra={}, source_task_id='bash_ok', source_dag_id='rt_logs', source_run_id='manual__2026-12-07T12:47:50.509016+00:00', source_map_index=-1, source_aliases=[], timestamp=datetime.datetime(2026, 12, 7, 12, 48, 16, 290395, tzinfo=datetime.timezone.utc), partition_key=None)]}))",
    );
    expect(line(P306)).not.toContain('partition_key');
  });
});

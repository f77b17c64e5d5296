import { describe, expect, it } from 'vitest';
import { type CheckInput, planCheckVerdict, type VersionReading } from '../../../agent/dags/check-verdict.js';
import type { DagSpec } from '../../../agent/dags/dag-model.js';
import { templateReferences } from '../../../agent/dags/template-references.js';
import { dagSpec, task } from '../../../harness/dag-specs.js';

const daily = { kind: 'cron', expression: '0 0 * * *' } as const;

function reading(version: string, dags: DagSpec[], extra: Partial<VersionReading> = {}): VersionReading {
  return {
    airflowVersion: version,
    parsed: { dags, importErrors: [] },
    files: [...new Set(dags.map((d) => d.relativeFileloc))],
    ignored: [],
    contextKeys: ['ds', 'logical_date', 'execution_date', 'next_ds', 'var', 'conn'],
    requirements: [],
    ...extra,
  };
}

function input(readings: VersionReading[], extra: Partial<CheckInput> = {}): CheckInput {
  return {
    readings,
    outsideDags: [],
    isKnownConnection: () => true,
    isKnownVariable: () => true,
    keyFileExists: () => true,
    connectionKeyFiles: [],
    runnableOperators: ['SSHOperator', 'BashOperator', 'EmptyOperator'],
    catchupRuns: () => ({ withCatchup: 500, withoutCatchup: 1, capped: false }),
    ...extra,
  };
}

describe('templateReferences', () => {
  it.each([
    ['echo {{ ds }}', ['ds'], [], []],
    ['{{ var.value.host }} {{ var.json.cfg.port }}', ['var'], ['host', 'cfg'], []],
    ['{{ var.value.get("a") }} {{ var.value.get("b", "default") }}', ['var'], ['a'], []],
    ['{{ conn.my_ssh.host }} {{ conn.get("other") }}', ['conn'], [], ['my_ssh', 'other']],
    ['{% for h in hosts %}{{ h }}{% endfor %}', ['hosts', 'h'], [], []],
    ['no template {', [], [], []],
    ['{{ unclosed', [], [], []],
  ])('%j refers to names %j, variables %j, connections %j', (text, names, variables, connections) => {
    const r = templateReferences(text);
    expect([...r.names].sort()).toEqual([...names].sort());
    expect([...r.variables]).toEqual(variables);
    expect([...r.connections]).toEqual(connections);
  });
});

describe('planCheckVerdict', () => {
  it('is clean for a DAG whose operators run and whose references all exist', () => {
    const dag = dagSpec({
      schedule: daily,
      tasks: [task('t', { args: { ssh_conn_id: 'ssh_new', command: 'echo {{ ds }}' } })],
    });
    const v = planCheckVerdict(input([reading('2.10.3', [dag])]));
    expect(v).toEqual({
      versions: [{ airflowVersion: '2.10.3', files: 1, dags: 1, broken: [], newlyBroken: [] }],
      findings: [],
      errors: 0,
      warnings: 0,
    });
  });

  it('makes import errors errors and unknown references, unrunnable operators and traps warnings', () => {
    const dag = dagSpec({
      schedule: daily,
      tasks: [
        task('ssh', { args: { ssh_conn_id: 'nowhere', command: 'echo {{ var.value.missing }}' }, line: 5 }),
        task('py', { operator: 'PythonOperator', line: 8 }),
        task('hook', { args: { ssh_hook: { key_file: '/usr/local/airflow/dags/k.pem' } }, line: 9 }),
      ],
    });
    const broken = reading('2.10.3', [dag], {
      parsed: {
        dags: [dag],
        importErrors: [{ filename: 'bad.py', line: 3, column: 1, message: 'Traceback...\nNameError: name x' }],
        warnings: [{ filename: 'd.py', line: 2, category: 'DeprecationWarning', message: 'old' }],
      },
      ignored: ['draft.py'],
      requirements: [{ file: 'requirements.txt', line: 1, severity: 'error', message: 'no such package' }],
    });
    const v = planCheckVerdict(
      input([broken], {
        outsideDags: ['stray.py'],
        isKnownConnection: (id) => id !== 'nowhere',
        isKnownVariable: (k) => k !== 'missing',
        keyFileExists: () => false,
        connectionKeyFiles: [{ connId: 'ssh_new', keyFile: '/tmp/none' }],
      }),
    );
    expect(v.findings.map((f) => [f.severity, f.code, f.file, f.line])).toEqual([
      ['warning', 'OUTSIDE_DAGS', 'stray.py', null],
      ['error', 'DAG_IMPORT_ERROR', 'bad.py', 3],
      ['warning', 'DAG_WARNING', 'd.py', 2],
      ['warning', 'IGNORED_FILE', 'draft.py', null],
      ['error', 'REQUIREMENTS', 'requirements.txt', 1],
      ['warning', 'UNKNOWN_CONN_ID', 'd.py', 5],
      ['warning', 'UNKNOWN_VARIABLE', 'd.py', 5],
      ['warning', 'OPERATOR_NOT_RUN', 'd.py', 8],
      ['warning', 'KEY_FILE_MISSING', 'd.py', 9],
      ['warning', 'KEY_FILE_MISSING', 'connection ssh_new', null],
    ]);
    expect(v.versions[0]!.broken).toEqual([{ file: 'bad.py', line: 3, reason: 'NameError: name x' }]);
    expect([v.errors, v.warnings]).toEqual([2, 8]);
    const strict = planCheckVerdict(input([broken], { outsideDags: ['stray.py'] }), true);
    expect(strict.findings.every((f) => f.severity === 'error')).toBe(true);
    expect(strict.warnings).toBe(0);
  });

  it('names the files that break only on the upgrade target, with the exception line as the reason', () => {
    const dag = dagSpec({ schedule: daily, catchup: false });
    const before = reading('2.10.3', [dag]);
    const after = reading('3.3.1', [], {
      parsed: {
        dags: [],
        importErrors: [
          {
            filename: 'd.py',
            line: 4,
            column: 1,
            message:
              "Traceback (most recent call last):\n  ...\nTypeError: DAG.__init__() got an unexpected keyword argument 'schedule_interval'",
          },
        ],
      },
      files: ['d.py'],
    });
    const v = planCheckVerdict(input([before, after]));
    expect(v.versions[1]).toEqual({
      airflowVersion: '3.3.1',
      files: 1,
      dags: 0,
      broken: [
        {
          file: 'd.py',
          line: 4,
          reason: "TypeError: DAG.__init__() got an unexpected keyword argument 'schedule_interval'",
        },
      ],
      newlyBroken: ['d.py'],
    });
    expect(v.findings.map((f) => [f.code, f.airflowVersion])).toEqual([['DAG_IMPORT_ERROR', '3.3.1']]);
  });

  it('lists a finding of every version once, without a version', () => {
    const dag = dagSpec({ schedule: daily, catchup: false });
    const err = { filename: 'bad.py', line: 1, column: 1, message: 'SyntaxError: invalid syntax (bad.py, line 1)' };
    const v = planCheckVerdict(
      input([
        reading('2.10.3', [dag], { parsed: { dags: [dag], importErrors: [err] } }),
        reading('3.3.1', [dag], { parsed: { dags: [dag], importErrors: [err] } }),
      ]),
    );
    expect(v.findings.map((f) => [f.code, f.airflowVersion])).toEqual([['DAG_IMPORT_ERROR', null]]);
    expect(v.versions[1]!.newlyBroken).toEqual([]);
  });

  it('warns about context keys the target no longer sets, and about the catchup default with the runs it changes', () => {
    const dag = dagSpec({
      schedule: daily,
      catchup: true,
      line: 4,
      tasks: [task('t', { args: { command: 'echo {{ execution_date }} {{ ds }} {{ next_ds }}' }, line: 6 })],
    });
    const after = { ...dag, catchup: false };
    const v = planCheckVerdict(
      input([
        reading('2.10.3', [dag]),
        reading('3.3.1', [after], { contextKeys: ['ds', 'logical_date', 'var', 'conn'] }),
      ]),
    );
    expect(v.findings.map((f) => [f.code, f.line, f.airflowVersion, f.message])).toEqual([
      [
        'CONTEXT_KEY_REMOVED',
        6,
        '3.3.1',
        '2.10.3 → 3.3.1: task t of DAG d renders {{ execution_date }}, {{ next_ds }}, which Airflow 3.3.1 no longer sets: the task fails when it renders (use logical_date, data_interval_start/end)',
      ],
      [
        'CATCHUP_DEFAULT_CHANGED',
        4,
        '3.3.1',
        "2.10.3 → 3.3.1: DAG d has no catchup argument, and the default changes from True to False: the first unpause creates only the latest run, not the ones since start_date (unpaused now: 1 run instead of 500 runs); set catchup=True on the DAG to keep today's behaviour",
      ],
    ]);
  });

  it('says nothing about catchup when the flag changes no run (no time schedule, or the same runs)', () => {
    const dag = dagSpec({ schedule: { kind: 'none' }, catchup: true });
    const after = { ...dag, catchup: false };
    const none = planCheckVerdict(
      input([reading('2.10.3', [dag]), reading('3.3.1', [after])], { catchupRuns: () => null }),
    );
    expect(none.findings).toEqual([]);
    const same = planCheckVerdict(
      input([reading('2.10.3', [dag]), reading('3.3.1', [after])], {
        catchupRuns: () => ({ withCatchup: 1, withoutCatchup: 1, capped: false }),
      }),
    );
    expect(same.findings).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { at } from '../../../agent/airflow/log-source.js';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { consoleLine, consoleTaskLogLines } from '../../../agent/tasks/console-log-lines.js';

const T = new Date('2026-12-07T19:06:37.622Z');

describe('console lines of dags test', () => {
  it("writes Airflow 2's logging format with the console's timezone-aware asctime", () => {
    expect(consoleLine(airflowProfile('2.10.3'), T, 'INFO', '[DAG TEST] end task', at('dag.py', 4410))).toBe(
      '[2026-12-07T19:06:37.622+0000] {dag.py:4410} INFO - [DAG TEST] end task',
    );
  });

  it("writes Airflow 3's structlog console format: padded level and event, logger, loc", () => {
    expect(
      consoleLine(airflowProfile('3.3.1'), T, 'INFO', 'short', at('dag.py', 1501, 'airflow.sdk.definitions.dag')),
    ).toBe(
      '2026-12-07T19:06:37.622000Z [info     ] short                          [airflow.sdk.definitions.dag] loc=dag.py:1501',
    );
  });

  it('prints a 2.x attempt line as written', () => {
    expect(consoleTaskLogLines('[2026-12-07T19:06:37.622+0000] {subprocess.py:106} INFO - hi\n')).toEqual([
      '[2026-12-07T19:06:37.622+0000] {subprocess.py:106} INFO - hi',
    ]);
  });

  it('renders a 3.x record without its task keys, fields sorted, then its exception as a traceback', () => {
    const record = {
      timestamp: '2026-12-07T19:06:47.969968Z',
      level: 'error',
      event: 'Task failed with exception',
      zeta: 1,
      alpha: 'a b',
      dag_id: 'd',
      run_id: 'r',
      task_id: 't',
      map_index: -1,
      try_number: 1,
      ti_id: 'x',
      logger: 'task',
      filename: 'task_runner.py',
      lineno: 1651,
      error_detail: [{ exc_type: 'AirflowException', exc_value: 'Bash command failed.', frames: [] }],
    };
    expect(consoleTaskLogLines(`${JSON.stringify(record)}\n`)).toEqual([
      '2026-12-07T19:06:47.969968Z [error    ] Task failed with exception     [task] alpha=a b loc=task_runner.py:1651 zeta=1',
      'Traceback (most recent call last):',
      'AirflowException: Bash command failed.',
    ]);
  });
});

describe('console lines of dags test on 3.0', () => {
  it('stamps a record written with a naive UTC time in UTC, as the console renderer does', () => {
    const record = { timestamp: '2026-12-07T19:45:37.358000', level: 'info', event: 'Output:', logger: 'task' };
    expect(consoleTaskLogLines(JSON.stringify(record))).toEqual([
      '2026-12-07T19:45:37.358000Z [info     ] Output:                        [task]',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { readableLogLines } from '../../../agent/tasks/readable-task-log.js';

describe('readableLogLines', () => {
  it.each([
    [
      'an Airflow 2 text line stays as written',
      '[2024-01-01T00:00:00.000+0000] {subprocess.py:93} INFO - hi',
      ['[2024-01-01T00:00:00.000+0000] {subprocess.py:93} INFO - hi'],
    ],
    [
      'a line that is not a record stays as written',
      'Traceback (most recent call last):',
      ['Traceback (most recent call last):'],
    ],
    ['JSON without an event stays as written', '{"a": 1}', ['{"a": 1}']],
    [
      'an Airflow 3 record: time, level, event, its own fields, source; no task keys, no callsite',
      '{"timestamp":"2026-12-07T12:00:00.100000Z","level":"info","event":"hello","chan":"stdout","logger":"task.stdout","filename":"x.py","lineno":3,"dag_id":"d","run_id":"r","task_id":"t","map_index":-1,"try_number":1,"ti_id":"u"}',
      ['[2026-12-07T12:00:00.100000Z] INFO - hello chan=stdout source=task.stdout'],
    ],
    [
      'a record with an exception: the line, then the traceback innermost last',
      '{"timestamp":"2026-12-07T12:00:00Z","level":"error","event":"Task failed with exception","logger":"task","error_detail":[{"exc_type":"AirflowException","exc_value":"Bash command failed","frames":[{"filename":"/a.py","lineno":10,"name":"execute"}]}]}',
      [
        '[2026-12-07T12:00:00Z] ERROR - Task failed with exception source=task',
        'Traceback (most recent call last):',
        '  File "/a.py", line 10, in execute',
        'AirflowException: Bash command failed',
      ],
    ],
  ])('%s', (_name, line, expected) => {
    expect(readableLogLines(line)).toEqual(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../agent/core/clock.js';
import { parseDagFile } from '../../../agent/dags/dag-file-parser.js';
import type { ParseLimits } from '../../../agent/dags/parse-budget.js';

async function errors(source: string, limits: Partial<ParseLimits> = {}) {
  const r = await parseDagFile(
    { absolutePath: '/dags/f.py', relativePath: 'f.py', source: `from airflow import DAG\n${source}` },
    { clock: new ManualClock('2024-06-15T12:34:56Z'), limits },
  );
  return r.importErrors.map((e) => [e.line, e.column, e.message]);
}

describe('parse budgets per DAG file', () => {
  it.each([
    ['200 nested brackets', `x = ${'('.repeat(200)}1${')'.repeat(200)}`, []],
    [
      '201 nested brackets',
      `x = ${'('.repeat(201)}1${')'.repeat(201)}`,
      [[2, 205, 'SyntaxError: too many nested parentheses (f.py, line 2)']],
    ],
    [
      '10,000 nested brackets',
      `x = ${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      [[2, 205, 'SyntaxError: too many nested parentheses (f.py, line 2)']],
    ],
    [
      'mixed brackets',
      `x = ${'[('.repeat(101)}${')]'.repeat(101)}`,
      [[2, 205, 'SyntaxError: too many nested parentheses (f.py, line 2)']],
    ],
    ['a 2,000-term sum', `x = ${'1+'.repeat(2_000)}1`, []],
    [
      'a 100,000-term sum',
      `x = ${'1+'.repeat(100_000)}1`,
      [[2, 5, 'RecursionError: maximum recursion depth exceeded during compilation']],
    ],
  ])('%s', async (_name, source, expected) => {
    expect(await errors(source)).toEqual(expected);
  });

  it('refuses a file over the size limit before parsing it', async () => {
    expect(await errors(`x = "${'a'.repeat(100)}"`, { maxFileBytes: 50 })).toEqual([
      [null, null, 'f.py is 130 bytes, more than the 50 bytes mwaa-agent reads of one DAG file (--max-dag-file-bytes)'],
    ]);
  });

  it('refuses a file defining more tasks than the limit', async () => {
    const source =
      'from airflow.operators.empty import EmptyOperator\nwith DAG("d", schedule=None):\n    for i in range(30):\n        EmptyOperator(task_id=f"t{i}")\n';
    expect(await errors(source, { maxTasks: 20 })).toEqual([
      [null, null, 'f.py defines 30 tasks, more than the 20 mwaa-agent reads from one DAG file'],
    ]);
  });

  it("stops a file at dagbag_import_timeout with Airflow's message", async () => {
    const [[line, , message]] = (await errors('x = [i for i in range(100000) for j in range(100000)]', {
      timeoutMs: 200,
    })) as [[number, number, string]];
    expect(line).toBe(2);
    expect(message.split('\n')[0]).toBe('AirflowTaskTimeout: DagBag import timeout for /dags/f.py after 0.2s.');
  });

  it('refuses datetime arithmetic past year 9999 as Python does', async () => {
    const source =
      'from datetime import datetime, timedelta\nwith DAG("d", start_date=datetime(9999, 12, 31) + timedelta(days=2), schedule=None):\n    pass\n';
    expect((await errors(source)).map((e) => e[2])).toEqual(['OverflowError: date value out of range']);
    expect((await errors('from datetime import datetime\nx = datetime(10000, 1, 1)\n')).map((e) => e[2])).toEqual([
      'ValueError: year 10000 is out of range',
    ]);
  });
});

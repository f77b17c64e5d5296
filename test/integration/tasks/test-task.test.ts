import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../agent/core/clock.js';
import { BashOperator } from '../../../agent/tasks/bash-operator.js';
import { EmptyOperator } from '../../../agent/tasks/empty-operator.js';
import { testTask } from '../../../agent/tasks/test-task.js';
import { bashTask, makeDag, noConnections, P222 } from './executor-harness.js';

function setup() {
  const dagsDir = mkdtempSync(join(tmpdir(), 'tt-dags-'));
  const stateDir = mkdtempSync(join(tmpdir(), 'tt-state-'));
  writeFileSync(join(dagsDir, 'job.sh'), 'echo "file says {{ ds_nodash }}"\n');
  const dag = makeDag(
    'tt',
    [bashTask('from_file', 'job.sh'), bashTask('plain', 'echo plain', { upstream: ['from_file'] })],
    { fileloc: join(dagsDir, 'tt.py') },
  );
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  return { dagsDir, stateDir, dag, env };
}

describe('tasks test', () => {
  it('runs one task, ignoring its upstreams, prints its log and records nothing', async () => {
    const { dagsDir, stateDir, dag, env } = setup();
    const lines: string[] = [];
    const result = await testTask({
      clock: new ManualClock('2024-03-04T05:06:07Z'),
      dag,
      taskId: 'plain',
      logicalDate: '2024-03-01',
      operators: [new BashOperator({ env }), new EmptyOperator()],
      connections: noConnections,
      profile: P222,
      dagsDir,
      stateDir,
      env,
      hostname: 'h',
      out: (l) => lines.push(l),
    });
    expect(result.state).toBe('success');
    const text = lines.join('');
    expect(text).toContain('[2024-03-04 05:06:07,000] {subprocess.py:89} INFO - plain\n');
    expect(text).toContain(
      'Running <TaskInstance: tt.plain __airflow_temporary_run_2024-03-04T05:06:07+00:00__ [running]> on host h',
    );
    expect(text).toContain('Marking task as SUCCESS. dag_id=tt, task_id=plain, execution_date=20240301T000000');
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it('loads a command ending in .sh from the DAG folder as a template', async () => {
    const { dagsDir, stateDir, dag, env } = setup();
    const lines: string[] = [];
    await testTask({
      clock: new ManualClock('2024-03-04T05:06:07Z'),
      dag,
      taskId: 'from_file',
      logicalDate: '2024-03-01T00:00:00Z',
      operators: [new BashOperator({ env })],
      connections: noConnections,
      profile: P222,
      dagsDir,
      stateDir,
      env,
      hostname: 'h',
      out: (l) => lines.push(l),
    });
    expect(lines.join('')).toContain('INFO - file says 20240301\n');
  });

  it('refuses an unknown task id with the DAG file named', async () => {
    const { dagsDir, stateDir, dag, env } = setup();
    await expect(
      testTask({
        clock: new ManualClock(),
        dag,
        taskId: 'nope',
        operators: [],
        connections: noConnections,
        profile: P222,
        dagsDir,
        stateDir,
        env,
        hostname: 'h',
        out: () => undefined,
      }),
    ).rejects.toMatchObject({ code: 'TASK_NOT_FOUND', message: 'Task nope not found in DAG tt (tt.py:1)' });
  });
});

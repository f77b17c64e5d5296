import { readFileSync, mkdtempSync } from 'node:fs';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../agent/core/clock.js';
import type { DagSpec, TaskSpec } from '../../../agent/dags/dag-model.js';
import type { DagRunRecord } from '../../../agent/runs/run-records.js';
import {
  logFailed,
  logFinished,
  logPreExecution,
  markingLine,
  type AttemptFacts,
} from '../../../agent/tasks/attempt-log-lines.js';
import type { AirflowProfile } from '../../../agent/airflow/airflow-profile.js';
import { TaskLogMasker } from '../../../agent/tasks/task-log-masker.js';
import { TaskLogWriter, taskLogAsctime, taskLogPath } from '../../../agent/tasks/task-log-writer.js';

const P222: AirflowProfile = airflowProfile('2.2.2', '2.3.0');
const P210: AirflowProfile = airflowProfile('2.10.3', '3.14.0');

function facts(profile: AirflowProfile, retries = 0): AttemptFacts {
  const task = {
    taskId: 'ssh_task',
    operator: 'SSHOperator',
    downstream: [],
    retries,
    args: {},
  } as unknown as TaskSpec;
  const dag = { dagId: 'ssh_operator_example', relativeFileloc: 'ssh.py' } as DagSpec;
  const run = {
    runId: 'manual__2022-07-12T20:09:14.123456+00:00',
    logicalDate: '2022-07-12T20:09:14.123456+00:00',
  } as DagRunRecord;
  return {
    profile,
    dag,
    task,
    run,
    tryNumber: 1,
    mapIndex: -1,
    maxAttempts: retries + 1,
    hostname: 'h',
    pid: 42,
    jobId: 7,
    startDate: '2022-07-12T20:09:15.000Z',
    tiId: '01a2508b-d31c-7255-9643-580768865fc6',
    dagVersionId: '01a2508a-11fa-75d3-9be0-bc1034cd21a7',
  };
}

function capture(profile: AirflowProfile, write: (log: TaskLogWriter) => void): string[] {
  const lines: string[] = [];
  const log = new TaskLogWriter({
    clock: new ManualClock('2022-07-12T20:09:16.250Z'),
    profile,
    masker: new TaskLogMasker(),
    path: null,
    sinks: [(l) => lines.push(l)],
  });
  write(log);
  return lines
    .join('')
    .split(/\n(?=\[)/)
    .map((l) => l.replace(/\n$/, ''));
}

describe('task-log line format', () => {
  it.each([
    ['2.2.2', '2022-07-12 20:09:15,123'],
    ['2.3.3', '2022-07-12 20:09:15,123'],
    ['2.3.4', '2022-07-12T20:09:15.123+0000'],
    ['2.10.3', '2022-07-12T20:09:15.123+0000'],
  ])('asctime for Airflow %s is %s', (v, want) => {
    expect(taskLogAsctime(new Date('2022-07-12T20:09:15.123Z'), airflowProfile(v, null))).toBe(want);
  });

  it('reproduces the guide sample marking line for 2.2.2 (no run_id, taskinstance.py:1280)', () => {
    const lines = capture(P222, (log) => logFinished(log, facts(P222), 'SUCCESS', '2022-07-12T20:09:16Z'));
    expect(lines[0]).toBe(
      '[2022-07-12 20:09:16,250] {taskinstance.py:1280} INFO - Marking task as SUCCESS. dag_id=ssh_operator_example, task_id=ssh_task, execution_date=20220712T200914, start_date=20220712T200915, end_date=20220712T200916',
    );
  });

  it('adds run_id to the marking line from 2.9.1', () => {
    expect(markingLine(facts(P210), 'SUCCESS', '2022-07-12T20:09:16Z')).toBe(
      'Marking task as SUCCESS. dag_id=ssh_operator_example, task_id=ssh_task, run_id=manual__2022-07-12T20:09:14.123456+00:00, execution_date=20220712T200914, start_date=20220712T200915, end_date=20220712T200916',
    );
  });

  it('writes 2.10 pre-execution lines in order, with the env-var export line', () => {
    const messages = capture(P210, (log) => logPreExecution(log, facts(P210, 2))).map((l) =>
      l.replace(/^\[[^\]]+\] \{[^}]+\} INFO - /, ''),
    );
    expect(messages).toEqual([
      '::group::Pre task execution logs',
      'Dependencies all met for dep_context=non-requeueable deps ti=<TaskInstance: ssh_operator_example.ssh_task manual__2022-07-12T20:09:14.123456+00:00 [queued]>',
      'Dependencies all met for dep_context=requeueable deps ti=<TaskInstance: ssh_operator_example.ssh_task manual__2022-07-12T20:09:14.123456+00:00 [queued]>',
      'Starting attempt 1 of 3',
      'Executing <Task(SSHOperator): ssh_task> on 2022-07-12 20:09:14.123456+00:00',
      'Started process 42 to run task',
      "Running: ['airflow', 'tasks', 'run', 'ssh_operator_example', 'ssh_task', 'manual__2022-07-12T20:09:14.123456+00:00', '--job-id', '7', '--raw', '--subdir', 'DAGS_FOLDER/ssh.py']",
      'Job 7: Subtask ssh_task',
      'Running <TaskInstance: ssh_operator_example.ssh_task manual__2022-07-12T20:09:14.123456+00:00 [running]> on host h',
      "Exporting env vars: AIRFLOW_CTX_DAG_OWNER='airflow' AIRFLOW_CTX_DAG_ID='ssh_operator_example' AIRFLOW_CTX_TASK_ID='ssh_task' AIRFLOW_CTX_EXECUTION_DATE='2022-07-12T20:09:14.123456+00:00' AIRFLOW_CTX_TRY_NUMBER='1' AIRFLOW_CTX_DAG_RUN_ID='manual__2022-07-12T20:09:14.123456+00:00'",
      '::endgroup::',
    ]);
  });

  it('ends a failed attempt with the exception line, the marking line and return code 1', () => {
    const lines = capture(P210, (log) =>
      logFailed(log, facts(P210, 1), {
        pyClass: 'airflow.exceptions.AirflowException',
        message: 'Bash command failed. The command returned a non-zero exit code 1.',
        state: 'UP_FOR_RETRY',
        endDate: '2022-07-12T20:09:16Z',
        forceFail: false,
      }),
    );
    expect(lines[0]).toMatch(
      /ERROR - Task failed with exception\nTraceback \(most recent call last\):\n[\s\S]*\nairflow\.exceptions\.AirflowException: Bash command failed\. The command returned a non-zero exit code 1\.$/,
    );
    expect(lines[1]).toMatch(/INFO - Marking task as UP_FOR_RETRY\. dag_id=ssh_operator_example/);
    expect(lines.at(-2)).toMatch(/INFO - Task exited with return code 1$/);
  });
});

describe('task-log writer', () => {
  it('writes one file per attempt at the 2.3+ layout, masking registered secrets everywhere', () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-'));
    const path = taskLogPath(dir, 'd', 'manual__2024-01-01T00:00:00+00:00', 't', 2);
    expect(path).toBe(
      join(dir, 'logs', 'dag_id=d', 'run_id=manual__2024-01-01T00:00:00+00:00', 'task_id=t', 'attempt=2.log'),
    );
    const masker = new TaskLogMasker();
    masker.addSecret('s3cr3t');
    const log = new TaskLogWriter({ clock: new ManualClock('2024-01-01T00:00:00Z'), profile: P210, masker, path });
    log.info('remote said s3cr3t and s3cr3ts', { file: 'ssh.py', line: 1 });
    log.close();
    expect(readFileSync(path, 'utf8')).toBe(
      '[2024-01-01T00:00:00.000+0000] {ssh.py:1} INFO - remote said *** and ***s\n',
    );
  });
});

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { at } from '../../../agent/airflow/log-source.js';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { ManualClock } from '../../../agent/core/clock.js';
import { JsonTaskLogWriter } from '../../../agent/tasks/json-task-log-writer.js';
import { TaskLogMasker } from '../../../agent/tasks/task-log-masker.js';
import { readTaskLogMessages, taskLogMessages } from '../../../agent/tasks/task-log-records.js';
import { taskLogPath } from '../../../agent/tasks/task-log-writer.js';

const keys = { run_id: 'r', task_id: 't', map_index: -1, dag_id: 'd', try_number: 1, ti_id: 'id' };

function records(
  version: string,
  write: (log: JsonTaskLogWriter) => void,
  maxOutputBytes?: number,
): Record<string, unknown>[] {
  const lines: string[] = [];
  const masker = new TaskLogMasker();
  masker.addSecret('s3cret');
  const log = new JsonTaskLogWriter({
    clock: new ManualClock('2026-12-07T12:46:34.951Z'),
    profile: airflowProfile(version),
    masker,
    path: null,
    sinks: [(l) => lines.push(l)],
    taskKeys: keys,
    maxOutputBytes,
  });
  write(log);
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('JSON task log records', () => {
  const write = (log: JsonTaskLogWriter) => {
    log.info('::group::Pre Execute', at('task_runner.py', 2412, 'task'));
    log.bindTaskInstance();
    log.warning('token s3cret', at('ssh.py', 328, 'airflow.task.hooks.airflow.providers.ssh.hooks.ssh.SSHHook'), {
      reason: 'also s3cret',
    });
  };

  it('writes 3.3.1 records with a Z timestamp, callsite, and the task keys once bound', () => {
    expect(records('3.3.1', write)).toEqual([
      {
        timestamp: '2026-12-07T12:46:34.951000Z',
        level: 'info',
        event: '::group::Pre Execute',
        logger: 'task',
        filename: 'task_runner.py',
        lineno: 2412,
      },
      {
        timestamp: '2026-12-07T12:46:34.951000Z',
        level: 'warning',
        event: 'token ***',
        reason: 'also ***',
        ...keys,
        logger: 'airflow.task.hooks.airflow.providers.ssh.hooks.ssh.SSHHook',
        filename: 'ssh.py',
        lineno: 328,
      },
    ]);
  });

  it('writes 3.0.6 records with a naive timestamp, no callsite and no task keys', () => {
    expect(records('3.0.6', write).map((r) => Object.keys(r))).toEqual([
      ['timestamp', 'level', 'event', 'logger'],
      ['timestamp', 'level', 'event', 'reason', 'logger'],
    ]);
    expect(records('3.0.6', write)[0]?.timestamp).toBe('2026-12-07T12:46:34.951000');
  });
});

describe('reading a task log for the v2 API', () => {
  const file = [
    '{"timestamp":"2026-12-07T12:52:46.433983","level":"info","event":"b","logger":"task"}',
    '{"timestamp":"2026-12-07T12:52:46.400000","level":"info","event":"a","logger":"task"}',
    '{"timestamp":"2026-12-07T12:52:46.400000","level":"info","event":"a","logger":"task"}',
    '',
    'stderr of a crash',
  ].join('\n');

  it('normalises timestamps to UTC with Z, orders by time, drops a repeated record, keeps text lines', () => {
    // Airflow 3.3.1's own reader gives this order: the text line sorts at the last time seen (…46.400).
    expect(taskLogMessages(file)).toEqual([
      { timestamp: '2026-12-07T12:52:46.400000Z', event: 'a', level: 'info', logger: 'task' },
      { timestamp: null, event: 'stderr of a crash' },
      { timestamp: '2026-12-07T12:52:46.433983Z', event: 'b', level: 'info', logger: 'task' },
    ]);
  });

  it("starts with the version's source group: 3.0 a sources field, 3.3 one item per file", () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'task-log-'));
    const path = taskLogPath(stateDir, 'd', 'r', 't', 1);
    const at = { dagId: 'd', runId: 'r', taskId: 't', tryNumber: 1 };
    expect(readTaskLogMessages(stateDir, at, airflowProfile('3.3.1'))).toEqual([
      { event: '::group::Log message source details' },
      { event: '::endgroup::' },
    ]);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, `${file.split('\n')[0]}\n`);
    expect(readTaskLogMessages(stateDir, at, airflowProfile('3.3.1')).slice(0, 3)).toEqual([
      { event: '::group::Log message source details' },
      { event: path },
      { event: '::endgroup::' },
    ]);
    expect(readTaskLogMessages(stateDir, at, airflowProfile('3.0.6')).slice(0, 2)).toEqual([
      { event: '::group::Log message source details', sources: [path] },
      { event: '::endgroup::' },
    ]);
    expect(readFileSync(path, 'utf8')).toContain('"event":"b"');
  });

  it('puts a mapped task instance’s log under map_index=N', () => {
    expect(taskLogPath('/s', 'd', 'r', 't', 2, 1)).toBe(
      '/s/logs/dag_id=d/run_id=r/task_id=t/map_index=1/attempt=2.log',
    );
  });
});

describe('JSON task log output cap (--task-log-max-bytes)', () => {
  it('keeps output records up to the cap, then says once how much was dropped before the next record and at close', () => {
    const src = at(
      'subprocess.py',
      106,
      'airflow.task.hooks.airflow.providers.standard.hooks.subprocess.SubprocessHook',
    );
    const got = records(
      '3.3.1',
      (log) => {
        log.output('INFO', 'one', src);
        log.output('INFO', 'two', src);
        log.output('INFO', 'three', src);
        log.info('Command exited with return code 0', src);
        log.output('INFO', 'four', src);
        log.close();
      },
      404,
    );
    expect(got.map((r) => r.event)).toEqual([
      'one',
      'two',
      '… truncated 6 bytes (1 lines) of task output: the output of one attempt is capped at 404 bytes (--task-log-max-bytes)',
      'Command exited with return code 0',
      '… truncated 5 bytes (1 lines) of task output: the output of one attempt is capped at 404 bytes (--task-log-max-bytes)',
    ]);
  });
});

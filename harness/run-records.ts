import { newTaskInstances } from '../agent/runs/new-task-instances.js';
import type { DagRunRecord, TaskInstanceRecord, XComRecord } from '../agent/runs/run-records.js';
import { task } from './dag-specs.js';

/** A queued manual run of DAG `d` as a trigger stores it; override what the test is about. */
export function dagRunRecord(overrides: Partial<DagRunRecord> = {}): DagRunRecord {
  return {
    dagId: 'd',
    runId: 'manual__2024-01-03T10:15:42.123456+00:00',
    runType: 'manual',
    state: 'queued',
    logicalDate: '2024-01-03T10:15:42.123456+00:00',
    dataIntervalStart: '2024-01-02T06:00:00+00:00',
    dataIntervalEnd: '2024-01-03T06:00:00+00:00',
    conf: { a: 1 },
    externalTrigger: true,
    queuedAt: '2024-01-03T10:15:42.123456+00:00',
    startDate: null,
    endDate: null,
    lastSchedulingDecision: null,
    triggeringUserName: null,
    note: null,
    runAfter: '2024-01-03T10:15:42.123456+00:00',
    ...overrides,
  };
}

/** A task instance as it is created with its run (an SSHOperator task without retries): no state, no attempt yet. */
export function taskInstanceRecord(overrides: Partial<TaskInstanceRecord> & { taskId: string }): TaskInstanceRecord {
  const [created] = newTaskInstances('d', dagRunRecord().runId, [task(overrides.taskId)]);
  return { ...created!, ...overrides };
}

/** The `return_value` XCom of task `t` in the default run. */
export function xcomRecord(overrides: Partial<XComRecord> = {}): XComRecord {
  return {
    dagId: 'd',
    runId: dagRunRecord().runId,
    taskId: 't',
    mapIndex: -1,
    key: 'return_value',
    value: '"aG9zdAo="',
    timestamp: '2024-01-03T10:16:00+00:00',
    ...overrides,
  };
}

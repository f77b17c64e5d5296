import type { DagSpec, ScheduleSpec, TaskSpec } from '../agent/dags/dag-model.js';
import { timetableInfo } from '../agent/dags/timetable-info.js';

/** A DagSpec as the parser would produce it, with Airflow's defaults; override what the test is about. */
export function dagSpec(overrides: Partial<DagSpec> & { schedule: ScheduleSpec }): DagSpec {
  return {
    dagId: 'd',
    fileloc: '/dags/d.py',
    relativeFileloc: 'd.py',
    line: 1,
    scheduleAsWritten: overrides.schedule.kind === 'cron' ? overrides.schedule.expression : null,
    timetable: timetableInfo(overrides.schedule),
    startDate: '2024-01-01T00:00:00+00:00',
    endDate: null,
    timezone: 'UTC',
    catchup: true,
    maxActiveRuns: 16,
    maxActiveTasks: 16,
    dagrunTimeoutSeconds: null,
    isPausedUponCreation: null,
    description: null,
    tags: [],
    params: {},
    tasks: [task('t')],
    ...overrides,
  };
}

export function task(taskId: string, overrides: Partial<TaskSpec> = {}): TaskSpec {
  return {
    taskId,
    operator: 'SSHOperator',
    upstream: [],
    downstream: [],
    triggerRule: 'all_success',
    retries: 0,
    retryDelaySeconds: 300,
    retryExponentialBackoff: false,
    maxRetryDelaySeconds: null,
    executionTimeoutSeconds: null,
    dependsOnPast: false,
    doXcomPush: true,
    owner: 'airflow',
    outlets: [],
    isSetup: false,
    isTeardown: false,
    args: {},
    line: 2,
    ...overrides,
  };
}

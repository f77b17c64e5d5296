import { describe, expect, it } from 'vitest';
import type { DagSpec, TaskSpec, TriggerRule } from '../../../agent/dags/dag-model.js';
import type { DagRunRecord, TaskInstanceRecord, TaskInstanceState } from '../../../agent/runs/run-records.js';
import { planTaskInstances, priorityWeights } from '../../../agent/tasks/ti-planner.js';
import { canTransition } from '../../../agent/tasks/ti-transitions.js';

type S = TaskInstanceState | null;

/** Builds a DAG from "a>>b" edges; rules and depends_on_past per task. */
function dag(
  edges: string[],
  tasks: string[],
  rules: Record<string, TriggerRule> = {},
  dependsOnPast: string[] = [],
): DagSpec {
  const up = new Map<string, string[]>(tasks.map((t) => [t, []]));
  const down = new Map<string, string[]>(tasks.map((t) => [t, []]));
  for (const e of edges) {
    const [a, b] = e.split('>>') as [string, string];
    up.get(b)!.push(a);
    down.get(a)!.push(b);
  }
  const specs: TaskSpec[] = tasks.map((taskId) => ({
    taskId,
    operator: 'BashOperator',
    upstream: up.get(taskId)!.sort(),
    downstream: down.get(taskId)!.sort(),
    triggerRule: rules[taskId] ?? 'all_success',
    retries: 0,
    retryDelaySeconds: 300,
    retryExponentialBackoff: false,
    maxRetryDelaySeconds: null,
    executionTimeoutSeconds: null,
    dependsOnPast: dependsOnPast.includes(taskId),
    doXcomPush: true,
    owner: 'airflow',
    outlets: [],
    isSetup: false,
    isTeardown: false,
    args: {},
    line: 1,
  }));
  return { dagId: 'd', tasks: specs, maxActiveTasks: 16 } as unknown as DagSpec;
}

const run = { dagId: 'd', runId: 'r', logicalDate: '2024-01-02T00:00:00+00:00' } as DagRunRecord;
const NOW = new Date('2024-01-03T00:00:00Z');

function tis(states: Record<string, S>, nextRetryAt: Record<string, string> = {}): TaskInstanceRecord[] {
  return Object.entries(states).map(
    ([taskId, state]) =>
      ({
        dagId: 'd',
        runId: 'r',
        taskId,
        mapIndex: -1,
        state,
        nextRetryAt: nextRetryAt[taskId] ?? null,
      }) as TaskInstanceRecord,
  );
}

describe('task-instance planning for one running DagRun', () => {
  it('schedules the roots of a fresh run', () => {
    const plan = planTaskInstances({
      now: NOW,
      dag: dag(['a>>b'], ['a', 'b']),
      run,
      tis: tis({ a: null, b: null }),
      previousRunStates: null,
    });
    expect(plan).toEqual({
      changes: [{ taskId: 'a', mapIndex: -1, state: 'scheduled' }],
      ready: [{ taskId: 'a', mapIndex: -1 }],
      expand: [],
      runState: 'running',
      deadlock: false,
    });
  });

  it('spreads a failure transitively as upstream_failed and fails the run from its leaf', () => {
    const plan = planTaskInstances({
      now: NOW,
      dag: dag(['a>>b', 'b>>c'], ['a', 'b', 'c']),
      run,
      tis: tis({ a: 'failed', b: null, c: null }),
      previousRunStates: null,
    });
    expect(plan.changes).toEqual([
      { taskId: 'b', mapIndex: -1, state: 'upstream_failed' },
      { taskId: 'c', mapIndex: -1, state: 'upstream_failed' },
    ]);
    expect(plan.runState).toBe('failed');
  });

  it('spreads a skip, and a run whose leaves are skipped or succeeded is a success', () => {
    const plan = planTaskInstances({
      now: NOW,
      dag: dag(['a>>b', 'a>>c'], ['a', 'b', 'c'], { c: 'all_done' }),
      run,
      tis: tis({ a: 'skipped', b: null, c: null }),
      previousRunStates: null,
    });
    expect(plan.changes).toEqual([
      { taskId: 'b', mapIndex: -1, state: 'skipped' },
      { taskId: 'c', mapIndex: -1, state: 'scheduled' },
    ]);
    expect(plan.ready.map((r) => r.taskId)).toEqual(['c']);
  });

  it.each<[string, Record<string, S>, 'success' | 'failed' | 'running']>([
    ['all leaves success', { a: 'failed', b: 'success' }, 'success'],
    ['a leaf failed', { a: 'success', b: 'failed' }, 'failed'],
    ['a task still running', { a: 'failed', b: 'running' }, 'running'],
    ['a retry pending', { a: 'up_for_retry', b: null }, 'running'],
  ])('run state when %s (leaf b has trigger_rule all_done)', (_n, states, want) => {
    expect(
      planTaskInstances({
        now: NOW,
        dag: dag(['a>>b'], ['a', 'b'], { b: 'all_done' }),
        run,
        tis: tis(states, { a: '2024-01-04T00:00:00Z' }),
        previousRunStates: null,
      }).runState,
    ).toBe(want);
  });

  it('makes an up_for_retry TI runnable only once its retry time has passed', () => {
    const d = dag([], ['a']);
    expect(
      planTaskInstances({
        now: NOW,
        dag: d,
        run,
        tis: tis({ a: 'up_for_retry' }, { a: '2024-01-03T00:00:01Z' }),
        previousRunStates: null,
      }).ready.map((r) => r.taskId),
    ).toEqual([]);
    const due = planTaskInstances({
      now: NOW,
      dag: d,
      run,
      tis: tis({ a: 'up_for_retry' }, { a: '2024-01-03T00:00:00Z' }),
      previousRunStates: null,
    });
    expect(due.ready.map((r) => r.taskId)).toEqual(['a']);
    expect(due.changes).toEqual([{ taskId: 'a', mapIndex: -1, state: 'scheduled' }]);
  });

  it.each<[string, Map<string, S> | null, string[]]>([
    ['no previous run', null, ['a']],
    ['previous TI succeeded', new Map([['a', 'success']]), ['a']],
    ['previous TI skipped', new Map([['a', 'skipped']]), ['a']],
    ['previous TI failed', new Map([['a', 'failed']]), []],
    ['previous run lacks the task', new Map(), ['a']],
  ])('depends_on_past with %s', (_n, previous, ready) => {
    expect(
      planTaskInstances({
        now: NOW,
        dag: dag([], ['a'], {}, ['a']),
        run,
        tis: tis({ a: null }),
        previousRunStates: previous,
      }).ready.map((r) => r.taskId),
    ).toEqual(ready);
  });

  it('waits (no deadlock) while depends_on_past holds a task back', () => {
    const plan = planTaskInstances({
      now: NOW,
      dag: dag([], ['a'], {}, ['a']),
      run,
      tis: tis({ a: null }),
      previousRunStates: new Map([['a', 'failed']]),
    });
    expect(plan).toMatchObject({ runState: 'running', deadlock: false });
  });

  it('orders ready tasks by downstream priority weight', () => {
    const d = dag(['b>>c', 'c>>e'], ['a', 'b', 'c', 'e']);
    expect(priorityWeights(d).get('b')).toBe(3);
    expect(
      planTaskInstances({
        now: NOW,
        dag: d,
        run,
        tis: tis({ a: null, b: null, c: null, e: null }),
        previousRunStates: null,
      }).ready.map((r) => r.taskId),
    ).toEqual(['b', 'a']);
  });
});

describe('task-instance planning with a mapped task', () => {
  const mappedDag = (rule: TriggerRule = 'all_success'): DagSpec => {
    const d = dag(['a>>m', 'm>>z'], ['a', 'm', 'z'], { z: rule });
    d.tasks.find((t) => t.taskId === 'm')!.mapping = {
      input: 'DictOfListsExpandInput',
      value: { command: ['x', 'y'] },
      decorated: false,
      partialArgs: [],
    };
    return d;
  };
  const mapped = (states: S[]): TaskInstanceRecord[] =>
    states.map((state, mapIndex) => ({ dagId: 'd', runId: 'r', taskId: 'm', mapIndex, state }) as TaskInstanceRecord);

  it('asks for the expansion once the unexpanded instance is schedulable, and schedules nothing of it yet', () => {
    const waiting = planTaskInstances({
      now: NOW,
      dag: mappedDag(),
      run,
      tis: tis({ a: 'running', m: null, z: null }),
      previousRunStates: null,
    });
    expect(waiting.expand).toEqual([]);
    const plan = planTaskInstances({
      now: NOW,
      dag: mappedDag(),
      run,
      tis: tis({ a: 'success', m: null, z: null }),
      previousRunStates: null,
    });
    expect(plan).toMatchObject({ expand: ['m'], ready: [], changes: [], runState: 'running', deadlock: false });
  });

  it('schedules each expanded instance, in map-index order', () => {
    const plan = planTaskInstances({
      now: NOW,
      dag: mappedDag(),
      run,
      tis: [...tis({ a: 'success', z: null }), ...mapped([null, null, 'running'])],
      previousRunStates: null,
    });
    expect(plan.ready).toEqual([
      { taskId: 'm', mapIndex: 0 },
      { taskId: 'm', mapIndex: 1 },
    ]);
  });

  it.each<[TriggerRule, S[], string | null]>([
    ['all_success', ['success', 'running'], null],
    ['all_success', ['success', 'success'], 'scheduled'],
    ['all_success', ['success', 'failed'], 'upstream_failed'],
    ['one_failed', ['success', 'failed'], 'scheduled'],
    ['all_done', ['skipped', 'failed'], 'scheduled'],
  ])('a downstream with %s counts every mapped instance (%j → %s)', (rule, states, want) => {
    const plan = planTaskInstances({
      now: NOW,
      dag: mappedDag(rule),
      run,
      tis: [...tis({ a: 'success', z: null }), ...mapped(states)],
      previousRunStates: null,
    });
    expect(plan.changes.find((c) => c.taskId === 'z')?.state ?? null).toBe(want);
  });

  it('fails the run from a failed mapped instance of a leaf', () => {
    const d = mappedDag();
    d.tasks = d.tasks.filter((t) => t.taskId !== 'z');
    d.tasks.find((t) => t.taskId === 'm')!.downstream = [];
    const plan = planTaskInstances({
      now: NOW,
      dag: d,
      run,
      tis: [...tis({ a: 'success' }), ...mapped(['success', 'failed'])],
      previousRunStates: null,
    });
    expect(plan.runState).toBe('failed');
  });
});

describe('task-instance transitions', () => {
  it.each<[S, S, boolean]>([
    [null, 'scheduled', true],
    ['scheduled', 'queued', true],
    ['queued', 'running', true],
    ['running', 'success', true],
    ['running', 'up_for_retry', true],
    ['running', 'skipped', true],
    ['up_for_retry', 'scheduled', true],
    [null, 'upstream_failed', true],
    [null, 'running', false],
    ['success', 'running', false],
    ['failed', 'scheduled', false],
  ])('%s → %s allowed: %s', (from, to, want) => {
    expect(canTransition(from, to)).toBe(want);
  });
});

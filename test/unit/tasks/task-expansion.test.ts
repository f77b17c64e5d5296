import { describe, expect, it } from 'vitest';
import type { DagSpec, TaskMapping, TaskSpec } from '../../../agent/dags/dag-model.js';
import { checkMappable } from '../../../agent/tasks/mapped-task-instances.js';
import {
  ExpansionError,
  expandedArguments,
  NotFullyPopulated,
  type PushedValue,
} from '../../../agent/tasks/task-expansion.js';

const dictOfLists = (value: Record<string, unknown>): TaskMapping => ({
  input: 'DictOfListsExpandInput',
  value,
  decorated: false,
  partialArgs: [],
});
const listOfDicts = (value: unknown): TaskMapping => ({
  input: 'ListOfDictsExpandInput',
  value,
  decorated: false,
  partialArgs: [],
});
const ref = (taskId: string) => ({ xcom_arg: { task_id: taskId, key: 'return_value' } });
const pushed =
  (values: Record<string, unknown>): PushedValue =>
  (taskId) =>
    values[taskId];

describe('the arguments of each mapped task instance', () => {
  it.each<[string, TaskMapping, Record<string, unknown>, Record<string, unknown>[]]>([
    [
      'one literal list',
      dictOfLists({ command: ['a', 'b', 'c'] }),
      {},
      [{ command: 'a' }, { command: 'b' }, { command: 'c' }],
    ],
    [
      'two lists: their product, the last keyword varying fastest',
      dictOfLists({ x: [1, 2], y: [10, 20] }),
      {},
      [
        { x: 1, y: 10 },
        { x: 1, y: 20 },
        { x: 2, y: 10 },
        { x: 2, y: 20 },
      ],
    ],
    [
      'a literal dict: its (key, value) items',
      dictOfLists({ kv: { a: 1, b: 2 } }),
      {},
      [{ kv: ['a', 1] }, { kv: ['b', 2] }],
    ],
    ['an empty list: nothing', dictOfLists({ command: [] }), {}, []],
    ['an upstream list', dictOfLists({ command: ref('up') }), { up: ['x', 'y'] }, [{ command: 'x' }, { command: 'y' }]],
    [
      'a zip of two upstream lists (the shorter length)',
      dictOfLists({ pair: { xcom_arg_zip: [ref('a'), ref('b')] } }),
      { a: ['h1', 'h2', 'h3'], b: [22, 2222] },
      [{ pair: ['h1', 22] }, { pair: ['h2', 2222] }],
    ],
    [
      'expand_kwargs over literal dicts',
      listOfDicts([{ bash_command: 'one' }, { bash_command: 'two', env: { X: '1' } }]),
      {},
      [{ bash_command: 'one' }, { bash_command: 'two', env: { X: '1' } }],
    ],
    [
      'expand_kwargs over an upstream list of dicts',
      listOfDicts(ref('up')),
      { up: [{ command: 'c' }] },
      [{ command: 'c' }],
    ],
  ])('%s', (_name, mapping, values, want) => {
    expect(expandedArguments(mapping, pushed(values))).toEqual(want);
  });

  it('is not fully populated while the upstream has pushed nothing', () => {
    expect(() => expandedArguments(dictOfLists({ command: ref('up') }), pushed({}))).toThrow(NotFullyPopulated);
  });

  it("refuses an upstream value that is not a list or a dict with Airflow's text", () => {
    expect(() => expandedArguments(dictOfLists({ command: ref('up') }), pushed({ up: 'web1' }))).toThrow(
      new ExpansionError("unmappable return type 'str'"),
    );
    expect(() => expandedArguments(listOfDicts(ref('up')), pushed({ up: ['not a dict'] }))).toThrow(
      'expand_kwargs() expects a list[dict], not list[str]',
    );
  });
});

describe("the check of a value pushed for mapped dependants (Airflow's _record_task_map_for_downstreams)", () => {
  const task = (taskId: string, mapping?: TaskMapping) => ({ taskId, mapping }) as TaskSpec;
  const dag = { tasks: [task('up'), task('m', dictOfLists({ command: ref('up') })), task('other')] } as DagSpec;

  it.each<[string, unknown, string | null]>([
    ['a list', ['a', 'b'], null],
    ['a dict', { a: 1 }, null],
    ['a str', 'web1', "UnmappableXComTypePushed: unmappable return type 'str'"],
    ['an int', 3, "UnmappableXComTypePushed: unmappable return type 'int'"],
    [
      'a list past max_map_length',
      ['a', 'b', 'c'],
      'UnmappableXComLengthPushed: unmappable return value length: 3 > 2',
    ],
  ])('%s', (_name, value, error) => {
    const check = () => checkMappable(dag, dag.tasks[0]!, value, 2);
    if (error === null) expect(check).not.toThrow();
    else
      expect(() => {
        try {
          check();
        } catch (e) {
          throw new Error(`${(e as { pyClass: string }).pyClass}: ${(e as Error).message}`);
        }
      }).toThrow(error);
  });

  it('does not check a task without mapped dependants', () => {
    expect(() => checkMappable(dag, dag.tasks[2]!, 'anything', 2)).not.toThrow();
  });
});

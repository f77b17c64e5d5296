import type { Node } from 'web-tree-sitter';
import { RaisedException } from '../python/eval/eval-errors.js';
import { makeDict, objectValue, type PyValue, str, typeName } from '../python/eval/py-value.js';
import { type BuildContext, constructTask, isOperatorParam } from './airflow-constructors.js';
import {
  DerivedXComArg,
  hostObject,
  link,
  PartialObject,
  type TaskMappingObject,
  type TaskObject,
  XComArg,
} from './dag-objects.js';
import { collectTasks } from './task-dependencies.js';
import { reprValue } from '../python/eval/value-text.js';
import { KNOWN_OPERATORS } from './operator-catalogue.js';

/**
 * Dynamic task mapping as Airflow reads it while parsing (airflow/models/mappedoperator.py and
 * expandinput.py on 2.10; airflow/sdk/bases/operator.py and definitions/mappedoperator.py on 3.x, which keep
 * the same checks and texts): `Op.partial(...)`, `.expand(...)`, `.expand_kwargs(...)`, and a TaskFlow
 * function's `.partial(...)`/`.expand(...)`. Expansion itself happens when the run schedules the task.
 */

/** `Op.partial(**kwargs)`: BaseOperator.partial's checks; returns an OperatorPartial. */
export function constructPartial(
  ctx: BuildContext,
  operator: string,
  positional: PyValue[],
  kwargs: Map<string, PyValue>,
  node: Node,
  baseParamsOnly = false,
): PartialObject {
  if (positional.length)
    throw new RaisedException(
      'TypeError',
      `partial() takes 1 positional argument but ${positional.length + 1} were given`,
      node,
    );
  if (!kwargs.has('task_id'))
    throw new RaisedException('TypeError', "partial() missing 1 required keyword-only argument: 'task_id'", node);
  const named = new Set(ctx.reading.files.partialParams);
  const rest = [...kwargs.keys()].filter((k) => !named.has(k) && k !== 'default_args');
  const unknown = rest.filter((k) => !knownParam(ctx, operator, k, baseParamsOnly));
  if (unknown.length) throw unexpectedKeywords(operator, 'partial', unknown, node);
  if (kwargs.has('task_concurrency'))
    throw new RaisedException('TypeError', 'unexpected argument: task_concurrency', node);
  const withContext = new Map(kwargs);
  if (!withContext.has('dag') && ctx.currentDag()) withContext.set('dag', objectValue(ctx.currentDag()!));
  if (!withContext.has('task_group') && ctx.currentGroup())
    withContext.set('task_group', objectValue(ctx.currentGroup()!));
  return new PartialObject(operator, withContext, baseParamsOnly);
}

/** `partial.expand(**mapped)` / `partial.expand_kwargs(value)`: the MappedOperator, added to its DAG. */
export function expandPartial(
  ctx: BuildContext,
  partial: PartialObject,
  method: 'expand' | 'expand_kwargs',
  positional: PyValue[],
  kwargs: Map<string, PyValue>,
  node: Node,
): TaskObject {
  const { operator } = partial;
  const mapping =
    method === 'expand'
      ? expandInput(ctx, operator, partial.kwargs, kwargs, node, partial.baseParamsOnly)
      : expandKwargsInput(positional, kwargs, node);
  partial.expandCalled = true;
  const given = new Set([...partial.kwargs.keys()].filter((k) => k !== 'dag' && k !== 'task_group'));
  const task = constructTask(ctx, operator, [], new Map(partial.kwargs), node, {
    baseParamsOnly: partial.baseParamsOnly,
    mapped: true,
  });
  task.mapping = { ...mapping, decorated: false, partialArgs: given };
  // XComArg.apply_upstream_relationship over the expand input and the partial arguments.
  const upstream = [mapping.value, ...partial.kwargs.values()].flatMap(collectTasks);
  if (upstream.length) link(upstream, [task], node);
  return task;
}

/** OperatorPartial.__del__'s UserWarning for a partial whose expand() never ran (or failed its checks). */
export function neverMappedWarning(partial: PartialObject, node: Node): string {
  const taskId = partial.kwargs.get('task_id');
  let shown = '';
  try {
    shown = taskId ? reprValue(taskId, node) : '';
  } catch {
    shown = 'at 0x0';
  }
  return `Task ${shown} was never mapped!`;
}

/** The known parameters of an operator: BaseOperator's, and its own when mwaa-agent knows the class. */
function knownParam(ctx: BuildContext, operator: string, name: string, baseParamsOnly: boolean): boolean {
  if (baseParamsOnly) return ctx.reading.files.baseOperatorParams.includes(name);
  return !KNOWN_OPERATORS[operator] || isOperatorParam(ctx, operator, name);
}

/** validate_mapping_kwargs's TypeError for names no `__init__` of the class takes. */
function unexpectedKeywords(operator: string, func: string, names: string[], node: Node): RaisedException {
  const what =
    names.length === 1
      ? `an unexpected keyword argument '${names[0]}'`
      : `unexpected keyword arguments ${names.map((n) => `'${n}'`).join(', ')}`;
  return new RaisedException('TypeError', `${operator}.${func}() got ${what}`, node);
}

/** `is_mappable`: a list, tuple or dict (a Sequence or Mapping that is not a str), or an XComArg. */
export function isMappable(v: PyValue): boolean {
  if (v.t === 'list' || v.t === 'tuple' || v.t === 'dict') return true;
  return hostObject(v, XComArg) !== null || hostObject(v, DerivedXComArg) !== null;
}

/** OperatorPartial.expand: validate_mapping_kwargs("expand"), then prevent_duplicates with partial_kwargs. */
function expandInput(
  ctx: BuildContext,
  operator: string,
  partialKwargs: Map<string, PyValue>,
  mapped: Map<string, PyValue>,
  node: Node,
  baseParamsOnly: boolean,
): Omit<TaskMappingObject, 'decorated' | 'partialArgs'> {
  if (mapped.size === 0) throw new RaisedException('TypeError', 'no arguments to expand against', node);
  // Airflow walks the class's MRO: the operator's own parameters first, then BaseOperator's, in signature order.
  const own = baseParamsOnly ? [] : Object.keys(KNOWN_OPERATORS[operator]?.params ?? {});
  for (const name of [...own, ...ctx.reading.files.baseOperatorParams]) {
    const v = mapped.get(name);
    if (v !== undefined && !isMappable(v))
      throw new RaisedException(
        'ValueError',
        `${operator}.expand() got an unexpected type '${typeName(v)}' for keyword argument ${name}`,
        node,
      );
  }
  const unknown = [...mapped.keys()].filter((k) => !knownParam(ctx, operator, k, baseParamsOnly));
  if (unknown.length) throw unexpectedKeywords(operator, 'expand', unknown, node);
  // partial_kwargs holds every parameter partial() names (filled with defaults) and the keywords it was given.
  const fixed = new Set([...ctx.reading.files.partialParams, ...partialKwargs.keys()]);
  fixed.delete('params');
  const duplicated = [...mapped.keys()].filter((k) => fixed.has(k)).sort();
  if (duplicated.length === 1)
    throw new RaisedException('TypeError', `unmappable or already specified argument: ${duplicated[0]}`, node);
  if (duplicated.length > 1)
    throw new RaisedException('TypeError', `unmappable or already specified arguments: ${duplicated.join(', ')}`, node);
  return { input: 'DictOfListsExpandInput', value: keywordsDict(mapped) };
}

/** OperatorPartial.expand_kwargs: an XComArg, or a sequence of dicts and XComArgs. */
function expandKwargsInput(
  positional: PyValue[],
  kwargs: Map<string, PyValue>,
  node: Node,
): Omit<TaskMappingObject, 'decorated' | 'partialArgs'> {
  const value = positional[0] ?? kwargs.get('kwargs');
  if (!value)
    throw new RaisedException('TypeError', "expand_kwargs() missing 1 required positional argument: 'kwargs'", node);
  const isXComArg = (v: PyValue) => hostObject(v, XComArg) !== null || hostObject(v, DerivedXComArg) !== null;
  const fail = () => new RaisedException('TypeError', `expected XComArg or list[dict], not ${typeName(value)}`, node);
  if (value.t === 'list' || value.t === 'tuple') {
    if (value.items.some((i) => i.t !== 'dict' && !isXComArg(i))) throw fail();
  } else if (value.t === 'str') {
    if (value.v.length) throw fail();
  } else if (!isXComArg(value)) throw fail();
  return { input: 'ListOfDictsExpandInput', value };
}

function keywordsDict(kwargs: Map<string, PyValue>): PyValue {
  return makeDict([...kwargs].map(([k, v]) => [str(k), v]));
}

/**
 * A TaskFlow function's `.expand(**mapped)` / `.expand_kwargs(value)` (after any `.partial(**fixed)`):
 * `_TaskDecorator.expand`'s checks; the mapping of the DecoratedMappedOperator the caller creates.
 */
export function taskflowExpandInput(
  method: 'expand' | 'expand_kwargs',
  positional: PyValue[],
  kwargs: Map<string, PyValue>,
  node: Node,
): Omit<TaskMappingObject, 'decorated' | 'partialArgs'> {
  if (method === 'expand_kwargs') return expandKwargsInput(positional, kwargs, node);
  if (kwargs.size === 0) throw new RaisedException('TypeError', 'no arguments to expand against', node);
  for (const [name, v] of kwargs)
    if (!isMappable(v))
      throw new RaisedException(
        'ValueError',
        `expand() got an unexpected type '${typeName(v)}' for keyword argument '${name}'`,
        node,
      );
  return { input: 'DictOfListsExpandInput', value: keywordsDict(kwargs) };
}

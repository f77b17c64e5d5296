import type { Node } from 'web-tree-sitter';
import { CannotEvaluate, RaisedException } from '../python/eval/eval-errors.js';
import { NONE, type PyValue, typeName } from '../python/eval/py-value.js';
import { DagObject, DerivedXComArg, GroupObject, hostObject, link, TaskObject, XComArg } from './dag-objects.js';

/** Dependency semantics of `>>`, `set_downstream`, chain, chain_linear and cross_downstream (Airflow 2.10). */

export function isAirflowObject(v: PyValue): boolean {
  if (v.t === 'object')
    return (
      v.obj instanceof DagObject ||
      v.obj instanceof TaskObject ||
      v.obj instanceof GroupObject ||
      v.obj instanceof XComArg ||
      v.obj instanceof DerivedXComArg
    );
  if (v.t === 'list' || v.t === 'tuple') return v.items.some(isAirflowObject);
  if (v.t === 'dict') return [...v.entries.values()].some((e) => isAirflowObject(e.value));
  return false;
}

/** The task of a task or of the XComArg a TaskFlow call returned. */
export function taskOf(v: PyValue): TaskObject | null {
  return hostObject(v, TaskObject) ?? hostObject(v, XComArg)?.task ?? null;
}

export function collectTasks(v: PyValue): TaskObject[] {
  const task = taskOf(v);
  if (task) return [task];
  const derived = hostObject(v, DerivedXComArg);
  if (derived) return derived.tasks();
  if (v.t === 'list' || v.t === 'tuple') return v.items.flatMap(collectTasks);
  if (v.t === 'dict') return [...v.entries.values()].flatMap((e) => collectTasks(e.value));
  return [];
}

/** As a dependency source: a task, a group's leaves, or every element of a list. */
export function leavesOf(v: PyValue, node: Node): TaskObject[] {
  const task = taskOf(v);
  if (task) return [task];
  const group = hostObject(v, GroupObject);
  if (group) return group.leaves();
  if (v.t === 'list' || v.t === 'tuple') return v.items.flatMap((i) => leavesOf(i, node));
  throw dependencyError(v, node);
}

export function rootsOf(v: PyValue, node: Node): TaskObject[] {
  const task = taskOf(v);
  if (task) return [task];
  const group = hostObject(v, GroupObject);
  if (group) return group.roots();
  if (v.t === 'list' || v.t === 'tuple') return v.items.flatMap((i) => rootsOf(i, node));
  throw dependencyError(v, node);
}

export function dependencyError(v: PyValue, node: Node): Error {
  if (v.t === 'opaque') return new CannotEvaluate(`dependency on ${v.what}`, v.node);
  return new RaisedException('TypeError', `unsupported operand type(s) for >>: '${typeName(v)}'`, node);
}

/** chain / chain_linear / cross_downstream (airflow.models.baseoperator). */
export function dependencyHelper(kind: string, args: PyValue[], node: Node): void {
  const isList = (v: PyValue) => v.t === 'list' || v.t === 'tuple';
  const items = (v: PyValue) => (v.t === 'list' || v.t === 'tuple' ? v.items : [v]);
  if (kind === 'cross_downstream') {
    link(
      items(args[0] ?? NONE).flatMap((x) => leavesOf(x, node)),
      items(args[1] ?? NONE).flatMap((x) => rootsOf(x, node)),
      node,
    );
    return;
  }
  if (kind === 'chain_linear') {
    if (args.length < 2) throw new RaisedException('ValueError', 'Chain linear must have at least two elements', node);
    for (let i = 1; i < args.length; i++)
      link(
        items(args[i - 1]!).flatMap((x) => leavesOf(x, node)),
        items(args[i]!).flatMap((x) => rootsOf(x, node)),
        node,
      );
    return;
  }
  for (let i = 1; i < args.length; i++) {
    const [up, down] = [args[i - 1]!, args[i]!];
    if (isList(up) && isList(down)) {
      const [a, b] = [items(up), items(down)];
      if (a.length !== b.length)
        throw new RaisedException(
          'AirflowException',
          `Chain not supported for different length Iterable. Got ${a.length} and ${b.length}.`,
          node,
        );
      a.forEach((x, j) => link(leavesOf(x, node), rootsOf(b[j]!, node), node));
    } else {
      link(
        items(up).flatMap((x) => leavesOf(x, node)),
        items(down).flatMap((x) => rootsOf(x, node)),
        node,
      );
    }
  }
}

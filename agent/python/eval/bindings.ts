import type { Node } from 'web-tree-sitter';
import { setAttribute } from './calls.js';
import { CannotEvaluate, RaisedException } from './eval-errors.js';
import type { InterpreterCore } from './interpreter-core.js';
import { dictKey, type PyValue, type Scope } from './py-value.js';

/** Binds `value` to an assignment target: a name, a tuple/list of targets, `x[k]` or `x.a`. */
export function bindTarget(py: InterpreterCore, target: Node, value: PyValue, scope: Scope): void {
  switch (target.type) {
    case 'identifier':
      scope.vars.set(target.text, value);
      return;
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list': {
      const targets = target.namedChildren.filter((n): n is Node => !!n);
      const items = py.iterate(value, target);
      if (items.length !== targets.length) {
        throw new RaisedException(
          'ValueError',
          `${items.length > targets.length ? 'too many values to unpack' : 'not enough values to unpack'} (expected ${targets.length}, got ${items.length})`,
          target,
        );
      }
      targets.forEach((t, i) => bindTarget(py, t, items[i]!, scope));
      return;
    }
    case 'subscript': {
      const container = py.eval(target.childForFieldName('value')!, scope);
      const key = py.eval(target.childForFieldName('subscript')!, scope);
      if (container.t === 'dict' && dictKey(key) !== null) {
        container.entries.set(dictKey(key)!, { key, value });
        return;
      }
      if (container.t === 'list' && key.t === 'int' && key.v < container.items.length) {
        container.items[key.v < 0 ? container.items.length + key.v : key.v] = value;
        return;
      }
      throw new CannotEvaluate('item assignment', target);
    }
    case 'attribute':
      return setAttribute(
        py,
        py.eval(target.childForFieldName('object')!, scope),
        target.childForFieldName('attribute')!.text,
        value,
        target,
      );
    default:
      throw new CannotEvaluate(`assignment to ${target.type}`, target);
  }
}

import type { Node } from 'web-tree-sitter';
import { builtinCall } from './builtins.js';
import { datetimeCall } from './datetime-calls.js';
import { CannotEvaluate, RaisedException } from './eval-errors.js';
import type { CallArgs } from './evaluator.js';
import { resolveSymbol } from './imports.js';
import { PurePath } from './pure-path.js';
import type { InterpreterCore } from './interpreter-core.js';
import { valueMethod } from './methods.js';
import { dictKey, objectValue, type PyValue, str, typeName } from './py-value.js';
import { reprValue } from './value-text.js';

/** Calls a value: an imported name, a function of the file, a bound method, or something opaque. */
export function callValue(py: InterpreterCore, callee: PyValue, args: CallArgs, node: Node): PyValue {
  switch (callee.t) {
    case 'symbol':
      return (
        py.semantics.callSymbol(callee.name, args, node, py) ??
        datetimeCall(callee.name, args, node, py.nowUs) ??
        builtinCall(callee.name, args, node, py) ??
        py.semantics.unknownCall(callee, args, node)
      );
    case 'function':
      return callee.decorator
        ? py.semantics.callDecorated(callee, args, node, py)
        : py.callFunction(callee, args, node);
    case 'method':
      return (
        py.semantics.callMethod(callee.self, callee.name, args, node, py) ??
        valueMethod(callee.self, callee.name, args, node, py)
      );
    case 'opaque':
      return py.semantics.unknownCall(callee, args, node);
    case 'object': {
      const called = py.semantics.callObject(callee.obj, args, node, py);
      if (called) return called;
      throw new RaisedException('TypeError', `'${typeName(callee)}' object is not callable`, node);
    }
    default:
      throw new RaisedException('TypeError', `'${typeName(callee)}' object is not callable`, node);
  }
}

/** `obj.attr`: a constant or submodule of an imported name, a host object's attribute, or a bound method. */
export function getAttribute(py: InterpreterCore, obj: PyValue, attr: string): PyValue {
  switch (obj.t) {
    case 'symbol':
      return resolveSymbol(py, `${obj.name}.${attr}`);
    case 'object':
      if (obj.obj instanceof PurePath) return pathAttribute(obj.obj, attr) ?? { t: 'method', self: obj, name: attr };
      return py.semantics.getAttribute(obj.obj, attr) ?? { t: 'method', self: obj, name: attr };
    case 'opaque':
      return { ...obj };
    default:
      return { t: 'method', self: obj, name: attr };
  }
}

/** `obj.attr = value`: only a host object's attributes can be followed. */
export function setAttribute(py: InterpreterCore, obj: PyValue, attr: string, value: PyValue, node: Node): void {
  if (obj.t === 'object') return py.semantics.setAttribute(obj.obj, attr, value, node);
  throw new CannotEvaluate(`assignment to ${obj.t === 'opaque' ? obj.what : typeName(obj)}.${attr}`, node);
}

/** `obj[key]` (`obj[a, b]` is `obj[(a, b)]`). */
export function subscript(py: InterpreterCore, obj: PyValue, keys: PyValue[], node: Node): PyValue {
  const key = keys.length === 1 ? keys[0]! : { t: 'tuple' as const, items: keys };
  if (obj.t === 'dict') {
    const k = dictKey(key);
    const e = k === null ? undefined : obj.entries.get(k);
    if (!e) throw new RaisedException('KeyError', reprValue(key, node), node);
    return e.value;
  }
  if ((obj.t === 'list' || obj.t === 'tuple') && key.t === 'int') {
    const i = key.v < 0 ? obj.items.length + key.v : key.v;
    if (i < 0 || i >= obj.items.length) throw new RaisedException('IndexError', `${obj.t} index out of range`, node);
    return obj.items[i]!;
  }
  if (obj.t === 'opaque') return { t: 'opaque', what: obj.what, node: obj.node };
  if (obj.t === 'object') {
    const v = py.semantics.subscript(obj.obj, key, node);
    if (v) return v;
  }
  if (obj.t === 'symbol') return { t: 'opaque', what: node.text, node, inert: py.semantics.isInertModule(obj.name) };
  throw new CannotEvaluate(`subscript of ${typeName(obj)}`, node);
}

/** The attributes of a path that are text: `name`, `stem`, `suffix`, `parent`, `parts`. */
function pathAttribute(p: PurePath, attr: string): PyValue | null {
  switch (attr) {
    case 'name':
    case 'stem':
    case 'suffix':
      return str(p[attr]);
    case 'parent':
      return objectValue(p.parent);
    case 'parts':
      return { t: 'tuple', items: [...(p.root ? [p.root] : []), ...p.parts].map(str) };
    default:
      return null;
  }
}

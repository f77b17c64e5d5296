import type { Node } from 'web-tree-sitter';
import { link } from './dag-objects.js';
import { MAX_SEQUENCE, arithmetic } from './python-builtins.js';
import { leavesOf, rootsOf } from './task-dependencies.js';
import { CannotEvaluate, PyException, str, typeName, type PyValue } from './python-values.js';

/** Python binary operators over evaluated values; `>>`/`<<` between tasks set dependencies. */
export function binaryOp(op: string, l: PyValue, r: PyValue, node: Node): PyValue {
  if (op === '>>' || op === '<<') {
    if (l.t === 'int' && r.t === 'int') return { t: 'int', v: op === '>>' ? l.v >> r.v : l.v << r.v };
    const isList = (v: PyValue) => v.t === 'list' || v.t === 'tuple';
    if (isList(l) && isList(r))
      throw new PyException('TypeError', `unsupported operand type(s) for ${op}: 'list' and 'list'`, node);
    const [up, down] = op === '>>' ? [l, r] : [r, l];
    link(leavesOf(up, node), rootsOf(down, node), node);
    return r;
  }
  if (l.t === 'opaque' || r.t === 'opaque')
    return { t: 'opaque', what: l.t === 'opaque' ? l.what : (r as { what: string }).what, node };
  if (op === '+') {
    if (l.t === 'str' && r.t === 'str') return str(l.v + r.v);
    if ((l.t === 'list' && r.t === 'list') || (l.t === 'tuple' && r.t === 'tuple'))
      return { t: l.t, items: [...l.items, ...r.items] };
    if (l.t === 'datetime' && r.t === 'timedelta') return { ...l, us: l.us + r.us };
    if (l.t === 'timedelta' && r.t === 'datetime') return { ...r, us: r.us + l.us };
    if (l.t === 'timedelta' && r.t === 'timedelta') return { t: 'timedelta', us: l.us + r.us };
  }
  if (op === '-') {
    if (l.t === 'datetime' && r.t === 'timedelta') return { ...l, us: l.us - r.us };
    if (l.t === 'timedelta' && r.t === 'timedelta') return { t: 'timedelta', us: l.us - r.us };
  }
  if (op === '*') {
    if (l.t === 'timedelta' && (r.t === 'int' || r.t === 'float'))
      return { t: 'timedelta', us: Math.round(l.us * r.v) };
    if (r.t === 'timedelta' && (l.t === 'int' || l.t === 'float'))
      return { t: 'timedelta', us: Math.round(r.us * l.v) };
    if ((l.t === 'str' ? l.v.length : l.t === 'list' ? l.items.length : 0) * (r.t === 'int' ? r.v : 0) > MAX_SEQUENCE) {
      throw new CannotEvaluate(`a sequence of more than ${MAX_SEQUENCE} items`, node);
    }
    if (l.t === 'str' && r.t === 'int') return str(l.v.repeat(Math.max(0, r.v)));
    if (l.t === 'list' && r.t === 'int')
      return { t: 'list', items: Array.from({ length: Math.max(0, r.v) }, () => l.items).flat() };
  }
  if (op === '%' && l.t === 'str') throw new CannotEvaluate('%-formatting', node);
  if ((l.t === 'int' || l.t === 'float' || l.t === 'bool') && (r.t === 'int' || r.t === 'float' || r.t === 'bool'))
    return arithmetic(op, l, r, node);
  throw new PyException(
    'TypeError',
    `unsupported operand type(s) for ${op}: '${typeName(l)}' and '${typeName(r)}'`,
    node,
  );
}

import type { Node } from 'web-tree-sitter';
import { arithmetic, MAX_SEQUENCE } from './builtins.js';
import { CannotEvaluate, RaisedException } from './eval-errors.js';
import { objectValue, type PyValue, str, typeName } from './py-value.js';
import { PurePath } from './pure-path.js';
import type { PythonSemantics } from './semantics.js';
import { instantToWall } from './wall-clock.js';

/** Python's datetime holds years 1–9999: arithmetic that leaves them raises OverflowError. */
function inRange(v: PyValue & { t: 'datetime' }, node: Node): PyValue {
  const year = instantToWall(v.us, v.tz).year;
  if (!(year >= 1 && year <= 9999)) throw new RaisedException('OverflowError', 'date value out of range', node);
  return v;
}

/** A binary operator: the meaning the host gives its objects (`task >> other`) first, then Python's. */
export function binaryOperator(semantics: PythonSemantics, op: string, l: PyValue, r: PyValue, node: Node): PyValue {
  return semantics.binary(op, l, r, node) ?? binaryOp(op, l, r, node);
}

/** Python's binary operators over evaluated values. */
export function binaryOp(op: string, l: PyValue, r: PyValue, node: Node): PyValue {
  if ((op === '>>' || op === '<<') && l.t === 'int' && r.t === 'int')
    return { t: 'int', v: op === '>>' ? l.v >> r.v : l.v << r.v };
  if (l.t === 'opaque' || r.t === 'opaque')
    return { t: 'opaque', what: l.t === 'opaque' ? l.what : (r as { what: string }).what, node };
  if (op === '/') {
    const path = (v: PyValue) => (v.t === 'object' && v.obj instanceof PurePath ? v.obj : null);
    const lp = path(l);
    const rp = path(r);
    if (lp && (r.t === 'str' || rp)) return objectValue(lp.join(rp ? rp.toString() : (r as { v: string }).v));
    if (rp && l.t === 'str') return objectValue(new PurePath(rp.pyTypeName, l.v, rp.toString()));
  }
  if (op === '+') {
    if (l.t === 'str' && r.t === 'str') return str(l.v + r.v);
    if ((l.t === 'list' && r.t === 'list') || (l.t === 'tuple' && r.t === 'tuple'))
      return { t: l.t, items: [...l.items, ...r.items] };
    if (l.t === 'datetime' && r.t === 'timedelta') return inRange({ ...l, us: l.us + r.us }, node);
    if (l.t === 'timedelta' && r.t === 'datetime') return inRange({ ...r, us: r.us + l.us }, node);
    if (l.t === 'timedelta' && r.t === 'timedelta') return { t: 'timedelta', us: l.us + r.us };
  }
  if (op === '-') {
    if (l.t === 'datetime' && r.t === 'timedelta') return inRange({ ...l, us: l.us - r.us }, node);
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
  throw new RaisedException(
    'TypeError',
    `unsupported operand type(s) for ${op}: '${typeName(l)}' and '${typeName(r)}'`,
    node,
  );
}

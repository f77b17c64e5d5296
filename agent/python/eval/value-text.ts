import type { Node } from 'web-tree-sitter';
import { isoformatMicros, strNaiveMicros } from '../datetime-format.js';
import { reprFloat, reprInt } from '../number-repr.js';
import { reprDict, reprList, reprTuple } from '../repr.js';
import { reprStr } from '../str-repr.js';
import { CannotEvaluate } from './eval-errors.js';
import { kindOf, type PyValue } from './py-value.js';
import { PurePath } from './pure-path.js';

/** Python's `str(value)` for the values an f-string or `+` can meet; CannotEvaluate otherwise. */
export function strValue(v: PyValue, node: Node): string {
  switch (v.t) {
    case 'str':
      return v.v;
    case 'datetime':
      if (v.tz === null) return strNaiveMicros(v.us);
      if (v.tz === 'UTC') return isoformatMicros(v.us, ' ');
      break;
    case 'int':
    case 'float':
    case 'bool':
    case 'none':
    case 'list':
    case 'tuple':
    case 'dict':
      return reprValue(v, node);
    case 'object':
      if (v.obj instanceof PurePath) return v.obj.toString();
      break;
    default:
      break;
  }
  throw new CannotEvaluate(`str() of ${v.t === 'opaque' ? v.what : kindOf(v)}`, v.t === 'opaque' ? v.node : node);
}

/** Python's `repr(value)`; containers print their items' reprs. */
export function reprValue(v: PyValue, node: Node): string {
  switch (v.t) {
    case 'str':
      return reprStr(v.v);
    case 'int':
      return reprInt(v.v);
    case 'float':
      return reprFloat(v.v);
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'list':
      return reprList(v.items.map((i) => reprValue(i, node)));
    case 'tuple':
      return reprTuple(v.items.map((i) => reprValue(i, node)));
    case 'dict':
      return reprDict([...v.entries.values()].map((e) => [reprValue(e.key, node), reprValue(e.value, node)]));
    case 'object':
      if (v.obj instanceof PurePath) return `${v.obj.pyTypeName}(${reprStr(v.obj.toString())})`;
      return strValue(v, node);
    default:
      return strValue(v, node);
  }
}

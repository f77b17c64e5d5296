import type { Node } from 'web-tree-sitter';
import { isoformatMicros, strNaiveMicros } from '../python/datetime-format.js';
import { reprFloat, reprInt } from '../python/number-repr.js';
import { reprDict, reprList, reprTuple } from '../python/repr.js';
import { reprStr } from '../python/str-repr.js';
import { CannotEvaluate, type PyValue } from './python-values.js';

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
  '\n': '',
};

/** Decodes the escapes of a non-raw Python string literal segment. */
export function decodeEscapes(text: string): string {
  return text.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|[\s\S])/g,
    (all, esc: string) => {
      if (esc in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[esc]!;
      if (/^[xuU]/.test(esc)) return String.fromCodePoint(parseInt(esc.slice(1), 16));
      if (/^[0-7]+$/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
      return all; // unknown escapes stay as written, as in Python
    },
  );
}

/** Python's int literal forms: 1_000, 0x1F, 0o17, 0b101. */
export function parseIntLiteral(text: string): number {
  const t = text.replace(/_/g, '').toLowerCase();
  if (t.startsWith('0x')) return parseInt(t.slice(2), 16);
  if (t.startsWith('0o')) return parseInt(t.slice(2), 8);
  if (t.startsWith('0b')) return parseInt(t.slice(2), 2);
  return Number(t.replace(/l$/, ''));
}

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
    default:
      break;
  }
  throw new CannotEvaluate(`str() of ${v.t === 'opaque' ? v.what : v.t}`, v.t === 'opaque' ? v.node : node);
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
    default:
      return strValue(v, node);
  }
}

import type { Node } from 'web-tree-sitter';
import { isoUtc } from './python-datetime.js';
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
export function pyStr(v: PyValue, node: Node): string {
  switch (v.t) {
    case 'str':
      return v.v;
    case 'int':
      return String(v.v);
    case 'float':
      return pyFloatRepr(v.v);
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'datetime':
      if (v.tz === null) return isoUtc(v.us).replace('T', ' ').replace('+00:00', '');
      if (v.tz === 'UTC') return isoUtc(v.us).replace('T', ' ');
      break;
    case 'list':
    case 'tuple': {
      const inner = v.items.map((i) => pyRepr(i, node)).join(', ');
      return v.t === 'list' ? `[${inner}]` : v.items.length === 1 ? `(${inner},)` : `(${inner})`;
    }
    default:
      break;
  }
  throw new CannotEvaluate(`str() of ${v.t === 'opaque' ? v.what : v.t}`, v.t === 'opaque' ? v.node : node);
}

export function pyRepr(v: PyValue, node: Node): string {
  if (v.t === 'str')
    return v.v.includes("'") && !v.v.includes('"')
      ? `"${v.v}"`
      : `'${v.v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (v.t === 'dict')
    return `{${[...v.entries.values()].map((e) => `${pyRepr(e.key, node)}: ${pyRepr(e.value, node)}`).join(', ')}}`;
  return pyStr(v, node);
}

export function pyFloatRepr(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`;
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return String(n);
}

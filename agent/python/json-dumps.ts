import { reprFloat, reprInt } from './number-repr.js';

/**
 * Python's `json.dumps(value)` of a JSON-like value (how Airflow stores a connection's extra): `", "` and
 * `": "` separators, `ensure_ascii`, floats as `repr()`; with `indent`, one item per line and `","` at line
 * ends. Numbers follow `pyRepr`'s convention: an integral number is an int.
 */
export function pyJsonDumps(value: unknown, indent?: number, level = 0): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return jsonNumber(value);
  const entries: [string | null, unknown][] = Array.isArray(value)
    ? value.map((v) => [null, v])
    : Object.entries(value as Record<string, unknown>);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return open + close;
  const items = entries.map(([k, v]) => (k === null ? '' : `${jsonString(k)}: `) + pyJsonDumps(v, indent, level + 1));
  if (indent === undefined) return open + items.join(', ') + close;
  const pad = (n: number) => `\n${' '.repeat(indent * n)}`;
  return open + pad(level + 1) + items.join(`,${pad(level + 1)}`) + pad(level) + close;
}

function jsonNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return Number.isInteger(n) ? reprInt(n) : reprFloat(n);
}

/** `json.encoder.py_encode_basestring_ascii`: every UTF-16 unit outside printable ASCII as `\uXXXX`. */
function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

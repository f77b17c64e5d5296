/**
 * Python's text forms of JSON-like values, for output users compare with Airflow's: `repr()` (how Airflow
 * logs a connection's extra dict) and `json.dumps` (how Airflow stores extras: `", "`/`": "` separators,
 * `ensure_ascii`). A JSON float with an integral value (`1.0`) prints as `1`, because `JSON.parse` keeps
 * no such distinction.
 */

/** A value `JSON.parse` can return. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Python's `repr()` of a str: single quotes unless the text has `'` and no `"`. */
export function pythonStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || isNonPrintable(ch)) out += escapeCodePoint(cp);
    else out += ch;
  }
  return out + quote;
}

function isNonPrintable(ch: string): boolean {
  return /[\p{C}\p{Zl}\p{Zp}]/u.test(ch) || (/\p{Zs}/u.test(ch) && ch !== ' ');
}

function escapeCodePoint(cp: number): string {
  if (cp <= 0xff) return '\\x' + cp.toString(16).padStart(2, '0');
  if (cp <= 0xffff) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

/** Python's `repr()` of a value decoded from JSON: `{'key_file': '/x', 'n': 1, 'ok': True, 'v': None}`. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return pythonStrRepr(value);
  if (typeof value === 'number') return pythonNumber(value);
  if (Array.isArray(value)) return '[' + value.map(pythonRepr).join(', ') + ']';
  if (typeof value === 'object') {
    return (
      '{' +
      Object.entries(value)
        .map(([k, v]) => `${pythonStrRepr(k)}: ${pythonRepr(v)}`)
        .join(', ') +
      '}'
    );
  }
  return pythonStrRepr(String(value));
}

function pythonNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return String(n);
}

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
    else if (c < 0x20 || c > 0x7e) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** Python's `json.dumps(value)` (or with `indent=n`: `,`/`": "` separators and newlines). */
export function pyJsonDumps(value: unknown, indent?: number, level = 0): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return pythonNumber(value);
  const entries: [string | null, unknown][] = Array.isArray(value)
    ? value.map((v) => [null, v])
    : Object.entries(value as Record<string, unknown>);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return open + close;
  const items = entries.map(([k, v]) => (k === null ? '' : jsonString(k) + ': ') + pyJsonDumps(v, indent, level + 1));
  if (indent === undefined) return open + items.join(', ') + close;
  const pad = (n: number) => '\n' + ' '.repeat(indent * n);
  return open + pad(level + 1) + items.join(',' + pad(level + 1)) + pad(level) + close;
}

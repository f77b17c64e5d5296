/**
 * CPython's `repr()` of a `str` (Objects/unicodeobject.c `unicode_repr`): single quotes unless the text
 * holds `'` and no `"`; `\\`, the chosen quote, `\t` `\n` `\r` escaped by name; every other character that
 * `str.isprintable()` rejects — C0/C1 controls, format characters, surrogates, private use, unassigned code
 * points, line/paragraph separators and every space but U+0020 — as `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
 *
 * Printability comes from the Unicode data of the JavaScript engine, which may be newer than the emulated
 * Python's (CPython 3.11 has Unicode 14): a character assigned after that prints raw here where Python
 * escapes it as unassigned.
 */
export function reprStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  // for…of walks code points, and yields a lone surrogate as itself.
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (isPrintable(ch)) out += ch;
    else out += escapeCodePoint(ch.codePointAt(0)!);
  }
  return out + quote;
}

const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

/** `str.isprintable()` of one code point: not in categories C* or Z*, except the ASCII space. */
export function isPrintable(ch: string): boolean {
  return ch === ' ' || !NON_PRINTABLE.test(ch);
}

function escapeCodePoint(cp: number): string {
  if (cp <= 0xff) return `\\x${hex(cp, 2)}`;
  if (cp <= 0xffff) return `\\u${hex(cp, 4)}`;
  return `\\U${hex(cp, 8)}`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

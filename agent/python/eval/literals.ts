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

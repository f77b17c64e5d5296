/**
 * Where an S3 key lands in the DAG folder, or why it may not land anywhere. Pure: no I/O.
 *
 * The invariant: a path returned here is relative, made of plain segments only, and stays inside the DAG
 * folder whatever the key holds. Everything else is refused with the rule it broke.
 */

/** The name of the rule a refused key broke; stable, so logs and tests can match it. */
export type KeyRule =
  | 'parent-segment'
  | 'dot-segment'
  | 'empty-segment'
  | 'absolute-path'
  | 'backslash'
  | 'nul-byte'
  | 'control-character'
  | 'bidi-control'
  | 'segment-too-long'
  | 'reserved-name';

export const KEY_RULE_TEXT: Readonly<Record<KeyRule, string>> = {
  'parent-segment': "contains a '..' segment, which would leave the DAG folder",
  'dot-segment': "contains a '.' segment",
  'empty-segment': "contains an empty segment ('//')",
  'absolute-path': 'is an absolute path (leading / or a drive letter)',
  backslash: 'contains a backslash, a path separator on some systems',
  'nul-byte': 'contains a NUL byte',
  'control-character': 'contains a control character (U+0001–U+001F, U+007F–U+009F)',
  'bidi-control':
    'contains a bidirectional-text control character (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), which can make a name display as another',
  'segment-too-long': 'has a path segment longer than 255 bytes, the file-name limit',
  'reserved-name': "uses the mirror's temporary-file name pattern (.*.mwaa-tmp)",
};

export type KeyMapping =
  | { kind: 'file'; path: string }
  | { kind: 'folder'; path: string }
  | { kind: 'refused'; rule: KeyRule };

const MAX_SEGMENT_BYTES = 255;

/** Marks the mirror's temporaries; a dot-prefixed name never ending in `.py`, so DAG discovery skips it. */
export const TEMP_MARKER = '.mwaa-tmp';

/** True for a file name the mirror uses as a temporary (`.<name>.mwaa-tmp-<random>`). */
export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.includes(TEMP_MARKER + '-');
}

/**
 * Maps `key` (which starts with `prefix`) to a path relative to the DAG folder. A key ending in `/` is a
 * folder marker; the prefix itself (the `dags/` marker) maps to the folder root, path ''.
 */
export function mapKey(key: string, prefix: string): KeyMapping {
  const rest = key.slice(prefix.length);
  if (rest === '') return { kind: 'folder', path: '' };
  const isFolder = rest.endsWith('/');
  const body = isFolder ? rest.slice(0, -1) : rest;
  const rule = brokenRule(body);
  if (rule) return { kind: 'refused', rule };
  return { kind: isFolder ? 'folder' : 'file', path: body };
}

function brokenRule(body: string): KeyRule | null {
  if (body.includes('\0')) return 'nul-byte';
  if (/[\u0001-\u001f\u007f-\u009f]/.test(body)) return 'control-character';
  // The Trojan Source set (CVE-2021-42574) plus the implicit marks: a key that renders as another name.
  if (/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(body)) return 'bidi-control';
  if (body.includes('\\')) return 'backslash';
  if (body.startsWith('/') || /^[A-Za-z]:/.test(body)) return 'absolute-path';
  const segments = body.split('/');
  if (segments.includes('..')) return 'parent-segment';
  if (segments.includes('.')) return 'dot-segment';
  if (segments.includes('')) return 'empty-segment';
  if (segments.some((s) => Buffer.byteLength(s, 'utf8') > MAX_SEGMENT_BYTES)) return 'segment-too-long';
  if (segments.some(isTempName)) return 'reserved-name';
  return null;
}

/** Python's `str.splitlines()` boundaries. */
const PY_LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/** Python's `s.strip("\n")`: newlines only, both ends. */
function stripNewlines(s: string): string {
  return s.replace(/^\n+|\n+$/g, '');
}

/**
 * The log records the hook makes of one received chunk of command output (airflow-ssh.md §1.7 step 6):
 * ≥ 3.3.0 `chunk.decode("utf-8", "replace").strip("\n").splitlines()`, one record per line (a chunk of only
 * newlines logs nothing); before, one record per chunk, possibly multi-line or empty.
 */
export function outputRecords(chunk: Buffer, lineByLine: boolean): string[] {
  const text = stripNewlines(chunk.toString('utf8'));
  if (!lineByLine) return [text];
  if (text === '') return [];
  const lines = text.split(PY_LINE_BREAK);
  // splitlines drops the empty string after a trailing break.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Text of a Python traceback as `traceback.format_exc(limit=-depth)` writes it (CPython 3.11/3.12's
 * traceback.py): the header, the last `depth` frames, the exception. Airflow stores this text for a DAG
 * file that fails to import (`[core] dagbag_import_error_traceback_depth`, default 2).
 */

/** One rendered frame: `  File "…", line N, in name` and, when Python shows them, the source and caret lines. */
export interface TracebackFrame {
  text: string;
}

/** A frame whose lines are known as data (Airflow's own code, importlib's frozen frames). */
export function pythonFrame(f: {
  file: string;
  line: number;
  name: string;
  source: string | null;
  carets: string | null;
}): TracebackFrame {
  let text = `  File "${f.file}", line ${f.line}, in ${f.name}\n`;
  if (f.source) text += `    ${f.source}\n`;
  if (f.source && f.carets) text += `    ${f.carets}\n`;
  return { text };
}

/** A frame of a file's own code: the failing expression spans `start`–`end` (0-based columns; rows 0-based). */
export function sourceFrame(
  file: string,
  name: string,
  lines: readonly string[],
  start: { row: number; column: number },
  end: { row: number; column: number },
): TracebackFrame {
  const original = lines[start.row] ?? '';
  const stripped = original.trim();
  let text = `  File "${file}", line ${start.row + 1}, in ${name}\n`;
  if (!stripped) return { text };
  text += `    ${stripped}\n`;
  const strippedCharacters = original.length - original.trimStart().length;
  const startOffset = start.column + 1;
  const endOffset = start.row === end.row ? end.column + 1 : strippedCharacters + stripped.length;
  // format_frame_summary: carets only when the expression does not span the whole line.
  if (endOffset - startOffset < stripped.length)
    text += `    ${' '.repeat(startOffset - 1 - strippedCharacters)}${'^'.repeat(endOffset - startOffset)}\n`;
  return { text };
}

/** `format_exc(limit=-depth)`: the last `depth` frames; the exception lines end the text (with a newline). */
export function tracebackText(frames: readonly TracebackFrame[], depth: number, exception: string): string {
  const shown = depth > 0 ? frames.slice(-depth) : [];
  return `Traceback (most recent call last):\n${shown.map((f) => f.text).join('')}${exception}\n`;
}

/** What a SyntaxError carries (CPython's attributes): 1-based line and 1-based offsets into `text`. */
export interface SyntaxErrorInfo {
  pyClass: 'SyntaxError' | 'IndentationError' | 'TabError';
  msg: string;
  lineno: number;
  /** 1-based; null: no caret line. */
  offset: number | null;
  endOffset: number | null;
  /** The source line. */
  text: string;
}

/** `_format_syntax_error`: the file line, the stripped source, the carets, `Class: msg`. */
export function syntaxErrorLines(file: string, e: SyntaxErrorInfo): string {
  const rtext = e.text.replace(/\n+$/, '');
  const ltext = rtext.replace(/^[ \n\f]+/, '');
  const spaces = rtext.length - ltext.length;
  let out = `  File "${file}", line ${e.lineno}\n    ${ltext}\n`;
  if (e.offset !== null) {
    let endOffset = e.endOffset !== null && e.endOffset !== 0 ? e.endOffset : e.offset;
    if (e.offset === endOffset || endOffset === -1) endOffset = e.offset + 1;
    const colno = e.offset - 1 - spaces;
    const endColno = endOffset - 1 - spaces;
    if (colno >= 0) {
      const caretSpace = [...ltext.slice(0, colno)].map((c) => (/\s/.test(c) ? c : ' ')).join('');
      out += `    ${caretSpace}${'^'.repeat(Math.max(0, endColno - colno))}\n`;
    }
  }
  return `${out}${e.pyClass}: ${e.msg}`;
}

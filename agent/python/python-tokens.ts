/**
 * The token stream CPython's tokenizer (Parser/tokenizer.c) makes of a source, as far as its SyntaxError
 * messages need it: names, numbers, strings, operators, with their positions and bracket depth, and the
 * first error the tokenizer itself raises (an unterminated string, an unmatched or mismatched bracket).
 * Comments, blank lines and newlines inside brackets produce no tokens; indentation is indentation.ts's.
 */
export interface PyToken {
  type: 'name' | 'number' | 'string' | 'op' | 'newline';
  text: string;
  /** 0-based row and column (characters). */
  row: number;
  col: number;
  endRow: number;
  endCol: number;
  /** Open brackets around the token (for a bracket, before it opens / after it closes). */
  level: number;
}

export interface TokenizerError {
  msg: string;
  row: number;
  /** 1-based offsets, as SyntaxError.offset / end_offset. */
  offset: number;
  endOffset: number;
}

export interface OpenBracket {
  char: string;
  row: number;
  col: number;
}

export interface Tokenized {
  tokens: PyToken[];
  /** The first error the tokenizer raises, or null. */
  error: TokenizerError | null;
  /** Brackets still open at the end of the source (innermost last). */
  openAtEnd: OpenBracket[];
}

const CLOSING: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  ':=',
  '==',
  '!=',
  '<=',
  '>=',
  '**',
  '//',
  '<<',
  '>>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
];

export function tokenize(source: string): Tokenized {
  const lines = source.split(/\r\n|\r|\n/);
  const tokens: PyToken[] = [];
  const stack: OpenBracket[] = [];
  let row = 0;
  let col = 0;
  const push = (type: PyToken['type'], text: string, endRow: number, endCol: number) =>
    tokens.push({ type, text, row, col, endRow, endCol, level: stack.length });
  while (row < lines.length) {
    const line = lines[row]!;
    if (col >= line.length || line[col] === '#') {
      const last = tokens.at(-1);
      if (stack.length === 0 && last && last.type !== 'newline' && !line.trimEnd().endsWith('\\'))
        tokens.push({ type: 'newline', text: '\n', row, col: line.length, endRow: row, endCol: line.length, level: 0 });
      row++;
      col = 0;
      continue;
    }
    const c = line[col]!;
    if (c === ' ' || c === '\t' || c === '\f' || c === '\\') {
      col++;
      continue;
    }
    const string = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(line.slice(col));
    if (string && (string[1]!.length === 0 || /^[rRbBuUfF]+$/.test(string[1]!))) {
      const end = stringEnd(lines, row, col + string[0].length, string[2]!, /[rR]/.test(string[1]!));
      if (!end) {
        const triple = string[2]!.length === 3;
        return {
          tokens,
          error: {
            msg: `unterminated ${triple ? 'triple-quoted ' : ''}string literal (detected at line ${triple ? lines.length - (lines.at(-1) === '' ? 1 : 0) : row + 1})`,
            row,
            offset: col + string[1]!.length + 1,
            endOffset: col + string[1]!.length + 1,
          },
          openAtEnd: stack,
        };
      }
      push('string', string[0], end.row, end.col);
      row = end.row;
      col = end.col;
      continue;
    }
    const word = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/u.exec(line.slice(col));
    if (word) {
      push('name', word[0], row, col + word[0].length);
      col += word[0].length;
      continue;
    }
    const number = /^(\d[\d_]*\.?[\d_]*([eE][+-]?\d+)?[jJlL]?|\.\d[\d_]*([eE][+-]?\d+)?|0[xXoObB][\da-fA-F_]+)/.exec(
      line.slice(col),
    );
    if (number) {
      push('number', number[0], row, col + number[0].length);
      col += number[0].length;
      continue;
    }
    if ('([{'.includes(c)) {
      push('op', c, row, col + 1);
      stack.push({ char: c, row, col });
      col++;
      continue;
    }
    if (c in CLOSING) {
      const open = stack.pop();
      if (!open)
        return { tokens, error: { msg: `unmatched '${c}'`, row, offset: col + 1, endOffset: col + 1 }, openAtEnd: [] };
      if (open.char !== CLOSING[c]) {
        const where = open.row === row ? '' : ` on line ${open.row + 1}`;
        return {
          tokens,
          error: {
            msg: `closing parenthesis '${c}' does not match opening parenthesis '${open.char}'${where}`,
            row,
            offset: col + 1,
            endOffset: col + 1,
          },
          openAtEnd: stack,
        };
      }
      push('op', c, row, col + 1);
      col++;
      continue;
    }
    const op = OPERATORS.find((o) => line.startsWith(o, col)) ?? c;
    push('op', op, row, col + op.length);
    col += op.length;
  }
  return { tokens, error: null, openAtEnd: stack };
}

/** Where a string that opened before `col` ends (after its closing quote), or null if it never does. */
function stringEnd(
  lines: readonly string[],
  row: number,
  col: number,
  quote: string,
  raw: boolean,
): { row: number; col: number } | null {
  for (let r = row, c = col; r < lines.length; r++, c = 0) {
    const line = lines[r]!;
    while (c < line.length) {
      if (line[c] === '\\') {
        c += raw && c + 1 >= line.length ? 1 : 2;
        continue;
      }
      if (line.startsWith(quote, c)) return { row: r, col: c + quote.length };
      c++;
    }
    // A single-quoted string ends at its line, unless a backslash continues it.
    if (quote.length === 1 && !line.endsWith('\\')) return null;
  }
  return null;
}

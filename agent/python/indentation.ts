/**
 * CPython's tokenizer rules for indentation (Parser/tokenizer.c), which tree-sitter's error recovery does not
 * enforce: an indented line that opens no block, a block header with no indented body, a dedent to a column
 * no enclosing block has. Lines inside brackets, strings and after a backslash continue a logical line; blank
 * and comment-only lines do not count. Tabs advance to the next multiple of 8, as CPython counts them.
 */
export interface IndentationProblem {
  /** 1-based line CPython reports. */
  line: number;
  /** `IndentationError: …` as the traceback's last line prints it. */
  message: string;
}

const HEADER_WORDS = new Set([
  'if',
  'elif',
  'else',
  'for',
  'while',
  'with',
  'try',
  'except',
  'finally',
  'match',
  'case',
  'def',
  'class',
  'async',
]);

export function indentationProblem(source: string): IndentationProblem | null {
  const lines = source.split(/\r\n|\r|\n/);
  const stack = [0];
  let depth = 0;
  let quote: string | null = null;
  let continued = false;
  let header: { what: string; line: number } | null = null;
  let logical: { first: string; line: number; last: string } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const starts = depth === 0 && quote === null && !continued;
    if (starts) {
      const indent = indentOf(text);
      if (indent === null) continue; // blank or comment-only
      if (header) {
        if (indent <= stack.at(-1)!)
          return {
            line: i + 1,
            message: `IndentationError: expected an indented block after ${header.what} on line ${header.line}`,
          };
        stack.push(indent);
        header = null;
      } else if (indent > stack.at(-1)!) {
        return { line: i + 1, message: 'IndentationError: unexpected indent' };
      } else {
        while (indent < stack.at(-1)!) stack.pop();
        if (indent !== stack.at(-1))
          return { line: i + 1, message: 'IndentationError: unindent does not match any outer indentation level' };
      }
      logical = { first: /^\s*([A-Za-z_]\w*)/.exec(text)?.[1] ?? '', line: i + 1, last: '' };
    }
    continued = false;
    for (let j = 0; j < text.length; j++) {
      const c = text[j]!;
      if (quote) {
        if (c === '\\') j++;
        else if (text.startsWith(quote, j)) {
          j += quote.length - 1;
          quote = null;
        }
        continue;
      }
      if (c === '#') break;
      if (c === '"' || c === "'") {
        quote = text.startsWith(c.repeat(3), j) ? c.repeat(3) : c;
        j += quote.length - 1;
        if (logical) logical.last = c;
        continue;
      }
      if (c === '\\' && j === text.length - 1) {
        continued = true;
        break;
      }
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
      if (logical && c.trim()) logical.last = c;
    }
    // A single-quoted string does not continue past its line (its error is the parser's to report).
    if (quote && quote.length === 1) quote = null;
    if (depth === 0 && quote === null && !continued && logical) {
      if (logical.last === ':' && HEADER_WORDS.has(logical.first))
        header = { what: headerName(logical.first, lines[logical.line - 1]!), line: logical.line };
      logical = null;
    }
  }
  return null;
}

/** The column of a line's first token (tabs to the next multiple of 8), or null for a blank or comment line. */
function indentOf(text: string): number | null {
  let col = 0;
  for (const c of text) {
    if (c === ' ') col++;
    else if (c === '\t') col = (Math.floor(col / 8) + 1) * 8;
    else if (c === '\f') col = 0;
    else return c === '#' ? null : col;
  }
  return null;
}

/** How CPython names the statement a block belongs to ("'with' statement", "function definition"). */
function headerName(first: string, text: string): string {
  const word = first === 'async' ? (/^\s*async\s+(\w+)/.exec(text)?.[1] ?? 'def') : first;
  if (word === 'def') return 'function definition';
  if (word === 'class') return 'class definition';
  return `'${word}' statement`;
}

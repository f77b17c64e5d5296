import type { Node } from 'web-tree-sitter';
import { type IndentationProblem, indentationProblem } from './indentation.js';
import { type PyToken, tokenize } from './python-tokens.js';
import type { SyntaxErrorInfo } from './traceback-text.js';

/**
 * CPython 3.11/3.12's SyntaxError for a file tree-sitter could not parse, derived from the shape of the error
 * (CPython's parser is not run): the tokenizer's own errors (unterminated strings, unmatched brackets) win
 * over the parser's, as `_PyPegen_tokenize_full_source_to_check_for_errors` makes them; then the parser's
 * specific messages for the common mistakes, table-tested against CPython
 * (test/fixtures/python/syntax-errors-*.json):
 *
 * | shape at the error | message |
 * | --- | --- |
 * | two expressions side by side inside brackets | `invalid syntax. Perhaps you forgot a comma?` (range: both) |
 * | `if NAME = value:` (a lone `=` in an expression) | `invalid syntax. Maybe you meant '==' or ':=' instead of '='?` |
 * | `call() = value`, `1 = value` | `cannot assign to function call here. Maybe you meant '==' instead of '='?` |
 * | a bracket open at the end, the error after its line | `'(' was never closed` (at the bracket) |
 * | anything else | `invalid syntax` (at the token where it failed) |
 */
export function cpythonSyntaxError(
  source: string,
  errorAt: { row: number; column: number } | null,
  errorEnd: { row: number; column: number } | null = errorAt,
): SyntaxErrorInfo | null {
  const lines = source.split(/\r\n|\r|\n/);
  const text = (row: number) => `${lines[row] ?? ''}\n`;
  const { tokens, error, openAtEnd } = tokenize(source);
  if (error)
    return {
      pyClass: 'SyntaxError',
      msg: error.msg,
      lineno: error.row + 1,
      offset: error.offset,
      endOffset: error.endOffset,
      text: text(error.row),
    };
  if (!errorAt) return null;
  const at = tokens.findIndex((t) => t.row > errorAt.row || (t.row === errorAt.row && t.endCol > errorAt.column));
  const statement = statementAround(tokens, at === -1 ? tokens.length - 1 : at);
  const found = forgotComma(statement) ?? misplacedAssignment(statement) ?? missingColon(statement);
  const failing = tokens[at] ?? tokens.at(-1);
  const where = found
    ? { row: found.row, col: found.offset - 1 }
    : { row: failing?.row ?? errorAt.row, col: failing?.col ?? errorAt.column };
  const open = openAtEnd.at(-1);
  const end = found || !errorEnd ? where : { row: errorEnd.row, col: errorEnd.column };
  const inside = open !== undefined && (end.row > open.row || (end.row === open.row && end.col > open.col));
  // The parser ran out of source inside a bracket that is never closed (observed: except for a missing comma
  // before a keyword argument on the bracket's own line, which CPython reports first).
  if (open && inside && !(found?.keywordArgument && where.row === open.row))
    return {
      pyClass: 'SyntaxError',
      msg: `'${open.char}' was never closed`,
      lineno: open.row + 1,
      offset: open.col + 1,
      endOffset: 0,
      text: text(open.row),
    };
  if (found)
    return {
      pyClass: 'SyntaxError',
      msg: found.msg,
      lineno: found.row + 1,
      offset: found.offset,
      endOffset: found.endOffset,
      text: text(found.row),
    };
  const t = failing ?? { row: errorAt.row, col: errorAt.column, endCol: errorAt.column + 1 };
  return {
    pyClass: 'SyntaxError',
    msg: 'invalid syntax',
    lineno: t.row + 1,
    offset: t.col + 1,
    endOffset: t.endCol + 1,
    text: text(t.row),
  };
}

/**
 * The SyntaxError (or IndentationError) CPython raises compiling `source`, whose tree-sitter tree is `root`;
 * null when the source compiles. An indentation error on or before the parse error's line comes first.
 */
export function fileSyntaxError(source: string, root: Node): SyntaxErrorInfo | null {
  const node = firstErrorNode(root);
  const indentation = indentationProblem(source);
  const at = node && { row: node.startPosition.row, column: node.startPosition.column };
  const end = node && { row: node.endPosition.row, column: node.endPosition.column };
  const syntax = node || !indentation ? cpythonSyntaxError(source, at, end) : null;
  if (indentation && (!syntax || indentation.line <= syntax.lineno)) {
    // The tokenizer's own errors still come first when they are on an earlier line.
    if (syntax && syntax.lineno < indentation.line) return syntax;
    return indentationSyntaxError(source, indentation);
  }
  return syntax;
}

function firstErrorNode(root: Node): Node | null {
  if (!root.hasError) return null;
  const queue: Node[] = [root];
  while (queue.length) {
    const n = queue.shift()!;
    if (n.type === 'ERROR' || n.isMissing) return n;
    for (const c of n.children) if (c && (c.hasError || c.isMissing)) queue.push(c);
  }
  return root;
}

/** The parser's IndentationError with the offsets the traceback's caret line uses. */
export function indentationSyntaxError(source: string, problem: IndentationProblem): SyntaxErrorInfo {
  const lines = source.split(/\r\n|\r|\n/);
  const line = lines[problem.line - 1] ?? '';
  const msg = problem.message.replace(/^IndentationError: /, '');
  const base = { pyClass: 'IndentationError' as const, msg, lineno: problem.line, text: `${line}\n` };
  if (msg.startsWith('expected an indented block')) {
    const first = tokenize(line).tokens[0];
    return { ...base, offset: (first?.col ?? 0) + 1, endOffset: (first?.endCol ?? 0) + 1 };
  }
  if (msg.startsWith('unindent does not match')) return { ...base, offset: line.length + 1, endOffset: -1 };
  // unexpected indent: the offset falls inside the indentation, so Python prints no caret.
  return { ...base, offset: null, endOffset: null };
}

interface Found {
  msg: string;
  row: number;
  offset: number;
  endOffset: number;
  /** A missing comma before `name=` (a keyword argument). */
  keywordArgument?: boolean;
}

/** The tokens of the logical line holding token `i`. */
function statementAround(tokens: PyToken[], i: number): PyToken[] {
  let start = i;
  while (start > 0 && tokens[start - 1]!.type !== 'newline') start--;
  let end = i;
  while (end < tokens.length && tokens[end]!.type !== 'newline') end++;
  return tokens.slice(start, end);
}

const KEYWORDS = new Set(
  'and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);
const isAtomStart = (t: PyToken) =>
  (t.type === 'name' && !KEYWORDS.has(t.text)) || t.type === 'number' || t.type === 'string' || '([{'.includes(t.text);
const isAtomEnd = (t: PyToken) =>
  (t.type === 'name' && !KEYWORDS.has(t.text)) ||
  t.type === 'number' ||
  t.type === 'string' ||
  (t.type === 'op' && ')]}'.includes(t.text));

/** `invalid_expression`: inside brackets, an expression directly followed by another (not string + string). */
function forgotComma(tokens: PyToken[]): Found | null {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (b.level === 0 || !isAtomEnd(a) || !isAtomStart(b)) continue;
    if (a.type === 'string' && b.type === 'string') continue;
    // `f(x)(y)`, `a[0][1]` are calls and subscripts, not two expressions.
    if ((b.text === '(' || b.text === '[') && (a.type === 'name' || ')]}'.includes(a.text))) continue;
    const first = tokens[primaryStart(tokens, i)]!;
    const last = tokens[primaryEnd(tokens, i + 1)]!;
    return {
      msg: 'invalid syntax. Perhaps you forgot a comma?',
      row: first.row,
      offset: first.col + 1,
      endOffset: last.endCol + 1,
      keywordArgument: b.type === 'name' && tokens[i + 2]?.text === '=',
    };
  }
  return null;
}

/** The first token of the primary expression (`a.b(c)[d]`) ending at token `i`. */
function primaryStart(tokens: PyToken[], i: number): number {
  let j = i;
  for (;;) {
    const t = tokens[j]!;
    if (t.type === 'op' && ')]}'.includes(t.text)) j = matching(tokens, j, -1);
    const prev = tokens[j - 1];
    const prev2 = tokens[j - 2];
    const opens = tokens[j]!.text === '(' || tokens[j]!.text === '[';
    if (opens && prev && isAtomEnd(prev) && prev.type !== 'number') j--;
    else if (prev?.text === '.' && prev2 && isAtomEnd(prev2)) j -= 2;
    else if (tokens[j]!.type === 'string' && prev?.type === 'string') j--;
    else return j;
  }
}

/** The last token of the primary expression starting at token `i`. */
function primaryEnd(tokens: PyToken[], i: number): number {
  let j = '([{'.includes(tokens[i]!.text) ? matching(tokens, i, 1) : i;
  for (;;) {
    const next = tokens[j + 1];
    if (next?.text === '(' || next?.text === '[') j = matching(tokens, j + 1, 1);
    else if (next?.text === '.' && tokens[j + 2]?.type === 'name') j += 2;
    else if (tokens[j]!.type === 'string' && next?.type === 'string') j++;
    else return j;
  }
}

/** The bracket matching the one at `i`, searching in `dir`; the end of the tokens if it is never closed. */
function matching(tokens: PyToken[], i: number, dir: 1 | -1): number {
  let depth = 0;
  for (let j = i; j >= 0 && j < tokens.length; j += dir) {
    const t = tokens[j]!;
    if (t.type !== 'op') continue;
    if ('([{'.includes(t.text)) depth += dir;
    else if (')]}'.includes(t.text)) depth -= dir;
    if (depth === 0) return j;
  }
  return dir === 1 ? tokens.length - 1 : 0;
}

const COMPOUND = new Set(['if', 'elif', 'else', 'while', 'for', 'with', 'def', 'class', 'try', 'except', 'finally']);

/** `if x` with no colon: `expected ':'` just after the header's last token. */
function missingColon(tokens: PyToken[]): Found | null {
  const first = tokens[0];
  if (first?.type !== 'name' || !COMPOUND.has(first.text)) return null;
  if (tokens.some((t) => t.text === ':' && t.level === 0)) return null;
  const last = tokens.at(-1)!;
  return { msg: "expected ':'", row: last.row, offset: last.endCol + 1, endOffset: last.endCol + 1 };
}

/** A lone `=` where Python reads an expression: `if x = 1:`, `f() = 1`, `1 = x`. */
function misplacedAssignment(tokens: PyToken[]): Found | null {
  const eq = tokens.findIndex((t) => t.type === 'op' && t.text === '=' && t.level === 0);
  if (eq <= 0) return null;
  const header = tokens[0]!.type === 'name' && ['if', 'elif', 'while'].includes(tokens[0]!.text);
  const start = header ? 1 : 0;
  const left = tokens.slice(start, eq);
  const first = left[0];
  if (!first) return null;
  const endOfLeft = tokens[eq - 1]!;
  if (header && left.length === 1 && first.type === 'name') {
    const valueEnd = primaryEnd(tokens, eq + 1);
    return {
      msg: "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
      row: first.row,
      offset: first.col + 1,
      endOffset: tokens[valueEnd]!.endCol + 1,
    };
  }
  const single = primaryStart(tokens, eq - 1) === start;
  if (!single) return null;
  const kind =
    endOfLeft.text === ')' && left.length > 1
      ? 'function call'
      : left.length === 1 && (first.type === 'number' || first.type === 'string')
        ? 'literal'
        : null;
  if (!kind) return null;
  return {
    msg: `cannot assign to ${kind} here. Maybe you meant '==' instead of '='?`,
    row: first.row,
    offset: first.col + 1,
    endOffset: endOfLeft.endCol + 1,
  };
}

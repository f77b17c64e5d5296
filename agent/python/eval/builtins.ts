import type { Node } from 'web-tree-sitter';
import { PythonException } from '../exceptions.js';
import { pyFloat, pyInt } from '../number-conversion.js';
import { CannotEvaluate, RaisedException } from './eval-errors.js';
import type { CallArgs, Evaluator } from './evaluator.js';
import { makeDict, NONE, objectValue, type PyValue, str, truthy, typeName } from './py-value.js';
import { PurePath } from './pure-path.js';
import { strValue } from './value-text.js';

/** Sequences longer than this are not built (a bad file must not exhaust the agent's memory). */
export const MAX_SEQUENCE = 100_000;

export function num(v: PyValue, node: Node): number {
  if (v.t === 'int' || v.t === 'float') return v.v;
  if (v.t === 'opaque') throw new CannotEvaluate(v.what, v.node);
  throw new RaisedException('TypeError', `unsupported type for timedelta component: ${typeName(v)}`, node);
}

export function int(v: PyValue, node: Node): number {
  if (v.t === 'int') return v.v;
  if (v.t === 'opaque') throw new CannotEvaluate(v.what, v.node);
  throw new RaisedException('TypeError', `'${typeName(v)}' object cannot be interpreted as an integer`, node);
}

export function arithmetic(
  op: string,
  l: PyValue & { v: number | boolean },
  r: PyValue & { v: number | boolean },
  node: Node,
): PyValue {
  const a = Number(l.v);
  const b = Number(r.v);
  const isInt = l.t !== 'float' && r.t !== 'float';
  const wrap = (v: number, forceFloat = false): PyValue => (isInt && !forceFloat ? { t: 'int', v } : { t: 'float', v });
  if ((op === '/' || op === '//' || op === '%') && b === 0)
    throw new RaisedException('ZeroDivisionError', 'division by zero', node);
  switch (op) {
    case '+':
      return wrap(a + b);
    case '-':
      return wrap(a - b);
    case '*':
      return wrap(a * b);
    case '/':
      return wrap(a / b, true);
    case '//':
      return wrap(Math.floor(a / b));
    case '%':
      return wrap(((a % b) + b) % b);
    case '**':
      return wrap(a ** b);
    default:
      throw new CannotEvaluate(`operator ${op}`, node);
  }
}

export function comparable(v: PyValue): unknown {
  switch (v.t) {
    case 'str':
    case 'int':
    case 'float':
      return v.v;
    case 'bool':
      return v.v ? 1 : 0;
    case 'none':
      return null;
    default:
      return v;
  }
}

/** What `str.isspace()` is true for: `str.split()` and `str.strip()` without arguments split or strip these. */
export const PY_WHITESPACE =
  ' \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a' +
  '\u2028\u2029\u202f\u205f\u3000';

export function stripChars(s: string, chars: string, left = true, right = true): string {
  let a = 0;
  let b = s.length;
  while (left && a < b && chars.includes(s[a]!)) a++;
  while (right && b > a && chars.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/**
 * `str.split(sep, maxsplit)` / `str.rsplit(…)`; `sep` null splits on runs of whitespace and drops empty ends (the
 * rest after `maxsplit` splits keeps its far end's whitespace, as CPython's split_whitespace does).
 */
export function pySplit(s: string, sep: string | null, max: number, fromRight: boolean): string[] {
  if (sep !== null) {
    const parts = s.split(sep);
    if (parts.length - 1 <= max) return parts;
    return fromRight
      ? [parts.slice(0, parts.length - max).join(sep), ...parts.slice(parts.length - max)]
      : [...parts.slice(0, max), parts.slice(max).join(sep)];
  }
  const ws = (c: string) => PY_WHITESPACE.includes(c);
  const out: string[] = [];
  if (!fromRight) {
    let i = 0;
    while (i < s.length) {
      while (i < s.length && ws(s[i]!)) i++;
      if (i >= s.length) break;
      if (out.length === max) {
        out.push(s.slice(i));
        break;
      }
      const start = i;
      while (i < s.length && !ws(s[i]!)) i++;
      out.push(s.slice(start, i));
    }
    return out;
  }
  let j = s.length;
  while (j > 0) {
    while (j > 0 && ws(s[j - 1]!)) j--;
    if (j <= 0) break;
    if (out.length === max) {
      out.push(s.slice(0, j));
      break;
    }
    const end = j;
    while (j > 0 && !ws(s[j - 1]!)) j--;
    out.push(s.slice(j, end));
  }
  return out.reverse();
}

/** `str.splitlines(keepends)`: Python's line boundaries, `\r\n` as one. */
export function pySplitLines(s: string, keepEnds: boolean): string[] {
  const out: string[] = [];
  const re = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/g;
  let start = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out.push(s.slice(start, keepEnds ? m.index + m[0].length : m.index));
    start = m.index + m[0].length;
  }
  if (start < s.length) out.push(s.slice(start));
  return out;
}

/**
 * `textwrap.dedent`: lines of only blanks and tabs become empty, then the longest run of leading blanks and tabs
 * common to every line that has text is removed (lines are split at `\n` only, as its regexes' `^` and `$` are).
 */
export function dedent(text: string): string {
  const lines = text.split('\n').map((l) => (/^[ \t]+$/.test(l) ? '' : l));
  let margin: string | null = null;
  for (const line of lines) {
    const indent = /^[ \t]*/.exec(line)![0];
    if (indent.length === line.length) continue;
    if (margin === null || margin.startsWith(indent)) margin = indent;
    else if (!indent.startsWith(margin)) {
      let i = 0;
      while (i < margin.length && margin[i] === indent[i]) i++;
      margin = margin.slice(0, i);
    }
  }
  if (!margin) return lines.join('\n');
  const m = margin;
  return lines.map((l) => (l.startsWith(m) ? l.slice(m.length) : l)).join('\n');
}

export function formatString(s: string, positional: PyValue[], kwargs: Map<string, PyValue>, node: Node): string {
  let auto = 0;
  return s.replace(/\{\{|\}\}|\{([^{}!:]*)\}/g, (all, field: string | undefined) => {
    if (all === '{{') return '{';
    if (all === '}}') return '}';
    const v = field === '' ? positional[auto++] : /^\d+$/.test(field!) ? positional[+field!] : kwargs.get(field!);
    if (!v) throw new CannotEvaluate(`str.format field {${field}}`, node);
    return strValue(v, node);
  });
}

/** Python builtins and `copy` functions; null when `name` is not one of them. */
export function builtinCall(name: string, { positional, kwargs }: CallArgs, node: Node, py: Evaluator): PyValue | null {
  const a = positional[0];
  switch (name) {
    case 'builtins.print':
      return NONE;
    case 'os.path.basename':
    case 'posixpath.basename':
      return a?.t === 'str' && positional.length === 1 ? str(a.v.slice(a.v.lastIndexOf('/') + 1)) : null;
    case 'os.path.dirname':
    case 'posixpath.dirname':
      return a?.t === 'str' && positional.length === 1 ? str(posixDirname(a.v)) : null;
    case 'os.path.splitext':
    case 'posixpath.splitext':
      return a?.t === 'str' && positional.length === 1 ? { t: 'tuple', items: posixSplitext(a.v).map(str) } : null;
    case 'os.path.join':
    case 'posixpath.join':
      return positional.length > 0 && !kwargs.size && positional.every((p) => p.t === 'str')
        ? str(posixJoin(positional.map((p) => (p as PyValue & { t: 'str' }).v)))
        : null;
    case 'pathlib.Path':
    case 'pathlib.PurePath':
    case 'pathlib.PosixPath':
    case 'pathlib.PurePosixPath': {
      const texts = positional.map((p) =>
        p.t === 'str' ? p.v : p.t === 'object' && p.obj instanceof PurePath ? p.obj.toString() : null,
      );
      if (kwargs.size || texts.some((t) => t === null)) return null;
      return objectValue(new PurePath(name.includes('Pure') ? 'PurePosixPath' : 'PosixPath', ...(texts as string[])));
    }
    case 'textwrap.dedent':
      return a?.t === 'str' && positional.length === 1 ? str(dedent(a.v)) : null;
    case 'builtins.range': {
      const ints = positional.map((p) => int(p, node));
      const [start, stop, step] = ints.length === 1 ? [0, ints[0]!, 1] : [ints[0]!, ints[1]!, ints[2] ?? 1];
      if (step === 0) throw new RaisedException('ValueError', 'range() arg 3 must not be zero', node);
      if (Math.abs((stop - start) / step) > MAX_SEQUENCE)
        throw new CannotEvaluate(`range() of more than ${MAX_SEQUENCE} items`, node);
      const items: PyValue[] = [];
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) items.push({ t: 'int', v: i });
      return { t: 'list', items };
    }
    case 'builtins.len':
      if (a?.t === 'str') return { t: 'int', v: a.v.length };
      if (a?.t === 'list' || a?.t === 'tuple') return { t: 'int', v: a.items.length };
      if (a?.t === 'dict') return { t: 'int', v: a.entries.size };
      return null;
    case 'builtins.str':
      return str(a ? strValue(a, node) : '');
    case 'builtins.int':
      return a && isNumberLike(a) ? { t: 'int', v: asPython(() => pyInt(a.v), node) } : null;
    case 'builtins.float':
      return a && isNumberLike(a) ? { t: 'float', v: asPython(() => pyFloat(a.v), node) } : null;
    case 'builtins.bool':
      return a
        ? {
            t: 'bool',
            v:
              truthy(a) ??
              (() => {
                throw new CannotEvaluate('bool()', node);
              })(),
          }
        : { t: 'bool', v: false };
    case 'builtins.list':
    case 'builtins.tuple':
    case 'builtins.sorted': {
      const items = a ? py.iterate(a, node) : [];
      if (name === 'builtins.sorted') items.sort((x, y) => String(comparable(x)).localeCompare(String(comparable(y))));
      return { t: name === 'builtins.tuple' ? 'tuple' : 'list', items };
    }
    case 'builtins.dict': {
      const pairs: [PyValue, PyValue][] = [];
      if (a?.t === 'dict') for (const e of a.entries.values()) pairs.push([e.key, e.value]);
      else if (a) for (const item of py.iterate(a, node)) pairs.push(py.iterate(item, node) as [PyValue, PyValue]);
      for (const [k, v] of kwargs) pairs.push([str(k), v]);
      return makeDict(pairs);
    }
    case 'builtins.enumerate':
      return {
        t: 'list',
        items: py.iterate(a ?? NONE, node).map((v, i) => ({ t: 'tuple', items: [{ t: 'int', v: i }, v] })),
      };
    case 'builtins.zip': {
      const lists = positional.map((p) => py.iterate(p, node));
      const n = Math.min(...lists.map((l) => l.length));
      return {
        t: 'list',
        items: Array.from({ length: n }, (_, i) => ({ t: 'tuple', items: lists.map((l) => l[i]!) })),
      };
    }
    case 'copy.deepcopy':
    case 'copy.copy':
      return a ? deepCopy(a) : null;
    default:
      return null;
  }
}

/** A str, int, float or bool: the arguments int() and float() read the same way in Python and here. */
function isNumberLike(v: PyValue): v is PyValue & { t: 'str' | 'int' | 'float' | 'bool' } {
  return v.t === 'str' || v.t === 'int' || v.t === 'float' || v.t === 'bool';
}

/** Runs a conversion of agent/python, raising its Python exception at `node`. */
function asPython<T>(convert: () => T, node: Node): T {
  try {
    return convert();
  } catch (e) {
    if (e instanceof PythonException) throw new RaisedException(e.pyClass, e.message, node);
    throw e;
  }
}

export function deepCopy(v: PyValue): PyValue {
  if (v.t === 'list' || v.t === 'tuple') return { t: v.t, items: v.items.map(deepCopy) };
  if (v.t === 'dict') return makeDict([...v.entries.values()].map((e) => [e.key, deepCopy(e.value)]));
  return v;
}

/** `posixpath.dirname`: the head before the last `/`, its trailing slashes dropped unless it is all slashes. */
function posixDirname(p: string): string {
  const head = p.slice(0, p.lastIndexOf('/') + 1);
  return head && !/^\/+$/.test(head) ? head.replace(/\/+$/, '') : head;
}

/** `posixpath.splitext`: the last dot of the last component, unless the name is only leading dots before it. */
function posixSplitext(p: string): [string, string] {
  const sep = p.lastIndexOf('/');
  const dot = p.lastIndexOf('.');
  if (dot > sep) {
    for (let i = sep + 1; i < dot; i++) if (p[i] !== '.') return [p.slice(0, dot), p.slice(dot)];
  }
  return [p, ''];
}

/** `posixpath.join`: an absolute part restarts the path; a `/` goes between parts that lack one. */
function posixJoin(parts: string[]): string {
  let path = parts[0]!;
  for (const b of parts.slice(1)) {
    if (b.startsWith('/')) path = b;
    else if (!path || path.endsWith('/')) path += b;
    else path += `/${b}`;
  }
  return path;
}

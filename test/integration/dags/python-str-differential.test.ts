import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CannotEvaluate, RaisedException } from '../../../agent/python/eval/eval-errors.js';
import { PythonInterpreter } from '../../../agent/python/eval/interpreter.js';
import { parsePython } from '../../../agent/python/eval/python-parser.js';
import { reprValue } from '../../../agent/python/eval/value-text.js';
import { PLAIN_PYTHON } from '../../../harness/plain-python.js';

/*
 * The str methods, textwrap.dedent and os.path functions the DAG reader evaluates (dag ids from file names,
 * descriptions from docstrings, dedented commands), on generated strings, against the system's CPython: the
 * repr of each result, or the exception's class and text, must be the same.
 */

const PYTHON = '/usr/bin/python3';
/** Characters where Python's rules differ from JavaScript's: its whitespace and line boundaries, not JS's. */
const CHARS = [
  'a',
  'b',
  'x',
  '.',
  '/',
  ',',
  ' ',
  '\t',
  '\n',
  '\r',
  '\x0b',
  '\x0c',
  '\x1c',
  '\x1f',
  '\x85',
  '\xa0',
  '\u2028',
  '\ufeff',
  '\u3000',
];
const text = (max: number) => fc.array(fc.constantFrom(...CHARS), { maxLength: max }).map((a) => a.join(''));
const sep = fc.oneof(fc.constantFrom('', ',', '.', '/', ' ', 'ab', '\n'), text(2));

/** A Python str literal with every character outside printable ASCII escaped. */
function lit(s: string): string {
  const body = [...s]
    .map((c) => {
      if (c === '\\' || c === '"') return `\\${c}`;
      if (c >= ' ' && c <= '~') return c;
      return `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`;
    })
    .join('');
  return `"${body}"`;
}

const EXPRESSION = fc.oneof(
  fc
    .tuple(text(12), fc.constantFrom('split', 'rsplit'), fc.option(sep), fc.option(fc.integer({ min: -1, max: 3 })))
    .map(([s, m, p, k]) =>
      k === null
        ? `${lit(s)}.${m}(${p === null ? '' : lit(p)})`
        : `${lit(s)}.${m}(${p === null ? 'None' : lit(p)}, ${k})`,
    ),
  fc
    .tuple(
      text(12),
      fc.constantFrom('partition', 'rpartition', 'removeprefix', 'removesuffix', 'startswith', 'endswith'),
      sep,
    )
    .map(([s, m, p]) => `${lit(s)}.${m}(${lit(p)})`),
  fc
    .tuple(text(8), fc.constantFrom('startswith', 'endswith'), sep, sep)
    .map(([s, m, p, q]) => `${lit(s)}.${m}((${lit(p)}, ${lit(q)}))`),
  fc
    .tuple(text(12), fc.constantFrom('strip', 'lstrip', 'rstrip'), fc.option(text(3)))
    .map(([s, m, c]) => `${lit(s)}.${m}(${c === null ? '' : lit(c)})`),
  fc
    .tuple(text(12), fc.option(fc.boolean()))
    .map(([s, k]) => `${lit(s)}.splitlines(${k === null ? '' : k ? 'True' : 'False'})`),
  fc
    .array(
      fc.tuple(fc.constantFrom('', ' ', '  ', '\t', ' \t', '    '), fc.constantFrom('', 'a', 'b c', ' ', '\r', 'x\t')),
      { maxLength: 5 },
    )
    .map((ls) => `textwrap.dedent(${lit(ls.map(([i, t]) => i + t).join('\n'))})`),
  fc.tuple(fc.constantFrom('basename', 'dirname', 'splitext'), text(10)).map(([f, p]) => `os.path.${f}(${lit(p)})`),
  fc
    .array(fc.constantFrom('', '/', 'a', 'b/', '/c', 'd.py', '//'), { minLength: 1, maxLength: 4 })
    .map((ps) => `os.path.join(${ps.map(lit).join(', ')})`),
  fc
    .tuple(
      fc.array(fc.constantFrom('', '/', '//', '///', '.', '..', 'a', 'b.py', '.hidden', 'c.tar.gz', 'd.', './e'), {
        maxLength: 4,
      }),
      fc.constantFrom(
        '',
        '.name',
        '.stem',
        '.suffix',
        '.parent',
        '.parent.parent',
        '.parts',
        ' / "x.py"',
        '.parent / "sql"',
      ),
      fc.boolean(),
      fc.constantFrom('Path', 'PurePosixPath'),
    )
    .map(([ps, tail, asStr, cls]) => {
      const e = `(pathlib.${cls}(${ps.map(lit).join(', ')})${tail})`;
      return asStr ? `str${e}` : e;
    }),
);

async function ours(expr: string): Promise<string> {
  const source = `import os\nimport pathlib\nimport textwrap\nx = ${expr}\n`;
  const tree = await parsePython(source);
  try {
    const py = new PythonInterpreter({ moduleName: 'm', fileName: '/m.py', semantics: PLAIN_PYTHON, nowUs: 0 });
    py.runModule(tree.rootNode);
    return reprValue(py.globals.vars.get('x')!, null as never);
  } catch (e) {
    if (e instanceof RaisedException) return `${e.pyClass}: ${e.message}`;
    if (e instanceof CannotEvaluate) return `cannot evaluate: ${e.message}`;
    throw e;
  } finally {
    tree.delete();
  }
}

async function cpython(expressions: string[]): Promise<string[]> {
  const script = [
    'import json, os, pathlib, sys, textwrap',
    'out = []',
    'for e in json.load(sys.stdin):',
    '    try:',
    '        out.append(repr(eval(e)))',
    '    except Exception as x:',
    "        out.append(f'{type(x).__name__}: {x}')",
    'print(json.dumps(out))',
  ].join('\n');
  const child = promisify(execFile)(PYTHON, ['-c', script], { maxBuffer: 64 << 20 });
  child.child.stdin!.end(JSON.stringify(expressions));
  return JSON.parse((await child).stdout) as string[];
}

describe('the str and path functions the DAG reader evaluates agree with CPython', () => {
  it('on 800 generated expressions', async () => {
    const expressions = fc.sample(EXPRESSION, { numRuns: 800, seed: 20261208 });
    const theirs = await cpython(expressions);
    const mismatches: string[] = [];
    for (const [i, e] of expressions.entries()) {
      const got = await ours(e);
      if (got !== theirs[i]) mismatches.push(`${e}\n  python: ${theirs[i]}\n  agent:  ${got}`);
    }
    expect(mismatches.slice(0, 10).join('\n')).toBe('');
  }, 120_000);
});

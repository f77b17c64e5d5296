import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../agent/core/clock.js';
import { parseDagFile } from '../../../agent/dags/dag-file-parser.js';

/** Debian's CPython 3.11, the interpreter MWAA's Airflow 2.x images run. */
const PYTHON = '/usr/bin/python3';

const SOURCES: Record<string, string> = {
  parens_200: `x = ${'('.repeat(200)}1${')'.repeat(200)}`,
  parens_201: `x = ${'('.repeat(201)}1${')'.repeat(201)}`,
  brackets_10000: `x = ${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  mixed_on_line_3: `y = 1\nx = ${'{'.repeat(150)}${'['.repeat(60)}${']'.repeat(60)}${'}'.repeat(150)}`,
  sum_2000: `x = ${'1+'.repeat(2_000)}1`,
  sum_100000: `x = ${'1+'.repeat(100_000)}1`,
};

/** CPython's verdict for each source: `ok`, or `<Type>: <message>` as the import error would end. */
function cpython(): Record<string, string> {
  const script = `
import json, sys
out = {}
for name, src in json.load(sys.stdin).items():
    try:
        compile("from airflow import DAG\\n" + src, "nest.py", "exec")
        out[name] = "ok"
    except (SyntaxError, RecursionError, MemoryError) as e:
        out[name] = f"{type(e).__name__}: {e}"
print(json.dumps(out))
`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script], { input: JSON.stringify(SOURCES), encoding: 'utf8' }));
}

describe.skipIf(!existsSync(PYTHON) && !process.env.CI)('nesting limits against CPython 3.11', () => {
  it('refuses exactly what CPython refuses, with its message', async () => {
    const expected = cpython();
    for (const [name, src] of Object.entries(SOURCES)) {
      const r = await parseDagFile(
        { absolutePath: '/dags/nest.py', relativePath: 'nest.py', source: `from airflow import DAG\n${src}` },
        { clock: new ManualClock('2024-01-01T00:00:00Z') },
      );
      const ours = r.importErrors.length === 0 ? 'ok' : r.importErrors[0]!.message;
      expect(ours, name).toBe(expected[name]);
    }
  });
});

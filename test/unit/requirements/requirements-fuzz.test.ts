import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check, REQ } from './check-harness.js';

/** Lines that look like requirements files, glued from fragments, so the fuzzer reaches deep code paths. */
const fragment = fc.constantFrom(
  'apache-airflow-providers-ssh',
  '==',
  '>=',
  '~=',
  '2.3.0',
  '1.*',
  '[ssh]',
  '[',
  ']',
  ';',
  ' python_version < "3.8"',
  ' and ',
  ' or ',
  '(',
  ')',
  '-c ',
  '--constraint ',
  '-r ',
  '--requirement=',
  '-e ',
  '--hash=sha256:00',
  '--no-index',
  '--find-links ',
  '--pre',
  '--index-url ',
  '${HOME}',
  '${SECRET}',
  'https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt',
  '/usr/local/airflow/dags/c.txt',
  'a.txt',
  'b.txt',
  '../x',
  '#',
  ' # note',
  '\\',
  '\n',
  '\r\n',
  '\t',
  ' ',
  '"',
  "'",
  '@',
  ' @ ',
  'git+https://h/x.git#egg=x',
  'x.whl',
  '\u0000',
  '\u2028',
  'é',
  '🙂',
);
const textFile = fc.array(fragment, { maxLength: 60 }).map((xs) => xs.join(''));
const bytesFile = fc.uint8Array({ maxLength: 400 });

function files(
  top: string | Uint8Array,
  a: string | Uint8Array,
  b: string | Uint8Array,
): Record<string, string | Uint8Array> {
  return { [REQ]: top, '/env/requirements/a.txt': a, '/env/requirements/b.txt': b, '/env/dags/c.txt': a };
}

function assertSane(v: ReturnType<typeof check>): void {
  expect(typeof v.ok).toBe('boolean');
  for (const d of v.diagnostics) {
    expect(d.line === null || (Number.isInteger(d.line) && d.line >= 1)).toBe(true);
    expect(d.message).not.toContain('top-secret');
  }
  expect(v.ok).toBe(!v.diagnostics.some((d) => d.severity === 'error'));
}

describe('requirements check on generated files', () => {
  it('never throws on pip-like text (with includes, circular or not)', () => {
    fc.assert(
      fc.property(textFile, textFile, textFile, (top, a, b) =>
        assertSane(check(files(top, a, b), { SECRET: 'top-secret' })),
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary bytes (invalid UTF-8, NUL, BOMs)', () => {
    fc.assert(
      fc.property(bytesFile, bytesFile, (top, a) => assertSane(check(files(top, a, a)))),
      { numRuns: 2000 },
    );
  });

  it('finishes a huge file and a deep include chain quickly', () => {
    const huge = 'apache-airflow-providers-ssh\n'.repeat(200_000) + 'x'.repeat(1_000_000) + '\n';
    const start = performance.now();
    assertSane(check({ [REQ]: huge }));
    const chain: Record<string, string> = { [REQ]: '-r f0.txt\n' };
    for (let i = 0; i < 100; i++) chain[`/env/requirements/f${i}.txt`] = `-r f${i + 1}.txt\n`;
    const deep = check(chain);
    expect(deep.diagnostics.some((d) => d.message.includes('nest deeper than 32'))).toBe(true);
    expect(performance.now() - start).toBeLessThan(10_000);
  });
});

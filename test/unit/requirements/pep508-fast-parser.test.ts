import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePipRequirementsLine } from 'pip-requirements-js';
import { parseRequirementFast } from '../../../agent/requirements/pep508-fast-parser.js';

/** Requirement lines in the shapes people write, with random spacing. */
const sp = fc.constantFrom('', ' ', '  ', '\t');
const ident = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,10}[A-Za-z0-9])?$/);
const version = fc.stringMatching(/^[0-9]{1,3}(\.[0-9]{1,3}){0,3}(\.\*|rc[0-9]|\.post[0-9]|\.dev[0-9]|\+local)?$/);
const op = fc.constantFrom('==', '!=', '<=', '>=', '<', '>', '~=');
const spec = fc.tuple(sp, op, sp, version).map(([a, o, b, v]) => `${a}${o}${b}${v}`);
const extras = fc.array(ident, { maxLength: 3 }).map((xs) => `[${xs.join(',')}]`);
const markerVar = fc.constantFrom(
  'python_version',
  'sys_platform',
  'platform_machine',
  'extra',
  'os_name',
  "'3.7'",
  '"linux"',
  '"x86_64"',
);
const markerOp = fc.constantFrom('==', '!=', '<', '>=', 'in', 'not in', '~=');
const leaf = fc
  .tuple(markerVar, sp, markerOp, sp, markerVar)
  .map(
    ([l, a, o, b, r]) =>
      `${l}${a === '' && /^[a-z]/.test(o) ? ' ' : a}${o}${b === '' && /^[a-z]/.test(o) ? ' ' : b}${r}`,
  );
const { marker } = fc.letrec((tie) => ({
  marker: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc
      .tuple(tie('marker') as fc.Arbitrary<string>, fc.constantFrom(' and ', ' or '), leaf)
      .map(([a, j, b]) => `${a}${j}${b}`),
    (tie('marker') as fc.Arbitrary<string>).map((m) => `(${m})`),
  ),
}));
const line = fc
  .tuple(ident, sp, fc.option(extras), sp, fc.array(spec, { maxLength: 3 }), fc.option(marker))
  .map(
    ([n, a, e, b, specs, m]) =>
      `${n}${a}${e ?? ''}${b}${specs.join(',')}${m ? `${specs.length > 0 || e ? ' ' : ' '};${m}` : ''}`,
  );

describe('the fast requirement parser', () => {
  it('agrees with pip-requirements-js wherever it returns a result', () => {
    fc.assert(
      fc.property(line, (text) => {
        const fast = parseRequirementFast(text);
        let lib: unknown;
        try {
          lib = parsePipRequirementsLine(text);
        } catch {
          lib = 'error';
        }
        if (fast !== null) expect(fast).toEqual(lib);
      }),
      { numRuns: 1500 },
    );
  });

  it('handles the common shapes itself (no fall-back to the slow parser)', () => {
    for (const text of [
      'apache-airflow-providers-ssh',
      'apache-airflow[ssh]==2.2.2',
      'paramiko>=2.8,<3',
      'x; python_version < "3.8"',
      'a [b] ~= 1.0 ; os_name == "posix" and (sys_platform == "linux" or extra == "x")',
    ]) {
      expect(parseRequirementFast(text)).not.toBeNull();
    }
  });
});

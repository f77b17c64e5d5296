import { describe, expect, it } from 'vitest';
import { toLogicalLines } from '../../../agent/requirements/pip-logical-lines.js';
import { breakArgsOptions, parseLineOptions, shlexSplit } from '../../../agent/requirements/pip-line-options.js';
import {
  mwaaSeesConstraints,
  versionsFromConstraintsLocation,
} from '../../../agent/requirements/constraints-reference.js';
import { isValidSpecifier } from '../../../agent/requirements/pep440-specifier.js';

describe('pip preprocessing', () => {
  it.each([
    ['a\\\nb\n', [[1, 'ab']]],
    ['# c \\\nx\n', [[2, 'x']]],
    [
      'x # c\ny#z\n',
      [
        [1, 'x'],
        [2, 'y#z'],
      ],
    ],
    [
      '\n\n  \nz\r\nw\rv',
      [
        [4, 'z'],
        [5, 'w'],
        [6, 'v'],
      ],
    ],
    [
      'a\\\n# comment\nb',
      [
        [1, 'a'],
        [3, 'b'],
      ],
    ],
    ['a \\', [[1, 'a']]],
  ])('%j → %j', (text, expected) => {
    expect(toLogicalLines(text, {}).map((l) => [l.line, l.shown])).toEqual(expected);
  });

  it('expands only set ${UPPER_CASE} variables', () => {
    const [l] = toLogicalLines('${A}/${b}/${UNSET}/${EMPTY}', { A: 'x', b: 'y', EMPTY: '' });
    expect(l).toEqual({ line: 1, shown: '${A}/${b}/${UNSET}/${EMPTY}', value: 'x/${b}/${UNSET}/${EMPTY}' });
  });
});

describe('pip option lines', () => {
  it.each([
    ['foo==1 --hash=sha256:a', { args: 'foo==1', options: '--hash=sha256:a' }],
    ['-r x.txt', { args: '', options: '-r x.txt' }],
    ['foo @ https://x/y.whl', { args: 'foo @ https://x/y.whl', options: '' }],
  ])('break_args_options(%j)', (line, expected) => {
    expect(breakArgsOptions(line)).toEqual(expected);
  });

  it.each([
    ['-c x', [{ name: '--constraint', value: 'x' }]],
    ['-cx', [{ name: '--constraint', value: 'x' }]],
    ['--constraint=x', [{ name: '--constraint', value: 'x' }]],
    ['--requirement "a b.txt"', [{ name: '--requirement', value: 'a b.txt' }]],
    [
      '--no-index --find-links /p',
      [
        { name: '--no-index', value: null },
        { name: '--find-links', value: '/p' },
      ],
    ],
    ['--extra x', [{ name: '--extra-index-url', value: 'x' }]],
  ])('%j', (line, options) => {
    expect(parseLineOptions(line)).toEqual({ ok: true, args: '', options });
  });

  it.each([
    ['a \'b c\' "d\\"e" f\\ g', ['a', 'b c', 'd"e', 'f g']],
    ['"open', 'No closing quotation'],
    ['x\\', 'No escaped character'],
  ])('shlex.split(%j)', (s, expected) => {
    expect(shlexSplit(s)).toEqual(expected);
  });
});

describe("MWAA's constraint detection and the URL's versions", () => {
  it.each([
    ['-c https://x', true],
    ['--constraint https://x', true],
    ['# -c https://x', true],
    ['foo  # see -c docs', true],
    ['-chttps://x', false],
    ['--constraint=https://x', false],
    ['apache-airflow-providers-ssh', false],
  ])('%j counts as constraints: %s', (text, seen) => {
    expect(mwaaSeesConstraints(text)).toBe(seen);
  });

  it.each([
    [
      'https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt',
      { airflow: '2.2.2', python: '3.7' },
    ],
    [
      'https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-no-providers-3.11.txt',
      { airflow: '2.10.3', python: '3.11' },
    ],
    ['/usr/local/airflow/dags/constraints-3.11-updated.txt', null],
  ])('%s → %j', (url, expected) => {
    expect(versionsFromConstraintsLocation(url)).toEqual(expected);
  });
});

describe('PEP 440 specifiers', () => {
  it.each([
    ['==', '1.0', true],
    ['==', '1.*', true],
    ['==', '1.0+local', true],
    ['>=', '1.0+local', false],
    ['>=', '1.*', false],
    ['~=', '1', false],
    ['~=', '1.0', true],
    ['!=', '2.*', true],
    ['<', '1.0.0.dev0', true],
    ['===', 'anything', true],
    ['==', 'abc', false],
    ['==', '1.0rc1.post2.dev3', true],
    ['=>', '1', false],
  ])('%s%s valid: %s', (op, v, ok) => {
    expect(isValidSpecifier(op, v)).toBe(ok);
  });
});

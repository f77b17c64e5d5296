import { describe, expect, it } from 'vitest';
import {
  compileIgnoreRules,
  ignoreFileLines,
  isIgnored,
  type IgnoreSyntax,
} from '../../../agent/dags/airflowignore.js';

function ignored(syntax: IgnoreSyntax, ignoreDir: string, text: string, path: string, isDir = false): boolean {
  const warnings: { file: string; message: string }[] = [];
  return isIgnored(path, isDir, compileIgnoreRules(ignoreFileLines(text), syntax, ignoreDir, warnings));
}

describe('.airflowignore lines', () => {
  it('cuts everything from the first # and drops empty lines, keeping other whitespace', () => {
    expect(ignoreFileLines('a.py\n# comment\nb  # trailing\n\nc.py \r\n')).toEqual(['a.py', 'b', 'c.py \r']);
  });
});

describe('regexp syntax', () => {
  it.each([
    ['project_a', 'project_a_dag_1.py', true],
    ['project_a', 'TESTING_project_a.py', true],
    ['tenant_[\\d]', 'tenant_1.py', true],
    ['project_a', 'project_a/dag_1.py', true],
    ['^a\\.py', 'a.py', true],
    ['^a\\.py', 'sub/a.py', false],
    ['^deep', 'sub/deep/e.py', false],
    ['c.py \r', 'c.py', false],
  ])('pattern %j against %j → %s (search on the path relative to the DAG folder)', (pattern, path, expected) => {
    expect(ignored('regexp', '', pattern, path)).toBe(expected);
  });

  it('matches a nested ignore file against the path relative to the DAG folder root', () => {
    expect(ignored('regexp', 'sub', 'sub/b', 'sub/b.py')).toBe(true);
    expect(ignored('regexp', 'sub', '^b', 'sub/b.py')).toBe(false);
  });

  it('skips an invalid regexp with a warning', () => {
    const warnings: { file: string; message: string }[] = [];
    expect(compileIgnoreRules(['(unclosed'], 'regexp', '', warnings)).toEqual([]);
    expect(warnings[0]!.message).toMatch(/^Ignoring invalid regex '\(unclosed' from \.airflowignore/);
  });
});

describe('glob syntax', () => {
  it.each([
    ['*_test.py', 'deep/x/a_test.py', false, true],
    ['*_test.py\n!important_test.py', 'important_test.py', false, false],
    ['logs/', 'logs', true, true],
    ['logs/', 'logs', false, false],
    ['/tmpdir', 'tmpdir', true, true],
    ['/tmpdir', 'sub/tmpdir', true, false],
    ['a/*.py', 'a/b.py', false, true],
    ['a/*.py', 'a/c/b.py', false, false],
    ['a/**/b.py', 'a/x/y/b.py', false, true],
  ])('patterns %j against %j (dir=%s) → %s', (text, path, isDir, expected) => {
    expect(ignored('glob', '', text, path, isDir)).toBe(expected);
  });

  it('anchors a slash pattern to the folder of its ignore file', () => {
    expect(ignored('glob', 'nested', 'deep/temp.py', 'nested/deep/temp.py')).toBe(true);
    expect(ignored('glob', 'nested', 'deep/temp.py', 'deep/temp.py')).toBe(false);
  });

  it('ignores a lone / with a warning', () => {
    const warnings: { file: string; message: string }[] = [];
    expect(compileIgnoreRules(['/'], 'glob', 'x', warnings)).toEqual([]);
    expect(warnings[0]!.message).toBe("Ignoring no-op glob pattern '/' from x/.airflowignore");
  });
});

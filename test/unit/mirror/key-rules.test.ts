import { describe, expect, it } from 'vitest';
import { isTempName, mapKey } from '../../../agent/mirror/key-rules.js';

describe('mapKey', () => {
  it.each([
    ['dags/ssh.py', { kind: 'file', path: 'ssh.py' }],
    ['dags/sub/dir/x.pem', { kind: 'file', path: 'sub/dir/x.pem' }],
    ['dags/', { kind: 'folder', path: '' }],
    ['dags/sub/', { kind: 'folder', path: 'sub' }],
    ['dags/ünïcødé/日本.py', { kind: 'file', path: 'ünïcødé/日本.py' }],
    ['dags/..hidden', { kind: 'file', path: '..hidden' }],
    ['dags/' + 'a/'.repeat(200) + 'x', { kind: 'file', path: 'a/'.repeat(200) + 'x' }],
  ])('maps %j inside the DAG folder', (key, expected) => {
    expect(mapKey(key, 'dags/')).toEqual(expected);
  });

  it.each([
    ['dags/../x', 'parent-segment'],
    ['dags/a/../../x', 'parent-segment'],
    ['dags/..', 'parent-segment'],
    ['dags//etc/passwd', 'absolute-path'],
    ['dags/C:/x.py', 'absolute-path'],
    ['dags/a\\..\\..\\x', 'backslash'],
    ['dags/a\0b', 'nul-byte'],
    ['dags/a\nb.py', 'control-character'],
    ['dags/a\u007fb.py', 'control-character'],
    ['dags/a\u009bb.py', 'control-character'],
    ['dags/invoice_\u202egnp.py', 'bidi-control'],
    ['dags/\u2067x.py', 'bidi-control'],
    ['dags/\u200ex.py', 'bidi-control'],
    ['dags/\u061cx.py', 'bidi-control'],
    ['dags/./x', 'dot-segment'],
    ['dags/a//b', 'empty-segment'],
    ['dags/' + 'x'.repeat(256), 'segment-too-long'],
    ['dags/' + 'é'.repeat(128), 'segment-too-long'],
    ['dags/.mwaa-tmp-0123abcd', 'reserved-name'],
  ])('refuses %j by rule %s', (key, rule) => {
    expect(mapKey(key, 'dags/')).toEqual({ kind: 'refused', rule });
  });

  it('accepts a 1,024-byte key made of short segments', () => {
    const key = 'dags/' + 'abcdefg/'.repeat(127) + 'x.py';
    expect(Buffer.byteLength(key)).toBeGreaterThanOrEqual(1_020);
    expect(mapKey(key, 'dags/').kind).toBe('file');
  });
});

describe('isTempName', () => {
  it.each([
    ['.mwaa-tmp-0123', true],
    ['.mwaa-tmp-0123.py', true],
    ['mwaa-tmp-0123', false],
    ['dag.py', false],
    ['.airflowignore', false],
  ])('%s → %s', (name, expected) => {
    expect(isTempName(name)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { outputRecords } from '../../../agent/tasks/ssh/output-lines.js';

describe('one chunk of command output becomes the records the provider logs', () => {
  it.each([
    ['one line', 'ip-10-0-0-1\n', ['ip-10-0-0-1']],
    ['several lines', 'a\nb\nc\n', ['a', 'b', 'c']],
    ['blank line inside', 'a\n\nb\n', ['a', '', 'b']],
    ['only newlines logs nothing', '\n\n', []],
    ['pty CRLF', 'a\r\nb\r\n', ['a', 'b']],
    ['leading newline stripped', '\nx', ['x']],
    ['percent kept literally', '100%s done\n', ['100%s done']],
  ])('≥ 3.3.0 line by line: %s', (_name, chunk, records) => {
    expect(outputRecords(Buffer.from(chunk), true)).toEqual(records);
  });

  it.each([
    ['one record per chunk, newlines kept inside', 'a\nb\n', ['a\nb']],
    ['an all-newline chunk is one empty record', '\n', ['']],
  ])('≤ 3.2.x per chunk: %s', (_name, chunk, records) => {
    expect(outputRecords(Buffer.from(chunk), false)).toEqual(records);
  });

  it('invalid UTF-8 decodes with replacement characters', () => {
    expect(outputRecords(Buffer.from([0x61, 0xff, 0x62, 0x0a]), true)).toEqual(['a\ufffdb']);
  });
});

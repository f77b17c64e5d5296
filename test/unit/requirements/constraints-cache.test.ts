import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConstraintsCache } from '../../../agent/requirements/constraints-cache.js';
import { validateConstraintsContent } from '../../../agent/requirements/constraints-content.js';

const dir = mkdtempSync(join(tmpdir(), 'mwaa-req-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the constraints cache', () => {
  it('reads back what it wrote and stores no credentials from the URL', () => {
    const cache = new ConstraintsCache({ stateDir: dir });
    const url = 'https://user:hunter2@example.invalid/constraints-2.2.2/constraints-3.7.txt';
    cache.write(url, 'paramiko==2.8.0\nrequests==2.26.0\n');
    expect(cache.read(url)?.pins.get('paramiko')).toBe('2.8.0');
    for (const f of readdirSync(join(dir, 'constraints')))
      expect(readFileSync(join(dir, 'constraints', f), 'utf8')).not.toContain('hunter2');
  });

  it('ignores a cached file that was tampered into something that is not constraints', () => {
    const cache = new ConstraintsCache({ stateDir: dir });
    const url = 'https://example.invalid/c.txt';
    cache.write(url, 'a==1\n');
    writeFileSync(cache.pathFor(url), readFileSync(cache.pathFor(url), 'utf8').replace('a==1', '<html>'));
    expect(cache.read(url)).toBeNull();
    expect(cache.read('https://example.invalid/never-written.txt')).toBeNull();
  });
});

describe('constraints content validation', () => {
  it.each([
    ['# header "constraints-2.2.2"\nfoo==1.0\nBar_Baz==2.0 ; python_version < "3.8"\n', true],
    ['<!DOCTYPE html><html></html>', false],
    ['404: Not Found', false],
    ['', false],
    ['a==1\nb==2\nthis is prose\nmore prose\n', false],
  ])('%j is accepted: %s', (text, ok) => {
    const check = validateConstraintsContent(text);
    expect(check.ok).toBe(ok);
    if (check.ok && text.includes('Bar_Baz')) {
      expect(check.content.pins.get('bar-baz')).toBe('2.0');
      expect(check.content.airflowVersion).toBe('2.2.2');
    }
  });
});

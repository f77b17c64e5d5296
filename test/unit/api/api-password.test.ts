import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveApiPassword } from '../../../agent/api/api-password.js';

describe('resolveApiPassword', () => {
  it('generates a password once, keeps it 0600, and reads it back afterwards', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-'));
    const first = resolveApiPassword(dir, null);
    expect(first.generated).toBe(true);
    expect(first.password.length).toBeGreaterThanOrEqual(20);
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    expect(resolveApiPassword(dir, null)).toMatchObject({ password: first.password, generated: false });
  });

  it('never turns an empty password file into an empty password', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-'));
    writeFileSync(join(dir, 'api-password'), '\n');
    const r = resolveApiPassword(dir, null);
    expect(r.generated).toBe(true);
    expect(r.password).not.toBe('');
    expect(readFileSync(join(dir, 'api-password'), 'utf8').trim()).toBe(r.password);
  });

  it('uses the configured password and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-'));
    expect(resolveApiPassword(dir, 'given')).toEqual({ password: 'given', generated: false, file: null });
  });
});

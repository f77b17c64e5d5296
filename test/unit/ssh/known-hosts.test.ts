import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KnownHosts } from '../../../agent/tasks/ssh/known-hosts.js';

const dir = await mkdtemp(join(tmpdir(), 'known-hosts-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('known_hosts as paramiko reads it', () => {
  it('finds plain, comma-listed and hashed names, and skips comments and short lines', async () => {
    const salt = Buffer.from('0123456789abcdefghij');
    const hash = createHmac('sha1', salt).update('[10.0.0.5]:2222').digest('base64');
    const path = join(dir, 'kh1');
    await writeFile(
      path,
      [
        '# comment',
        'host-a,10.0.0.1 ssh-ed25519 AAAAa',
        `|1|${salt.toString('base64')}|${hash} ssh-rsa AAAAb`,
        'broken-line',
        '',
      ].join('\n'),
    );
    const kh = await KnownHosts.load(path);
    expect(kh.lookup('10.0.0.1')).toEqual([{ type: 'ssh-ed25519', base64: 'AAAAa' }]);
    expect(kh.lookup('[10.0.0.5]:2222')).toEqual([{ type: 'ssh-rsa', base64: 'AAAAb' }]);
    expect(kh.lookup('10.0.0.5')).toEqual([]);
  });

  it('a missing file is empty and reported as absent', async () => {
    const kh = await KnownHosts.load(join(dir, 'nope'));
    expect(kh.exists).toBe(false);
    expect(kh.lookup('x')).toEqual([]);
  });

  it('add appends a line paramiko can read back', async () => {
    const path = join(dir, 'kh2');
    await writeFile(path, '');
    const kh = await KnownHosts.load(path);
    await kh.add('[127.0.0.1]:2200', { type: 'ssh-ed25519', base64: 'AAAAc' });
    expect(await readFile(path, 'utf8')).toBe('[127.0.0.1]:2200 ssh-ed25519 AAAAc\n');
    expect((await KnownHosts.load(path)).lookup('[127.0.0.1]:2200')).toHaveLength(1);
  });
});

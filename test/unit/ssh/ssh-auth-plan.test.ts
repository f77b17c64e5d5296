import ssh2, { type ParsedKey } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { AuthSequence } from '../../../agent/tasks/ssh/ssh-auth-plan.js';

const key = ssh2.utils.parseKey(ssh2.utils.generateKeyPairSync('ed25519').private) as ParsedKey;

function drive(seq: AuthSequence, methodsLeft: string[][]): unknown[] {
  const sent: unknown[] = [];
  for (const left of methodsLeft)
    seq.handler(left as never, false, (m) => sent.push(m === false ? false : (m as { type: string }).type));
  return sent;
}

describe("paramiko's auth order and its log lines", () => {
  it('tries the key, then the password, logging each failure as paramiko does', () => {
    const lines: string[] = [];
    const seq = new AuthSequence(
      'u',
      [
        { method: 'publickey', key },
        { method: 'password', password: 'pw' },
      ],
      (m) => lines.push(m),
    );
    expect(
      drive(seq, [
        ['publickey', 'password'],
        ['publickey', 'password'],
        ['publickey', 'password'],
      ]),
    ).toEqual(['publickey', 'password', false]);
    expect(lines).toEqual(['Authentication (publickey) failed.', 'Authentication (password) failed.']);
  });

  it('falls back to keyboard-interactive with the password when the server refuses plain password auth', () => {
    const seq = new AuthSequence('u', [{ method: 'password', password: 'pw' }], () => undefined);
    expect(drive(seq, [['keyboard-interactive']])).toEqual(['keyboard-interactive']);
    expect(seq.label).toBe('keyboard-interactive');
  });

  it('skips methods the server does not offer', () => {
    const seq = new AuthSequence(
      'u',
      [
        { method: 'publickey', key },
        { method: 'password', password: 'pw' },
      ],
      () => undefined,
    );
    expect(drive(seq, [['password']])).toEqual(['password']);
  });
});

import { describe, expect, it } from 'vitest';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';

describe('the provider version decides the behaviour switches', () => {
  it.each([
    // airflow, provider, legacyHostKey, retry, wraps, lineByLine, sshExit, skip, cmdTimeoutRule
    ['2.2.2', '2.3.0', true, false, true, false, false, false, 'none'],
    ['2.4.3', '3.2.0', false, true, false, false, false, false, 'none'],
    ['2.5.1', '3.4.0', false, true, false, true, true, false, 'operator'],
    ['2.8.1', '3.10.0', false, true, false, true, true, true, 'operator-then-extra'],
    ['2.10.3', '3.14.0', false, true, false, true, true, true, 'operator-then-extra'],
  ] as const)(
    'Airflow %s with provider %s',
    (airflowVersion, sshProviderVersion, legacy, retry, wraps, lines, sshExit, skip, rule) => {
      const b = airflowProfile(airflowVersion, sshProviderVersion).ssh;
      expect([
        b.legacyHostKeyLogic,
        b.connectRetry,
        b.wrapsErrors,
        b.logsLineByLine,
        b.pushesSshExit,
        b.honoursSkipOnExitCode,
        b.cmdTimeoutRule,
      ]).toEqual([legacy, retry, wraps, lines, sshExit, skip, rule]);
    },
  );

  it('uses the constraints-pinned provider when none is named', () => {
    expect(airflowProfile('2.2.2', null).ssh.providerVersion).toBe('2.3.0');
    expect(airflowProfile('2.10.3', null).ssh.providerVersion).toBe('3.14.0');
  });

  it("reproduces the guide's sources for Airflow 2.2.2", () => {
    const s = airflowProfile('2.2.2', '2.3.0').ssh.sources;
    const line = (x: { file: string; line: number }) => `${x.file}:${x.line}`;
    expect(
      [s.connection, s.remoteIdentWarning, s.noHostKeyWarning, s.paramiko, s.runningCommand, s.stdout].map(line),
    ).toEqual(['base.py:79', 'ssh.py:264', 'ssh.py:270', 'transport.py:1819', 'ssh.py:139', 'ssh.py:171']);
  });
});

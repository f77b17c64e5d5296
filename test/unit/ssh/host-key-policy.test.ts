import { describe, expect, it } from 'vitest';
import { decideHostKey, planHostKeyCheck } from '../../../agent/tasks/ssh/host-key-policy.js';
import type { SshHookConfig } from '../../../agent/tasks/ssh/ssh-hook-config.js';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';

const modern = airflowProfile('2.10.3', '3.14.0').ssh;
const legacy = airflowProfile('2.2.2', '2.3.0').ssh;
const SERVER = { type: 'ssh-ed25519', base64: 'AAAAserver' };
const OTHER = { type: 'ssh-ed25519', base64: 'AAAAother' };
const at = { host: '127.0.0.1', name: '[127.0.0.1]:2222' };

function cfg(noHostKeyCheck: boolean, allowHostKeyChange: boolean, pinned = false): SshHookConfig {
  return { noHostKeyCheck, allowHostKeyChange, hostKey: pinned ? SERVER : null } as SshHookConfig;
}
function outcome(b = modern, c: SshHookConfig, known: (typeof SERVER)[], fileExists = true): string {
  const plan = planHostKeyCheck(b, c, fileExists);
  const d = decideHostKey(plan, at, SERVER, { system: known, own: known });
  return d.accept ? (d.save ? 'accept+save' : 'accept') : d.message;
}

describe('host-key table, provider ≥ 3.0 (airflow-ssh.md §1.6)', () => {
  it.each([
    ['defaults', cfg(true, false), ['noHostKey'], 'accept+save', 'Host key for server'],
    ['nhkc + allow change', cfg(true, true), ['remoteIdent', 'noHostKey'], 'accept', 'accept'],
    ['check on', cfg(false, false), [], "Server '[127.0.0.1]:2222' not found in known_hosts", 'Host key for server'],
    ['check on + allow change', cfg(false, true), ['remoteIdent'], 'accept', 'accept'],
  ])('%s: warnings, unknown host, changed key', (_n, c, warnings, unknown, changed) => {
    expect(planHostKeyCheck(modern, c, true).warnings).toEqual(warnings);
    expect(outcome(modern, c, [])).toBe(unknown);
    expect(outcome(modern, c, [OTHER])).toContain(changed);
  });

  it('new keys are saved only when known_hosts exists', () => {
    expect(outcome(modern, cfg(true, false), [], false)).toBe('accept');
  });

  it('a pinned host_key must match', () => {
    expect(outcome(modern, cfg(false, false, true), [])).toBe('accept');
    const plan = planHostKeyCheck(modern, { ...cfg(false, false), hostKey: OTHER } as SshHookConfig, true);
    const d = decideHostKey(plan, at, SERVER, { system: [], own: [] });
    expect(d.accept ? '' : d.message).toBe(
      "Host key for server '127.0.0.1' does not match: got 'AAAAserver', expected 'AAAAother'",
    );
  });

  it('a known key matches when the same', () => {
    expect(outcome(modern, cfg(false, false), [SERVER])).toBe('accept');
  });
});

describe('host-key logic of provider < 3.0 (inverted test)', () => {
  it.each([
    ['defaults: both warnings', cfg(true, false), ['remoteIdent', 'noHostKey'], 'accept'],
    ['nhkc + allow change', cfg(true, true), ['noHostKey'], 'accept'],
    ['check on', cfg(false, false), ['remoteIdent'], "Server '[127.0.0.1]:2222' not found in known_hosts"],
    [
      'check on + allow change: nothing loaded, everything rejected',
      cfg(false, true),
      [],
      "Server '[127.0.0.1]:2222' not found in known_hosts",
    ],
  ])('%s', (_n, c, warnings, unknown) => {
    expect(planHostKeyCheck(legacy, c, true).warnings).toEqual(warnings);
    expect(outcome(legacy, c, [])).toBe(unknown);
  });
});

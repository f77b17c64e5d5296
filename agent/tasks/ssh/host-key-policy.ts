import { sameHostKey, type PublicHostKey } from './host-key.js';
import type { SshHookConfig } from './ssh-hook-config.js';
import type { SshProfile } from '../../airflow/airflow-profile.js';

export const REMOTE_IDENT_WARNING =
  "Remote Identification Change is not verified. This won't protect against Man-In-The-Middle attacks";
export const NO_HOST_KEY_WARNING = "No Host Key Verification. This won't protect against Man-In-The-Middle attacks";

/** What SSHHook.get_conn sets up on the paramiko client before connecting (airflow-ssh.md §1.6). */
export interface HostKeyPlan {
  /** Warnings in the order the hook logs them. */
  warnings: ('remoteIdent' | 'noHostKey')[];
  /** `load_system_host_keys()`: known_hosts consulted read-only. */
  loadSystemKeys: boolean;
  /** The missing-host-key policy: RejectPolicy (paramiko's default), AutoAddPolicy, or the accepting base class. */
  policy: 'reject' | 'autoadd' | 'accept';
  /** `load_host_keys(known_hosts)` (≥ 3.2.0, only when the file exists): AutoAdd then saves new keys to it. */
  saveNewKeys: boolean;
  /** The `host_key` extra, added to the client's host keys under `host` / `[host]:port`. */
  pinned: PublicHostKey | null;
}

/**
 * The hook's host-key set-up. Provider < 3.0.0 had the test inverted (`if not allow_host_key_change`), so
 * default extras print both warnings; the guide shows that pair spelled "won't" (the 2.x source says
 * "wont"), and the guide's spelling is the one reproduced.
 */
export function planHostKeyCheck(b: SshProfile, cfg: SshHookConfig, knownHostsExists: boolean): HostKeyPlan {
  const plan: HostKeyPlan = { warnings: [], loadSystemKeys: false, policy: 'reject', saveNewKeys: false, pinned: null };
  if (b.legacyHostKeyLogic) {
    if (!cfg.allowHostKeyChange) {
      plan.warnings.push('remoteIdent');
      plan.loadSystemKeys = true;
    }
  } else if (cfg.allowHostKeyChange) {
    plan.warnings.push('remoteIdent');
    plan.policy = 'accept';
  } else {
    plan.loadSystemKeys = true;
  }
  if (cfg.noHostKeyCheck) {
    plan.warnings.push('noHostKey');
    plan.policy = 'autoadd';
    plan.saveNewKeys = b.savesNewHostKeys && !cfg.allowHostKeyChange && knownHostsExists;
  } else if (cfg.hostKey) {
    plan.pinned = cfg.hostKey;
  }
  return plan;
}

export type HostKeyDecision = { accept: true; save: boolean } | { accept: false; message: string; pythonClass: string };

/**
 * paramiko's SSHClient.connect check of the server key: system host keys first, then the client's own
 * (pinned / loaded for saving); a known name must match, an unknown one goes to the policy.
 */
export function decideHostKey(
  plan: HostKeyPlan,
  at: { host: string; name: string },
  serverKey: PublicHostKey,
  known: { system: PublicHostKey[]; own: PublicHostKey[] },
): HostKeyDecision {
  const system = plan.loadSystemKeys ? known.system : [];
  const own = [...(plan.pinned ? [plan.pinned] : []), ...(plan.saveNewKeys ? known.own : [])];
  const ours = system.length > 0 ? system : own;
  if (ours.length > 0) {
    const expected = ours.find((k) => k.type === serverKey.type) ?? ours[0]!;
    if (sameHostKey(expected, serverKey)) return { accept: true, save: false };
    return {
      accept: false,
      message: `Host key for server '${at.host}' does not match: got '${serverKey.base64}', expected '${expected.base64}'`,
      pythonClass: 'paramiko.ssh_exception.BadHostKeyException',
    };
  }
  if (plan.policy === 'reject') {
    return {
      accept: false,
      message: `Server '${at.name}' not found in known_hosts`,
      pythonClass: 'paramiko.ssh_exception.SSHException',
    };
  }
  return { accept: true, save: plan.policy === 'autoadd' && plan.saveNewKeys };
}

/** The key types paramiko would prefer in negotiation: the known key's type first. */
export function preferredHostKeyTypes(
  plan: HostKeyPlan,
  known: { system: PublicHostKey[]; own: PublicHostKey[] },
): string[] {
  const ours = plan.loadSystemKeys && known.system.length > 0 ? known.system : plan.pinned ? [plan.pinned] : known.own;
  const type = ours[0]?.type;
  if (!type) return [];
  if (type === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  return [type];
}

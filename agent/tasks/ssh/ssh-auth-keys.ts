import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ParsedKey } from 'ssh2';
import { ssh2 } from './ssh2-library.js';

/** A key file's bytes, or Python's `str()` of the OSError paramiko would raise opening it. */
export type KeyFileRead = { content: Buffer } | { error: string };

const ERRNO: Record<string, [number, string]> = {
  ENOENT: [2, 'No such file or directory'],
  EACCES: [13, 'Permission denied'],
  EISDIR: [21, 'Is a directory'],
};

/** Reads `key_file`; the error text names the path the user wrote, as paramiko's would. */
export async function readKeyFile(local: string, given: string): Promise<KeyFileRead> {
  try {
    return { content: await readFile(local) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const [n, text] = ERRNO[code] ?? [5, (e as Error).message];
    return { error: `[Errno ${n}] ${text}: '${given}'` };
  }
}

/**
 * Parses a private key the way paramiko's `_key_from_filepath` / `from_private_key` would accept it: an
 * encrypted key without a passphrase is "Private key file is encrypted".
 */
export function parsePrivateKey(data: Buffer | string, passphrase: string | null): ParsedKey | { error: string } {
  const parsed = ssh2().utils.parseKey(data, passphrase ?? undefined);
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | undefined) : parsed;
  if (key instanceof Error) {
    if (/no passphrase/i.test(key.message)) return { error: 'Private key file is encrypted' };
    if (/decrypt|passphrase|bad/i.test(key.message)) return { error: 'Authentication failed.' };
    return { error: 'not a valid RSA private key file' };
  }
  if (!key || key.getPrivatePEM() === null) return { error: 'not a valid RSA private key file' };
  return key;
}

/** paramiko's `look_for_keys`: the user's default identities, in its order. */
export async function defaultIdentities(sshDir: string, passphrase: string | null): Promise<ParsedKey[]> {
  const keys: ParsedKey[] = [];
  for (const name of ['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519']) {
    const read = await readKeyFile(join(sshDir, name), name);
    if (!('content' in read)) continue;
    const key = parsePrivateKey(read.content, passphrase);
    if (!('error' in key)) keys.push(key);
  }
  return keys;
}

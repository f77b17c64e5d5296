import type { ParsedKey } from 'ssh2';
import { ssh2 } from './ssh2-library.js';
import type { ParamikoFacts } from '../../airflow/paramiko-releases.js';

/** What paramiko makes of a key file with one key class: a key to offer, or the SSHException it saves. */
export type KeyClassLoad = { key: ParsedKey } | { error: string; pythonClass: string };

const SSH_EXCEPTION = 'paramiko.ssh_exception.SSHException';
const PASSWORD_REQUIRED = 'paramiko.ssh_exception.PasswordRequiredException';

/** paramiko's key classes in `SSHClient._auth`'s order, with the PEM tag each one reads. */
const CLASSES: { name: 'RSA' | 'DSS' | 'ECDSA' | 'Ed25519'; tag: string; type: string }[] = [
  { name: 'RSA', tag: 'RSA', type: 'ssh-rsa' },
  { name: 'DSS', tag: 'DSA', type: 'ssh-dss' },
  { name: 'ECDSA', tag: 'EC', type: 'ecdsa' },
  { name: 'Ed25519', tag: 'OPENSSH', type: 'ssh-ed25519' },
];

/**
 * `SSHClient._auth` tries a `key_filename` with every key class in turn (RSA, DSS while paramiko has it,
 * ECDSA, Ed25519), offering the key whenever a class loads it and saving the SSHException of every class
 * that cannot; when nothing authenticates, the *last* saved exception is the one raised. So an RSA PEM key the
 * server refuses ends with Ed25519's "encountered RSA key, expected OPENSSH key", and a DSA key under paramiko
 * 4+ is "not a valid OPENSSH private key file" without ever being offered. Texts from paramiko 3.5.1 and
 * 5.0.0's `from_private_key_file` on PEM and OpenSSH keys of each type (ECDSA's messages on other OpenSSH
 * keys depend on the key's bytes; they are never the last one, so a fixed text stands for them).
 */
export function keyFileLoads(content: Buffer, passphrase: string | null, paramiko: ParamikoFacts): KeyClassLoad[] {
  const text = content.toString('latin1');
  const tag = /-----BEGIN ([A-Z0-9 ]+?) PRIVATE KEY-----/.exec(text)?.[1] ?? null;
  const classes = CLASSES.filter((c) => c.name !== 'DSS' || paramiko.supportsDss);
  const encrypted = tag === 'OPENSSH' ? opensshEncrypted(text) : /Proc-Type: 4,ENCRYPTED/.test(text);
  const parsed = encrypted && !passphrase ? null : parse(content, passphrase);
  return classes.map((c): KeyClassLoad => {
    if (tag === null || !['RSA', 'DSA', 'EC', 'OPENSSH'].includes(tag))
      return { error: `not a valid ${c.tag} private key file`, pythonClass: SSH_EXCEPTION };
    if (tag === 'OPENSSH') {
      if (encrypted && !passphrase)
        return {
          error: c.name === 'Ed25519' ? 'Private key file is encrypted' : 'private key file is encrypted',
          pythonClass: PASSWORD_REQUIRED,
        };
      return opensshLoad(c, parsed);
    }
    if (tag !== c.tag) {
      // paramiko 4+ no longer knows the DSA tag: it reads as no key at all.
      const message =
        tag === 'DSA' && !paramiko.supportsDss
          ? `not a valid ${c.tag} private key file`
          : `encountered ${tag} key, expected ${c.tag} key`;
      return { error: message, pythonClass: SSH_EXCEPTION };
    }
    if (encrypted && !passphrase) return { error: 'Private key file is encrypted', pythonClass: PASSWORD_REQUIRED };
    return parsed ? { key: parsed } : { error: 'Invalid key', pythonClass: SSH_EXCEPTION };
  });
}

/** An OpenSSH-format key read by one class: RSA and DSS classes fail to unpack other key types. */
function opensshLoad(c: (typeof CLASSES)[number], key: ParsedKey | null): KeyClassLoad {
  const type = key?.type ?? '';
  const matches = c.name === 'ECDSA' ? type.startsWith('ecdsa') : type === c.type;
  if (key && matches) return { key };
  switch (c.name) {
    case 'Ed25519':
      return { error: 'Invalid key', pythonClass: SSH_EXCEPTION };
    case 'ECDSA':
      return { error: "'utf-8' codec can't decode byte", pythonClass: SSH_EXCEPTION };
    default:
      return { error: 'unpack requires a buffer of 4 bytes', pythonClass: SSH_EXCEPTION };
  }
}

function parse(content: Buffer, passphrase: string | null): ParsedKey | null {
  const parsed = ssh2().utils.parseKey(content, passphrase ?? undefined);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  return key && !(key instanceof Error) ? key : null;
}

/** An OpenSSH private key names its cipher after the magic: "none" when it is not encrypted. */
function opensshEncrypted(text: string): boolean {
  const b64 = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END/.exec(text)?.[1]?.replace(/\s+/g, '') ?? '';
  const blob = Buffer.from(b64, 'base64');
  const magic = 'openssh-key-v1\0';
  if (blob.subarray(0, magic.length).toString('latin1') !== magic) return false;
  const len = blob.readUInt32BE(magic.length);
  return blob.subarray(magic.length + 4, magic.length + 4 + len).toString('latin1') !== 'none';
}

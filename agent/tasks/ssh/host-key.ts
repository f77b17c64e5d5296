/** An SSH public key as known_hosts and the `host_key` extra write it: `<type> <base64 blob>`. */
export interface PublicHostKey {
  /** The key type named inside the blob, e.g. `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`. */
  type: string;
  /** Base64 of the wire-format blob, without line breaks (paramiko's `get_base64()`). */
  base64: string;
}

/** The type string at the start of an SSH wire-format public key blob, or null when the blob is malformed. */
export function blobKeyType(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || blob.length < 4 + len) return null;
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** A host key from the raw blob ssh2 hands to `hostVerifier`. */
export function hostKeyFromBlob(blob: Buffer): PublicHostKey {
  return { type: blobKeyType(blob) ?? 'unknown', base64: blob.toString('base64') };
}

export function sameHostKey(a: PublicHostKey, b: PublicHostKey): boolean {
  return a.type === b.type && a.base64 === b.base64;
}

/** paramiko's name for a host in known_hosts: the bare host on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

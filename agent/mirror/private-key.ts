/**
 * Which mirrored files are private keys, written 0600 (OpenSSH-style clients refuse keys readable by others).
 * The content test looks at the first bytes only, so it works while streaming.
 */
const KEY_EXTENSIONS = ['.pem', '.key'];

/** PEM private keys of every kind (PKCS#1/#8, EC, DSA, ENCRYPTED, OPENSSH) and PuTTY key files. */
const KEY_HEADER = /^\s*(?:-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----|PuTTY-User-Key-File-)/;

/** Bytes of the file's start that {@link looksLikePrivateKey} needs. */
export const KEY_HEADER_BYTES = 64;

export function isPrivateKeyName(path: string): boolean {
  const lower = path.toLowerCase();
  return KEY_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export function looksLikePrivateKey(head: Buffer): boolean {
  return KEY_HEADER.test(head.subarray(0, KEY_HEADER_BYTES).toString('latin1'));
}

/** The mode a mirrored file gets. */
export function fileModeFor(path: string, head: Buffer): number {
  return isPrivateKeyName(path) || looksLikePrivateKey(head) ? 0o600 : 0o644;
}

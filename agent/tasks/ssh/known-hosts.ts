import { createHmac } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import type { PublicHostKey } from './host-key.js';

interface KnownHostEntry {
  /** Plain names, or hashed `|1|salt|hash` names. */
  names: string[];
  key: PublicHostKey;
}

/**
 * OpenSSH's known_hosts as paramiko's HostKeys reads it: `names keytype base64 [comment]`, names comma
 * separated or hashed (`|1|<salt>|<hmac-sha1>`). Lines paramiko cannot read are skipped, as it does.
 */
export class KnownHosts {
  private constructor(
    readonly path: string,
    readonly exists: boolean,
    private readonly entries: KnownHostEntry[],
  ) {}

  static async load(path: string): Promise<KnownHosts> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new KnownHosts(path, false, []);
      throw e;
    }
    return new KnownHosts(path, true, parseKnownHosts(text));
  }

  /** Keys recorded for a name (`host` or `[host]:port`). */
  lookup(name: string): PublicHostKey[] {
    return this.entries.filter((e) => e.names.some((n) => nameMatches(n, name))).map((e) => e.key);
  }

  /** Appends a newly accepted key (paramiko's AutoAddPolicy + save_host_keys). */
  async add(name: string, key: PublicHostKey): Promise<void> {
    this.entries.push({ names: [name], key });
    await appendFile(this.path, `${name} ${key.type} ${key.base64}\n`, { mode: 0o600 });
  }
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [names, type, base64] = line.split(/\s+/);
    if (!names || !type || !base64) continue;
    entries.push({ names: names.split(','), key: { type, base64 } });
  }
  return entries;
}

function nameMatches(pattern: string, name: string): boolean {
  if (!pattern.startsWith('|1|')) return pattern === name;
  const [, , salt = '', hash = ''] = pattern.split('|');
  const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return digest === hash;
}

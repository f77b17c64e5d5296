import type { Logger } from '../../core/logger.js';
import type { SshLink } from './ssh-connector.js';

interface PooledLink {
  key: string;
  ready: Promise<SshLink>;
  link: SshLink | null;
  /** Channels in use (or reserved while connecting). */
  active: number;
  /** Channels this connection may carry: sshd's MaxSessions, lowered when the server refuses one. */
  capacity: number;
  dead: boolean;
  closed: boolean;
  idleTimer: NodeJS.Timeout | null;
}

/** A channel slot on a pooled connection; call `release()` when the channel is closed. */
export interface Lease {
  link: SshLink;
  /** True when this lease opened the connection (its connect lines were logged live). */
  opened: boolean;
  release(): void;
  /** The server refused a channel: this connection carries no more than it has now. */
  full(): void;
}

export interface SshConnectionPoolOptions {
  log: Logger;
  /** Channels per connection; OpenSSH's MaxSessions default is 10. */
  maxSessions?: number;
  /** Close a connection with no channels after this long. */
  idleMs?: number;
}

/**
 * One SSH connection per (host, port, user, credentials, host-key rules), shared by concurrent tasks up to
 * sshd's MaxSessions, closed when idle. A connection that dies is dropped; the next task opens a new one.
 */
export class SshConnectionPool {
  readonly #links = new Map<string, PooledLink[]>();
  readonly #log: Logger;
  readonly #maxSessions: number;
  readonly #idleMs: number;

  constructor(opts: SshConnectionPoolOptions) {
    this.#log = opts.log;
    this.#maxSessions = opts.maxSessions ?? 10;
    this.#idleMs = opts.idleMs ?? 30_000;
  }

  /** A channel slot for `key`, on a live connection with room or on a new one made by `open`. */
  async acquire(key: string, open: () => Promise<SshLink>): Promise<Lease> {
    const shared = (this.#links.get(key) ?? []).find((p) => !p.dead && p.active < p.capacity);
    if (shared) {
      shared.active++;
      this.#clearIdle(shared);
      try {
        return this.#lease(shared, await shared.ready, false);
      } catch {
        // Someone else's connect failed: connect ourselves, so this task's log shows its own attempts.
        shared.active--;
      }
    }
    const pooled: PooledLink = {
      key,
      ready: open(),
      link: null,
      active: 1,
      capacity: this.#maxSessions,
      dead: false,
      closed: false,
      idleTimer: null,
    };
    this.#add(pooled);
    try {
      const link = await pooled.ready;
      pooled.link = link;
      link.client.once('close', () => {
        pooled.closed = true;
        this.#drop(pooled);
      });
      this.#log.debug(
        { poolKey: key.slice(0, 12), connections: this.#links.get(key)?.length },
        'ssh connection opened',
      );
      return this.#lease(pooled, link, true);
    } catch (e) {
      this.#drop(pooled);
      throw e;
    }
  }

  #lease(pooled: PooledLink, link: SshLink, opened: boolean): Lease {
    let released = false;
    return {
      link,
      opened,
      release: () => {
        if (released) return;
        released = true;
        pooled.active--;
        if (pooled.active === 0 && !pooled.dead) this.#armIdle(pooled);
      },
      full: () => {
        pooled.capacity = Math.max(1, pooled.active - 1);
      },
    };
  }

  #add(p: PooledLink): void {
    const list = this.#links.get(p.key) ?? [];
    list.push(p);
    this.#links.set(p.key, list);
  }

  #drop(p: PooledLink): void {
    p.dead = true;
    this.#clearIdle(p);
    const list = (this.#links.get(p.key) ?? []).filter((x) => x !== p);
    if (list.length > 0) this.#links.set(p.key, list);
    else this.#links.delete(p.key);
  }

  #armIdle(p: PooledLink): void {
    this.#clearIdle(p);
    p.idleTimer = setTimeout(() => {
      this.#drop(p);
      p.link?.client.end();
    }, this.#idleMs);
    p.idleTimer.unref();
  }

  #clearIdle(p: PooledLink): void {
    if (p.idleTimer) clearTimeout(p.idleTimer);
    p.idleTimer = null;
  }

  /** Connections currently pooled (open or opening). */
  get size(): number {
    let n = 0;
    for (const list of this.#links.values()) n += list.length;
    return n;
  }

  /** Ends every pooled connection; channels still open are closed with them. */
  async close(): Promise<void> {
    const all = [...this.#links.values()].flat();
    this.#links.clear();
    await Promise.all(
      all.map(async (p) => {
        p.dead = true;
        this.#clearIdle(p);
        const link = await p.ready.catch(() => null);
        if (!link || p.closed) return;
        await new Promise<void>((resolve) => {
          link.client.once('close', () => resolve());
          link.client.end();
        });
      }),
    );
  }
}

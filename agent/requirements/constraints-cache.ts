import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConstraintsContent, type ConstraintsContent } from './constraints-content.js';

/**
 * Constraints files fetched once, kept in `<state>/constraints/` so later checks work offline. One file per
 * URL (named by its SHA-256), written atomically; content is validated again when read.
 */
export class ConstraintsCache {
  readonly #dir: string;

  constructor(opts: { stateDir: string }) {
    this.#dir = join(opts.stateDir, 'constraints');
  }

  pathFor(url: string): string {
    return join(this.#dir, `${key(url).slice(0, 32)}.txt`);
  }

  /** Cached, valid content for the URL, or null. Never throws. */
  read(url: string): ConstraintsContent | null {
    let text: string;
    try {
      text = readFileSync(this.pathFor(url), 'utf8');
    } catch {
      return null;
    }
    const firstNewline = text.indexOf('\n');
    if (firstNewline === -1 || text.slice(0, firstNewline) !== header(url)) return null;
    const check = validateConstraintsContent(text.slice(firstNewline + 1));
    return check.ok ? check.content : null;
  }

  write(url: string, text: string): void {
    mkdirSync(this.#dir, { recursive: true });
    const target = this.pathFor(url);
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, `${header(url)}\n${text}`);
    renameSync(tmp, target);
  }
}

/** The URL may hold user:password, so the cache stores only its hash. */
function key(url: string): string {
  return createHash('sha256').update(url).digest('hex');
}

function header(url: string): string {
  return `# mwaa-agent constraints cache ${key(url)}`;
}

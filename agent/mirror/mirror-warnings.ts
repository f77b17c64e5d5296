import type { Logger } from '../core/logger.js';
import { KEY_RULE_TEXT } from './key-rules.js';
import type { FileFailure, SymlinkRefusal } from './sync-executor.js';
import type { PlannedSkip } from './sync-plan.js';

/**
 * One WARN per state change: a refused key, an oversized object or a file that cannot be written is reported
 * when it first appears (or its reason changes), not on every poll, and a failure that clears is reported once.
 */
export class MirrorWarnings {
  readonly #log: Logger;
  readonly #skips = new Map<string, string>();
  readonly #files = new Map<string, string>();
  readonly #symlinks = new Map<string, string>();

  constructor(log: Logger) {
    this.#log = log;
  }

  /** `partial`: the skips of an event-driven sync, which says nothing about keys it did not look at. */
  skips(skips: readonly PlannedSkip[], maxObjectSize: number, opts: { partial?: boolean } = {}): void {
    const seen = new Set<string>();
    for (const s of skips) {
      const signature = `${s.reason}:${s.rule ?? ''}`;
      seen.add(s.key);
      if (this.#skips.get(s.key) === signature) continue;
      this.#skips.set(s.key, signature);
      this.#log.warn({ s3Key: s.key, reason: s.reason, rule: s.rule }, skipMessage(s, maxObjectSize));
    }
    if (opts.partial) return;
    for (const key of this.#skips.keys()) if (!seen.has(key)) this.#skips.delete(key);
  }

  /**
   * One WARN per symlinked folder (not per key: a thousand keys under one link give one line), repeated only
   * when its target changes; a link that goes away is reported once.
   */
  symlinks(refusals: readonly SymlinkRefusal[], opts: { partial?: boolean } = {}): void {
    const byFolder = new Map<string, SymlinkRefusal[]>();
    for (const r of refusals) byFolder.set(r.folder, [...(byFolder.get(r.folder) ?? []), r]);
    for (const [folder, list] of byFolder) {
      const { target } = list[0]!;
      if (this.#symlinks.get(folder) === target) continue;
      this.#symlinks.set(folder, target);
      const keys = list.map((r) => r.key);
      this.#log.warn(
        { file: folder, target, s3Key: keys[0], count: keys.length, rule: 'symlinked-folder' },
        `skipping ${keys.length} s3 key(s) under ${folder}/ (first: ${JSON.stringify(keys[0])}): ${folder} in the DAG folder is a symlink to ${target} that the mirror did not create, and the mirror never writes or deletes through a symlink; remove the link to mirror these keys (rule symlinked-folder)`,
      );
    }
    if (opts.partial) return;
    for (const folder of this.#symlinks.keys()) {
      if (byFolder.has(folder)) continue;
      this.#symlinks.delete(folder);
      this.#log.info({ file: folder }, `${folder} is no longer a symlink in use; its keys are mirrored again`);
    }
  }

  fileFailures(failures: readonly FileFailure[], opts: { partial?: boolean } = {}): void {
    const seen = new Set<string>();
    for (const f of failures) {
      seen.add(f.path);
      if (this.#files.get(f.path) === f.code) continue;
      this.#files.set(f.path, f.code);
      this.#log.warn(
        { s3Key: f.key, file: f.path, code: f.code },
        `could not write ${f.path} (s3 key ${f.key}): ${f.message}; the old copy stays`,
      );
    }
    if (opts.partial) return;
    for (const path of this.#files.keys()) {
      if (seen.has(path)) continue;
      this.#files.delete(path);
      this.#log.info({ file: path }, `${path} written again`);
    }
  }
}

function skipMessage(s: PlannedSkip, maxObjectSize: number): string {
  switch (s.reason) {
    case 'refused-key':
      return `skipping s3 key ${JSON.stringify(s.key)}: it ${KEY_RULE_TEXT[s.rule!]} (rule ${s.rule})`;
    case 'too-large':
      return `skipping s3 key ${JSON.stringify(s.key)}: larger than --max-object-size ${maxObjectSize} bytes (rule max-object-size)`;
    case 'file-folder-conflict':
      return `skipping s3 key ${JSON.stringify(s.key)}: ${s.path} is also a folder in the bucket; the folder wins (rule file-folder-conflict)`;
  }
}

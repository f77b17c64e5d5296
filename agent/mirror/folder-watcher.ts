import { watch, type FSWatcher } from 'chokidar';
import { basename, relative, sep } from 'node:path';
import { SystemClock, type Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { LifecycleService } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { isTempName } from './key-rules.js';

export interface FolderWatcherOptions {
  /** Folder to watch recursively (the DAG folder). */
  dir: string;
  log: Logger;
  events: EventBus;
  /** Quiet time before a batch of changes is reported. */
  debounceMs: number;
  clock?: Clock;
}

/**
 * Watches a folder (chokidar) and emits `folder:changed` with the relative paths that changed, in batches.
 * Used in local mode and to notice the mirror's own writes. The mirror's temporaries are never reported.
 */
export class FolderWatcher extends LifecycleService {
  readonly #o: FolderWatcherOptions;
  readonly #clock: Clock;
  #watcher: FSWatcher | null = null;
  #pending = new Set<string>();
  #debounce: AbortController | null = null;

  constructor(opts: FolderWatcherOptions) {
    super();
    this.#o = opts;
    this.#clock = opts.clock ?? new SystemClock();
  }

  /** Resolves once the initial scan is done; changes after that are reported. */
  protected async onStart(): Promise<void> {
    const w = watch(this.#o.dir, {
      ignoreInitial: true,
      ignored: (p: string) => isTempName(basename(p)),
    });
    this.#watcher = w;
    w.on('all', (_event, path) => this.#changed(path));
    w.on('error', (e) =>
      this.#o.log.warn(
        { file: this.#o.dir, err: errorMessage(e) },
        `watching ${this.#o.dir} failed: ${errorMessage(e)}`,
      ),
    );
    await new Promise<void>((r) => w.once('ready', () => r()));
  }

  protected async onStop(): Promise<void> {
    this.#debounce?.abort();
    await this.#watcher?.close();
    this.#watcher = null;
  }

  #changed(absPath: string): void {
    const rel = relative(this.#o.dir, absPath).split(sep).join('/');
    if (rel === '' || rel.startsWith('..')) return;
    this.#pending.add(rel);
    this.#debounce?.abort();
    const ac = (this.#debounce = new AbortController());
    const at = new Date(this.#clock.now().getTime() + this.#o.debounceMs);
    this.#clock.sleepUntil(at, ac.signal).then(
      () => this.#flush(),
      () => undefined,
    );
  }

  #flush(): void {
    if (this.#pending.size === 0) return;
    const paths = [...this.#pending].sort();
    this.#pending.clear();
    this.#o.events.emit('folder:changed', { dir: this.#o.dir, paths });
  }
}

import { type FSWatcher, watch } from 'chokidar';
import { errorMessage, isAgentError } from '../../core/errors.js';
import type { CliContext } from '../cli-context.js';
import { type DagTestFlags, runDagTestOnce } from './dags-test-run.js';
import { DagTestUsageError } from './dags-test-input.js';

/** Clears the terminal and its scrollback, and puts the cursor home (what `tsc --watch` and vitest print). */
export const CLEAR_SCREEN = '\x1b[2J\x1b[3J\x1b[H';
/** Editors save in bursts (write, rename, chmod): one re-run per burst. */
const DEBOUNCE_MS = 100;

/**
 * `dags test --watch`: runs the DAG, then again each time its file changes (chokidar), clearing the screen
 * before each run; a change during a run stops that run's tasks and starts over. A run that cannot start
 * (the file no longer defines the DAG) prints its error and waits for the next change. Resolves on
 * SIGINT/SIGTERM with 130/143; bad input on the first run rejects (DagTestUsageError) as without --watch.
 */
export async function watchDagTest(
  ctx: CliContext,
  dagId: string,
  date: string | undefined,
  flags: DagTestFlags,
): Promise<number> {
  const quit = new AbortController();
  let code = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    code = sig === 'SIGINT' ? 130 : 143;
    quit.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const first = await runDagTestOnce(ctx, dagId, date, flags, quit.signal);
    const file = first.dagFile;
    if (!file || quit.signal.aborted) return code || first.exitCode;
    let pending = false;
    let wake: () => void = () => undefined;
    watcher = watch(file, { ignoreInitial: true });
    watcher.on('all', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        pending = true;
        wake();
      }, DEBOUNCE_MS);
    });
    await new Promise<void>((resolve, reject) => {
      watcher?.once('ready', resolve);
      watcher?.once('error', reject);
    });
    for (;;) {
      if (!pending) {
        ctx.err(`dags test: watching ${file} for changes (Ctrl-C to stop)`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          quit.signal.addEventListener('abort', () => resolve(), { once: true });
        });
      }
      if (quit.signal.aborted) return code;
      pending = false;
      const run = new AbortController();
      // A change during the run stops its tasks; the loop then starts over at once (pending is set).
      wake = () => run.abort();
      ctx.out(CLEAR_SCREEN);
      try {
        await runDagTestOnce(ctx, dagId, date, flags, AbortSignal.any([run.signal, quit.signal]));
      } catch (e) {
        if (!(e instanceof DagTestUsageError) && !isAgentError(e)) throw e;
        ctx.err(`dags test: ${errorMessage(e)}`);
      }
      wake = () => undefined;
    }
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await watcher?.close();
  }
}

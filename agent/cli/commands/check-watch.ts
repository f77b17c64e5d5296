import type { CheckFinding, CheckVerdict } from '../../dags/check-verdict.js';
import type { CliContext } from '../cli-context.js';
import { findingText } from './check-report.js';

/** What one check produced: the verdict, its exit code and the report in the requested format. */
export interface CheckRun {
  verdict: CheckVerdict;
  exitCode: number;
  report: string;
  /** What a watcher watches: the DAG folder (or file), requirements.txt, plugins. */
  watched: string[];
}

/** Changes closer together than this make one re-check. */
const SETTLE_MS = 150;

/** What changed between two verdicts: findings that appeared and findings that went away. */
export function verdictChanges(before: readonly CheckFinding[], after: readonly CheckFinding[]) {
  const key = (f: CheckFinding) => findingText(f);
  const was = new Set(before.map(key));
  const is = new Set(after.map(key));
  return { added: after.filter((f) => !was.has(key(f))), removed: before.filter((f) => !is.has(key(f))) };
}

/**
 * `check --watch`: the full report once, then on every change under the watched paths (chokidar) a cleared
 * screen with only what changed in the verdict (`+` new, `-` gone) and the new totals. Runs until SIGINT or
 * SIGTERM; the exit code is the last check's.
 */
export async function watchCheck(ctx: CliContext, run: () => Promise<CheckRun>): Promise<void> {
  const { watch } = await import('chokidar');
  let last = await run();
  ctx.out(last.report);
  ctx.exitCode = last.exitCode;
  const watcher = watch(last.watched, {
    ignoreInitial: true,
    ignored: (p) => /(^|\/)(\.git|node_modules|__pycache__)(\/|$)/.test(p),
  });
  await new Promise<void>((ready) => watcher.once('ready', ready));
  ctx.err(`mwaa-agent check: watching ${last.watched.join(', ')} for changes (Ctrl-C stops)`);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const recheck = async () => {
    const next = await run();
    const { added, removed } = verdictChanges(last.verdict.findings, next.verdict.findings);
    ctx.out('\x1b[2J\x1b[H');
    const lines = [
      `mwaa-agent check --watch: ${new Date().toISOString()}`,
      ...(added.length + removed.length === 0 ? ['no change in the verdict'] : []),
      ...removed.map((f) => `- ${findingText(f)}`),
      ...added.map((f) => `+ ${findingText(f)}`),
      `${next.verdict.errors} error${next.verdict.errors === 1 ? '' : 's'}, ${next.verdict.warnings} warning${next.verdict.warnings === 1 ? '' : 's'}`,
    ];
    ctx.out(lines.join('\n'));
    ctx.exitCode = next.exitCode;
    last = next;
  };
  watcher.on('all', () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(recheck).catch((e: unknown) => ctx.err(`mwaa-agent check: ${(e as Error).message}`));
    }, SETTLE_MS);
  });
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  if (timer) clearTimeout(timer);
  await running;
  await watcher.close();
}

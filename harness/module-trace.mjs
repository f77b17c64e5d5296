/**
 * `node --import harness/module-trace.mjs …` with MODULE_TRACE_FILE set: appends the URL of every ES module the
 * process loads (one a line) to that file. Process tests use it to prove what a CLI command does not load; the
 * load hooks run on Node's loader thread, where this same file is imported again and only exports the hook.
 */
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) register(import.meta.url);

/** @type {import('node:module').LoadHook} */
export async function load(url, context, next) {
  const file = process.env.MODULE_TRACE_FILE;
  if (file) appendFileSync(file, `${url}\n`);
  return next(url, context);
}

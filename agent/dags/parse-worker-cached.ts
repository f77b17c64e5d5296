import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { workerData } from 'node:worker_threads';
import { compileWithCodeCache } from './code-cache.js';

/**
 * The DAG-reading thread's entry in the bundle (dist/bin/parse-worker.js): the reader itself is
 * `parse-service.cjs` beside it (infra/bundle.mjs), compiled with V8's code cache. Without it, a fresh thread
 * compiles each function of the reader the first time a file needs it, which is most of what reading the
 * first file costs (bench/README.md, check). The cache is written once, after the first file is read.
 */
const body = fileURLToPath(new URL('./parse-service.cjs', import.meta.url));
const wrapped = `(function (exports, require, module, __filename, __dirname, __mwaaUrl) {${readFileSync(body, 'utf8')}\n})`;
const compiled = compileWithCodeCache(
  wrapped,
  body,
  'parse-service',
  (workerData as { codeCacheDir: string | null }).codeCacheDir,
);
const reader: { exports: { serveParseRequests?: (beforeFirstResult?: () => void) => void } } = { exports: {} };
compiled.script.runInThisContext()(
  reader.exports,
  createRequire(body),
  reader,
  body,
  dirname(body),
  pathToFileURL(body).href,
);
reader.exports.serveParseRequests!(() => compiled.save());

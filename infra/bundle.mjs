// The CLI as users run it (package.json `bin`, the container's entry point): dist/agent bundled into dist/bin
// by esbuild, one file per command (each command's code is loaded when it runs) and the DAG reader's worker
// thread as its own entry. Node's ESM loader costs ~1 ms per module; the agent is ~360 of them, so a bundle
// halves the start of every command and of every DAG-reading thread (bench/cli, bench/check).
// Packages stay imports (node_modules as installed: native addons, wasm files found next to their modules),
// except in the DAG reader's thread (below).
// Runs after tsc in `npm run build`.
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist/bin');
rmSync(out, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // worker-dag-parser.ts starts `./parse-worker.js` beside its own module, pg-session.ts `./pg-worker.js` (the
  // --state-url store's thread): all are at the top of dist/bin.
  entryPoints: {
    'mwaa-agent': 'dist/agent/cli/main.js',
    'pg-worker': 'dist/agent/state/pg-worker.js',
  },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  packages: 'external',
  logLevel: 'warning',
});
// The DAG reader's thread: one file with its packages in it (its start is most of what a one-file `check` waits
// for), but web-tree-sitter, which finds its .wasm beside its own module. Bundled CommonJS packages require Node's
// built-ins through `require`, which an ES module lacks: the banner defines it.
await build({
  absWorkingDir: root,
  entryPoints: { 'parse-worker': 'dist/agent/dags/parse-worker.js' },
  outdir: out,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: ['web-tree-sitter'],
  banner: {
    js: "import { createRequire as __mwaaRequire } from 'node:module'; const require = __mwaaRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
// ui-routes.ts serves `./ui/` beside its own module.
cpSync(join(root, 'agent/api/ui'), join(out, 'ui'), { recursive: true });

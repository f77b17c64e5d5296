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
  // parse-thread.ts starts `./parse-worker.js` beside its own module, pg-session.ts `./pg-worker.js` (the
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
// The DAG reader's thread (its start is most of what a one-file `check` waits for): parse-worker.js, a small
// entry that runs parse-service.cjs — the reader, one classic script with its packages in it but web-tree-sitter
// (which finds its .wasm beside its own module) — compiled with V8's code cache (parse-worker-cached.ts). A
// classic script because only those take a code cache on Node 20; `import.meta.url` is the entry's argument.
await build({
  absWorkingDir: root,
  entryPoints: { 'parse-worker': 'dist/agent/dags/parse-worker-cached.js' },
  outdir: out,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  logLevel: 'warning',
});
await build({
  absWorkingDir: root,
  entryPoints: { 'parse-service': 'dist/agent/dags/parse-service.js' },
  outdir: out,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  external: ['web-tree-sitter'],
  define: { 'import.meta.url': '__mwaaUrl' },
  logLevel: 'warning',
});
// ui-routes.ts serves `./ui/` beside its own module.
cpSync(join(root, 'agent/api/ui'), join(out, 'ui'), { recursive: true });

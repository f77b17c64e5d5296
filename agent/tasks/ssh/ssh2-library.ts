import { createRequire } from 'node:module';

type Ssh2 = typeof import('ssh2');

let loaded: Ssh2 | null = null;

/**
 * The ssh2 package, loaded on first use: an agent whose DAGs run no SSH task (or none yet) does not hold it —
 * its code and its Poly1305 WebAssembly module are ~15 MB of RSS (issue 22 item 3). Synchronous (ssh2 is
 * CommonJS), so key parsing stays synchronous.
 */
export function ssh2(): Ssh2 {
  loaded ??= createRequire(import.meta.url)('ssh2') as Ssh2;
  return loaded;
}

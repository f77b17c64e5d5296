import { join } from 'node:path';
import { MemoryRunStore } from '../agent/runs/memory-run-store.js';
import type { RunStore } from '../agent/runs/run-store.js';
import { SqliteRunStore } from '../agent/state/sqlite-run-store.js';
import { tempDir } from './temp-dir.js';

/** A store and what it takes to throw it away; `await using` closes it. */
export type StoreUnderTest = { store: RunStore } & AsyncDisposable;

/**
 * The RunStore implementations that need no server, for the contract test (test/unit/runs/run-store-contract.ts):
 * the scheduler, the task runner and the trigger loop must not be able to tell them apart. The PostgreSQL
 * store passes the same contract against a real server (test/integration/state/pg-run-store-contract.test.ts).
 */
export const RUN_STORES: readonly [string, () => Promise<StoreUnderTest>][] = [
  ['MemoryRunStore', async () => ({ store: new MemoryRunStore(), [Symbol.asyncDispose]: async () => undefined })],
  [
    'SqliteRunStore',
    async () => {
      const dir = await tempDir('run-store-contract-');
      const store = new SqliteRunStore({ file: join(dir.path, 'mwaa-agent.db') });
      return {
        store,
        [Symbol.asyncDispose]: async () => {
          store.close();
          await dir.remove();
        },
      };
    },
  ],
];

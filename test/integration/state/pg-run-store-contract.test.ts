import { afterAll, beforeAll, describe } from 'vitest';
import { parseStateUrl } from '../../../agent/core/state-url.js';
import { PgRunStore } from '../../../agent/state/pg-run-store.js';
import { type PostgresServer, postgresBinDir, startPostgres } from '../../../harness/postgres.js';
import { runStoreContract } from '../../unit/runs/run-store-contract.js';

let server: PostgresServer;
let databases = 0;

describe.skipIf(!postgresBinDir() && !process.env.CI)('RunStore contract: PgRunStore on a real PostgreSQL', () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => server?.stop());

  // Each test gets a database of its own, created empty and migrated by the store.
  runStoreContract(async () => {
    const url = await server.createDatabase(`contract_${++databases}`);
    const store = new PgRunStore({ target: parseStateUrl(url), agentVersion: '0.1.0', airflowVersion: '2.10.3' });
    return { store, [Symbol.asyncDispose]: async () => store.close() };
  });
});

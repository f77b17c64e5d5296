import { describe } from 'vitest';
import { RUN_STORES } from '../../../harness/run-stores.js';
import { runStoreContract } from './run-store-contract.js';

describe.each(RUN_STORES)('RunStore contract: %s', (_name, open) => runStoreContract(open));

import { createHash, randomBytes } from 'node:crypto';
import type { DagSpec } from '../dags/dag-model.js';

/**
 * A UUID of version 7 (time-ordered), the form Airflow 3 gives task instance ids (`uuid6.uuid7()`): the
 * millisecond time in the first 48 bits, then random bits.
 */
export function timeOrderedUuid(now: Date): string {
  const bytes = randomBytes(16);
  const ms = BigInt(now.getTime());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A stable stand-in for Airflow 3's DAG version id: the same for a DAG until its file or id changes. */
export function dagVersionId(dag: Pick<DagSpec, 'dagId' | 'fileloc' | 'line'>): string {
  const hex = createHash('sha1').update(`${dag.dagId}\u0000${dag.fileloc}\u0000${dag.line}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

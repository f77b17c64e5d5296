/**
 * Asset events (Airflow 3; 2.4+'s dataset events) and the per-DAG queue of assets with new events
 * (Airflow's `asset_dag_run_queue`), as the run store keeps them. An asset is identified by name and URI
 * (3.x's `AssetUniqueKey`); a 2.x dataset has only a URI, which serves as its name.
 */

/** An asset's identity. */
export interface AssetKey {
  name: string;
  uri: string;
}

export interface AssetEventRecord extends AssetKey {
  /** Increasing in creation order. */
  id: number;
  /** `Asset.group` ("asset" by default; "" for a 2.x dataset). */
  group: string;
  extra: Record<string, unknown>;
  /** The task instance whose success made the event; null for an event made through the API. */
  sourceDagId: string | null;
  sourceTaskId: string | null;
  sourceRunId: string | null;
  sourceMapIndex: number | null;
  /** Stored date form. */
  timestamp: string;
}

export type NewAssetEvent = Omit<AssetEventRecord, 'id'>;

/** One asset with a new event that a DAG scheduled on it has not run for yet. */
export interface AssetQueueEntry extends AssetKey {
  dagId: string;
  /** When the asset was first queued for the DAG (a later event keeps the time, as Airflow's merge does). */
  createdAt: string;
}

export interface AssetEventFilter {
  /** Events of these assets only. */
  assets?: readonly AssetKey[];
  /** Events strictly after this time (stored date form). */
  after?: string | null;
  /** Events at or before this time. */
  upTo?: string;
  sourceDagId?: string;
  sourceTaskId?: string;
  sourceRunId?: string;
  limit?: number;
  offset?: number;
}

export const sameAsset = (a: AssetKey, b: AssetKey): boolean => a.name === b.name && a.uri === b.uri;

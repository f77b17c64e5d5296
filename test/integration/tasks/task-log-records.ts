/** Shared by the Airflow 3 task-log differentials: how a JSON log record is compared with Airflow's. */
export type Rec = Record<string, unknown>;

/** What differs between two runs of the same task: times, ids, parse timings, the TI's repr details. */
export function normalise(rec: Rec): Rec {
  const { timestamp: _t, ti_id: _i, ...rest } = rec;
  if (rest.event === 'Worker startup parse complete')
    Object.assign(rest, { bundle_prepare_ms: 0, dag_file_parse_ms: 0 });
  if (typeof rest.ti === 'string')
    rest.ti = rest.ti
      .replace(/UUID\('[0-9a-f-]+'\)/g, "UUID('…')")
      .replace(/datetime\.datetime\([^)]*\)/g, 'datetime(…)')
      .replace(/hostname='[^']*'/, "hostname='…'")
      .replace(/context_carrier=(None|\{[^}]*\})/, 'context_carrier=…');
  if (Array.isArray(rest.error_detail)) rest.error_detail = rest.error_detail.map((e: Rec) => ({ ...e, frames: [] }));
  return rest;
}

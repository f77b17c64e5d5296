import { isPlainObject } from './pydantic-fields.js';
import type { ModelSpec } from './request-model.js';

/**
 * The request bodies of Airflow 3.3's API (airflow/api_fastapi/core_api/datamodels/, and the simple auth
 * manager's LoginBody), named as there, fields in declaration order with their validators.
 */

/** `TaskInstanceState` values in Airflow's declaration order (pydantic lists them so in enum errors). */
export const TI_STATES = [
  'removed',
  'scheduled',
  'queued',
  'running',
  'success',
  'restarting',
  'failed',
  'up_for_retry',
  'up_for_reschedule',
  'upstream_failed',
  'skipped',
  'deferred',
  'awaiting_input',
] as const;

const MULTI_TEAM_OFF = 'team_name cannot be set when multi_team mode is disabled. Please contact your administrator.';

/** ConnectionBody's `validate_extra`: a JSON object text, "" read as "{}". */
function checkExtra(v: unknown): { value: unknown } | string {
  if (typeof v !== 'string') return { value: v };
  if (v === '') return { value: '{}' };
  try {
    return isPlainObject(JSON.parse(v))
      ? { value: v }
      : "The `extra` field must be a valid JSON object (e.g., {'key': 'value'})";
  } catch {
    return "The `extra` field must be a valid JSON object (e.g., {'key': 'value'}), but encountered non-JSON in `extra` field";
  }
}

export const LoginBody: ModelSpec = {
  fields: [
    { name: 'username', type: { kind: 'str' }, required: true },
    { name: 'password', type: { kind: 'str' }, required: true },
  ],
};

export const DAGPatchBody: ModelSpec = { fields: [{ name: 'is_paused', type: { kind: 'bool' }, required: true }] };

export const TriggerDAGRunPostBody: ModelSpec = {
  fields: [
    { name: 'dag_run_id', type: { kind: 'str' }, nullable: true },
    { name: 'data_interval_start', type: { kind: 'datetime', aware: true }, nullable: true },
    { name: 'data_interval_end', type: { kind: 'datetime', aware: true }, nullable: true },
    { name: 'logical_date', type: { kind: 'datetime', aware: true }, nullable: true, required: true },
    { name: 'run_after', type: { kind: 'datetime', aware: false }, nullable: true },
    { name: 'conf', type: { kind: 'dict' }, nullable: true },
    { name: 'note', type: { kind: 'str' }, nullable: true },
    { name: 'partition_key', type: { kind: 'str' }, nullable: true },
  ],
  after: (v) =>
    ((v.data_interval_start ?? null) === null) !== ((v.data_interval_end ?? null) === null)
      ? 'Either both data_interval_start and data_interval_end must be provided or both must be None'
      : null,
};

export const DAGRunPatchBody: ModelSpec = {
  fields: [
    { name: 'state', type: { kind: 'enum', values: ['queued', 'success', 'failed'] }, nullable: true },
    { name: 'note', type: { kind: 'str', maxLength: 1000 }, nullable: true },
  ],
};

export const DAGRunClearBody: ModelSpec = {
  fields: [
    { name: 'dry_run', type: { kind: 'bool' } },
    { name: 'only_failed', type: { kind: 'bool' } },
    { name: 'only_new', type: { kind: 'bool' } },
    { name: 'run_on_latest_version', type: { kind: 'bool' }, nullable: true },
    { name: 'note', type: { kind: 'str', maxLength: 1000 }, nullable: true },
  ],
  before: (input) => (input.only_new && input.only_failed ? 'only_new and only_failed are mutually exclusive' : null),
};

export const PatchTaskInstanceBody: ModelSpec = {
  fields: [
    {
      name: 'new_state',
      type: { kind: 'enum', values: TI_STATES },
      nullable: true,
      // Airflow's validate_new_state (a non-string fails there with an AttributeError, a 500; here a type error).
      before: (v) => {
        if (v === null) return "'new_state' should not be empty";
        if (typeof v !== 'string') return { value: v };
        const s = v.toLowerCase();
        return ['success', 'failed', 'skipped'].includes(s)
          ? { value: s }
          : `'${s}' is not one of ['success', 'failed', 'skipped']`;
      },
    },
    { name: 'note', type: { kind: 'str', maxLength: 1000 }, nullable: true },
    { name: 'include_upstream', type: { kind: 'bool' } },
    { name: 'include_downstream', type: { kind: 'bool' } },
    { name: 'include_future', type: { kind: 'bool' } },
    { name: 'include_past', type: { kind: 'bool' } },
  ],
};

export const ClearTaskInstancesBody: ModelSpec = {
  fields: [
    { name: 'dry_run', type: { kind: 'bool' } },
    { name: 'start_date', type: { kind: 'datetime', aware: true }, nullable: true },
    { name: 'end_date', type: { kind: 'datetime', aware: true }, nullable: true },
    { name: 'only_failed', type: { kind: 'bool' } },
    { name: 'only_running', type: { kind: 'bool' } },
    { name: 'reset_dag_runs', type: { kind: 'bool' } },
    { name: 'task_ids', type: { kind: 'list', items: { kind: 'str' } }, nullable: true },
    { name: 'dag_run_id', type: { kind: 'str' }, nullable: true },
    { name: 'include_upstream', type: { kind: 'bool' } },
    { name: 'include_downstream', type: { kind: 'bool' } },
    { name: 'include_future', type: { kind: 'bool' } },
    { name: 'include_past', type: { kind: 'bool' } },
    { name: 'run_on_latest_version', type: { kind: 'bool' }, nullable: true },
    { name: 'prevent_running_task', type: { kind: 'bool' } },
    { name: 'note', type: { kind: 'str', maxLength: 1000 }, nullable: true },
  ],
};

export const ConnectionBody: ModelSpec = {
  fields: [
    { name: 'connection_id', type: { kind: 'str', maxLength: 200, pattern: '^[\\w.-]+$' }, required: true },
    { name: 'conn_type', type: { kind: 'str' }, required: true },
    { name: 'description', type: { kind: 'str' }, nullable: true },
    { name: 'host', type: { kind: 'str' }, nullable: true },
    { name: 'login', type: { kind: 'str' }, nullable: true },
    { name: 'schema', type: { kind: 'str' }, nullable: true },
    { name: 'port', type: { kind: 'int' }, nullable: true },
    { name: 'password', type: { kind: 'str' }, nullable: true },
    { name: 'extra', type: { kind: 'str' }, nullable: true, before: checkExtra },
    { name: 'team_name', type: { kind: 'str', maxLength: 50 }, nullable: true },
  ],
  after: (v) => ((v.team_name ?? null) !== null ? MULTI_TEAM_OFF : null),
};

export const VariableBody: ModelSpec = {
  fields: [
    { name: 'key', type: { kind: 'str', maxLength: 250 }, required: true },
    { name: 'value', type: { kind: 'json' }, required: true },
    { name: 'description', type: { kind: 'str' }, nullable: true },
    { name: 'team_name', type: { kind: 'str', maxLength: 50 }, nullable: true },
  ],
  after: (v) => ((v.team_name ?? null) !== null ? MULTI_TEAM_OFF : null),
};

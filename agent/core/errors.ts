/**
 * The error catalogue. Every error a user can see has a stable code; the message says where (file:line,
 * S3 key, host:port), what value was wrong and what is allowed. Where Airflow has an exact message users
 * search for, the message is Airflow's text.
 */
export const ERROR_CODES = [
  'CONFIG_INVALID',
  'S3_ACCESS_DENIED',
  'S3_BUCKET_NOT_FOUND',
  'S3_UNREACHABLE',
  'S3_KEY_REFUSED',
  'MIRROR_WRITE_FAILED',
  'REQUIREMENTS_INVALID',
  'S3_VERSION_NOT_FOUND',
  'S3_OBJECT_TOO_LARGE',
  'PLUGINS_INVALID',
  'STARTUP_SCRIPT_FAILED',
  'SECRETS_BACKEND_ERROR',
  'SECRET_INVALID',
  'CONNECTION_NOT_FOUND',
  'CONNECTION_INVALID',
  'CONNECTION_EXISTS',
  'CONNECTION_TYPE_UNAVAILABLE',
  'DAG_NOT_FOUND',
  'DAG_IMPORT_ERROR',
  'DAG_RUN_EXISTS',
  'DAG_RUN_NOT_FOUND',
  'SCHEDULE_NEVER_FIRES',
  'TASK_NOT_FOUND',
  'SSH_CONNECT_FAILED',
  'SSH_AUTH_FAILED',
  'SSH_HOST_KEY',
  'SSH_COMMAND_FAILED',
  'SSH_TIMEOUT',
  'TASK_FAILED',
  'TEMPLATE_ERROR',
  'STATE_STORE_ERROR',
  'STATE_STORE_UNREACHABLE',
  'STATE_SCHEMA_TOO_NEW',
  'STATE_AIRFLOW_VERSION_MISMATCH',
  'VARIABLE_NOT_FOUND',
  'API_BAD_REQUEST',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class AgentError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AgentError';
    this.code = code;
  }
}

/** Type guard usable on `unknown` caught values. */
export function isAgentError(e: unknown, code?: ErrorCode): e is AgentError {
  return e instanceof AgentError && (code === undefined || e.code === code);
}

/** The message of any thrown value, for logs and task logs. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

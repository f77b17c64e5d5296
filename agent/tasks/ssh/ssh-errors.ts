import { AgentError, type ErrorCode } from '../../core/errors.js';

/**
 * An error of the SSH path. `message` is the text Airflow shows after the exception class in
 * "Task failed with exception"; `pythonClass` is that class, for the traceback's last line, or null for the
 * emulated version's AirflowException (`airflow.exceptions` or, from 3.1, `airflow.sdk.exceptions`).
 */
export class HookError extends AgentError {
  readonly pythonClass: string | null;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; pythonClass?: string }) {
    super(code, message, options);
    this.name = 'HookError';
    this.pythonClass = options?.pythonClass ?? null;
  }
}

/** Provider < 3.1.0 re-raised every failure inside execute() as `AirflowException("SSH operator error: …")`. */
export function wrapLegacy(e: unknown): HookError {
  const code: ErrorCode = e instanceof AgentError ? e.code : 'SSH_COMMAND_FAILED';
  const message = e instanceof Error ? e.message : String(e);
  return new HookError(code, `SSH operator error: ${message}`, { cause: e });
}

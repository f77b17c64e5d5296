import type { AgentEventMap } from '../core/events.js';
import type { RequirementsVerdict } from './requirements-verdict.js';

/**
 * Apply semantics, the pure part. By default a changed requirements.txt takes effect as soon as the mirror
 * writes it (LocalStack's behaviour); with `--requirements-version` the mirror pins one S3 VersionId, as MWAA
 * does, and reports a missing one with `unableToReadVersionMessage` (pip-messages.ts). Either way the app
 * reloads the verdict and applies it only when it changed: any field counts, since the DAG parser reads the
 * installed distributions and the API the connection types.
 */
export function verdictChanged(previous: RequirementsVerdict | null, next: RequirementsVerdict): boolean {
  return previous === null || JSON.stringify(previous) !== JSON.stringify(next);
}

/** The `requirements:changed` event payload for a verdict. */
export function requirementsChangedEvent(v: RequirementsVerdict): AgentEventMap['requirements:changed'] {
  return {
    airflowVersion: v.airflowVersion,
    pythonVersion: v.pythonVersion,
    connectionTypes: v.connectionTypes,
    ok: v.ok,
  };
}

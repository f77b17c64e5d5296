import { access } from 'node:fs/promises';
import { isAgentError } from '../core/errors.js';
import type { S3TaskLogs } from '../tasks/s3-task-logs.js';

/** Where an attempt's log is read from: the local file (which may be missing) or S3 under `--logs-prefix`. */
export type AttemptLogSource =
  | { kind: 'local'; path: string }
  | { kind: 's3'; url: string; relativePath: string; remote: S3TaskLogs };

/**
 * Airflow's `FileTaskHandler._read` order with remote logging: a finished try is read from the remote copy
 * (local files only when there is none), a running one from where it is written — here the local file on the
 * agent that runs it, and S3 (uploaded as it grows) on any other agent. Without `--logs-prefix`, the local file.
 */
export async function attemptLogSource(
  path: string,
  remote: S3TaskLogs | null | undefined,
  finished: boolean,
): Promise<AttemptLogSource> {
  const local: AttemptLogSource = { kind: 'local', path };
  if (!remote) return local;
  const localExists = await access(path).then(
    () => true,
    () => false,
  );
  if (!finished && localExists) return local;
  const relativePath = remote.relativePath(path);
  const s3: AttemptLogSource = { kind: 's3', url: remote.urlOf(relativePath), relativePath, remote };
  try {
    return (await remote.exists(relativePath)) ? s3 : local;
  } catch (e) {
    // S3 does not answer: the local file if there is one, else S3, whose read says why it failed.
    if (!isAgentError(e)) throw e;
    return localExists ? local : s3;
  }
}

import { join } from 'node:path';
import { readJson, writeJsonAtomic } from './json-file.js';

/** The mirror's state as `mwaa-agent status` shows it (also written to `<stateDir>/mirror-status.json`). */
export interface MirrorStatus {
  /** 's3' while mirroring a bucket; the lead's local mode has no mirror status file. */
  source: string;
  state: 'starting' | 'syncing' | 'idle' | 'failing' | 'stopped';
  /** ISO time of the last cycle that completed with a full listing. */
  lastSuccessfulSync: string | null;
  /** ISO time of the last cycle, successful or not. */
  lastAttempt: string | null;
  /** Files mirrored (after the last successful cycle). */
  objects: number;
  bytes: number;
  /** Message of the last failure; null after a success. */
  lastError: string | null;
  lastErrorCode: string | null;
  /** Consecutive failed cycles. */
  consecutiveFailures: number;
  /** Keys refused, too large, conflicting, or that failed to write in the last cycle. */
  skipped: number;
  failedFiles: number;
  /** Error text for the bucket's requirements.txt (e.g. MWAA's "Unable to read version …"), else null. */
  requirementsError: string | null;
  /** Error text for plugins.zip (a missing version, an archive refused), else null. */
  pluginsError: string | null;
  /** Error text for the startup script object, else null. */
  startupScriptError: string | null;
}

const FILE_NAME = 'mirror-status.json';

export function mirrorStatusFile(stateDir: string): string {
  return join(stateDir, FILE_NAME);
}

export async function writeMirrorStatus(stateDir: string, status: MirrorStatus): Promise<void> {
  await writeJsonAtomic(mirrorStatusFile(stateDir), status);
}

/** The status the running (or last) mirror wrote, or null when no mirror has run with this state folder. */
export async function readMirrorStatus(stateDir: string): Promise<MirrorStatus | null> {
  const data = await readJson(mirrorStatusFile(stateDir)).catch(() => undefined);
  return (data as MirrorStatus | undefined) ?? null;
}

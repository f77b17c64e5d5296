import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { OptionReport } from '../airflow/airflow-options.js';
import type { StartupScriptReport } from '../app/mwaa-environment.js';
import { readJson, writeJsonAtomic } from '../mirror/json-file.js';

/**
 * What a running agent records about itself in its state folder (`agent.json`), so `mwaa-agent status` and
 * other processes describe the agent that runs, not their own environment. Written when the agent is up,
 * rewritten when its requirements change, removed when it stops; a record whose process is gone (SIGKILL,
 * power loss) is stale and never counts.
 */
export interface AgentRecord {
  pid: number;
  /** The process's start time in clock ticks since boot (Linux /proc), so a reused pid is not mistaken for it. */
  processStart: string | null;
  startedAt: string;
  mode: 's3' | 'local';
  bucket: string | null;
  dagsPrefix: string;
  endpointUrl: string | null;
  region: string;
  /** Seconds between S3 listings. */
  pollInterval: number;
  dagsDir: string;
  requirementsDir: string;
  airflowVersion: string;
  pythonVersion: string;
  /** Where the versions came from, e.g. "the constraints URL in requirements.txt: https://…". */
  airflowVersionSource: string;
  connectionTypes: string[];
  apiUrl: string;
  /** The plugins folder (`/usr/local/airflow/plugins`). */
  pluginsDir?: string;
  /** What the startup script did at this start; null when none ran. */
  startupScript?: StartupScriptReport | null;
  /** Each Airflow option given: honoured, accepted but ignored, or refused (names and sources, never values). */
  airflowOptions?: OptionReport[];
  /** What of `[secrets] backend` does not apply. */
  secretsNotes?: string[];
  /** The MWAA API (`run --mwaa-api-port`), or absent. */
  mwaaApiUrl?: string | null;
  /** The environment the MWAA API created, with its status; null before CreateEnvironment. */
  mwaaEnvironment?: { name: string; status: string } | null;
}

export function agentRecordPath(stateDir: string): string {
  return join(stateDir, 'agent.json');
}

export async function writeAgentRecord(stateDir: string, record: AgentRecord): Promise<void> {
  await writeJsonAtomic(agentRecordPath(stateDir), record);
}

/** Removes the record when it is this process's own (a newer agent on the same folder keeps its record). */
export async function removeAgentRecord(stateDir: string, pid = process.pid): Promise<void> {
  const record = (await readJson(agentRecordPath(stateDir)).catch(() => undefined)) as AgentRecord | undefined;
  if (record?.pid === pid) await rm(agentRecordPath(stateDir), { force: true });
}

/** The record of the agent running on this state folder, or null when none runs (no record, or a stale one). */
export async function readRunningAgent(stateDir: string): Promise<AgentRecord | null> {
  const record = (await readJson(agentRecordPath(stateDir)).catch(() => undefined)) as AgentRecord | undefined;
  if (!record || typeof record.pid !== 'number') return null;
  if (!processAlive(record.pid)) return null;
  if (record.processStart !== null && processStart(record.pid) !== record.processStart) return null;
  return record;
}

/** Field 22 of /proc/<pid>/stat (start time), or null where /proc is not available. */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

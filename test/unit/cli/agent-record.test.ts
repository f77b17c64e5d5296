import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AgentRecord,
  processStart,
  readRunningAgent,
  removeAgentRecord,
  writeAgentRecord,
} from '../../../agent/cli/agent-record.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mwaa-agent-record-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function record(pid: number, start: string | null): AgentRecord {
  return {
    pid,
    processStart: start,
    startedAt: '2026-12-07T12:00:00.000Z',
    mode: 's3',
    bucket: 'b',
    dagsPrefix: 'dags/',
    endpointUrl: 'http://127.0.0.1:4566',
    region: 'us-east-1',
    pollInterval: 5,
    dagsDir: '/d',
    requirementsDir: '/r',
    airflowVersion: '2.2.2',
    pythonVersion: '3.7',
    airflowVersionSource: 'the constraints URL in requirements.txt: https://…',
    connectionTypes: ['ssh'],
    apiUrl: 'http://127.0.0.1:8080',
  };
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('agent record', () => {
  it('is the running agent while its process lives', async () => {
    await writeAgentRecord(dir, record(process.pid, processStart(process.pid)));
    expect(await readRunningAgent(dir)).toMatchObject({ pid: process.pid, mode: 's3', bucket: 'b' });
  });

  it('does not count when its process is gone', async () => {
    await writeAgentRecord(dir, record(deadPid(), null));
    expect(await readRunningAgent(dir)).toBeNull();
  });

  it('does not count when the pid now belongs to a process started at another time', async () => {
    await writeAgentRecord(dir, record(process.pid, '1'));
    expect(await readRunningAgent(dir)).toBeNull();
  });

  it('is null without a record, and with a damaged one', async () => {
    expect(await readRunningAgent(dir)).toBeNull();
    await writeAgentRecord(dir, 'not a record' as unknown as AgentRecord);
    expect(await readRunningAgent(dir)).toBeNull();
  });

  it('is removed only by the process it describes', async () => {
    await writeAgentRecord(dir, record(process.pid, processStart(process.pid)));
    await removeAgentRecord(dir, process.pid + 1);
    expect(await readRunningAgent(dir)).not.toBeNull();
    await removeAgentRecord(dir);
    expect(await readRunningAgent(dir)).toBeNull();
  });
});

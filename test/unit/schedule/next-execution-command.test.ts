import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AgentError } from '../../../agent/core/errors.js';
import { runCli } from '../../../agent/cli/program.js';
import { fakeCli } from '../../../harness/fake-cli.js';
import { dagSpec } from '../../../harness/dag-specs.js';

// The DAG-loading seam the composition root wires to the parser: here a fixed far-future daily DAG.
vi.mock('../../../agent/cli/commands/dag-loader.js', () => ({
  loadDag: async (_ctx: unknown, dagId: string) => {
    if (dagId === 'future')
      return dagSpec({
        dagId,
        schedule: { kind: 'cron', expression: '0 6 * * *' },
        startDate: '2999-01-01T00:00:00+00:00',
      });
    if (dagId === 'manual') return dagSpec({ dagId, schedule: { kind: 'none' } });
    throw new AgentError(
      'DAG_NOT_FOUND',
      `Dag '${dagId}' could not be found; either it does not exist or it failed to parse.`,
    );
  },
}));

const stateDir = mkdtempSync(join(tmpdir(), 'next-exec-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

function context() {
  return fakeCli(stateDir, { MWAA_AGENT_STATE_DIR: stateDir });
}

describe('mwaa-agent dags next-execution', () => {
  it('prints one logical date per line', async () => {
    const ctx = context();
    expect(await runCli(['dags', 'next-execution', 'future', '-n', '3'], ctx)).toBe(0);
    expect(ctx.stdout).toEqual(['2999-01-01T06:00:00+00:00', '2999-01-02T06:00:00+00:00', '2999-01-03T06:00:00+00:00']);
  });

  it("prints None with Airflow's warning when there is no schedule", async () => {
    const ctx = context();
    expect(await runCli(['dags', 'next-execution', 'manual'], ctx)).toBe(0);
    expect(ctx.stdout).toEqual(['None']);
    expect(ctx.stderr).toEqual([
      "[WARN] No following schedule can be found. This DAG may have schedule interval '@once' or `None`.",
    ]);
  });

  it('fails with the not-found message for an unknown DAG', async () => {
    const ctx = context();
    expect(await runCli(['dags', 'next-execution', 'nope'], ctx)).toBe(1);
    expect(ctx.stderr).toEqual(["Dag 'nope' could not be found; either it does not exist or it failed to parse."]);
  });
});

import { describe, expect, it } from 'vitest';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { AgentError } from '../../../agent/core/errors.js';
import type { DagSpec } from '../../../agent/dags/dag-model.js';
import { AttemptLookups, renderWithLookups } from '../../../agent/tasks/attempt-lookups.js';
import { TaskLogMasker } from '../../../agent/tasks/task-log-masker.js';
import { buildTemplateContext } from '../../../agent/tasks/template-context.js';
import { renderTemplateFields } from '../../../agent/tasks/template-renderer.js';
import { task as taskSpec } from '../../../harness/dag-specs.js';
import { dagRunRecord } from '../../../harness/run-records.js';

const dag = { dagId: 'd', fileloc: '/dags/d.py', params: {}, tags: [], description: null } as unknown as DagSpec;
const run = dagRunRecord({ runId: 'manual__x', runType: 'manual', state: 'running' });

/** Lookups answering asynchronously, counting the backend calls. */
function lookups(calls: string[]) {
  return new AttemptLookups(
    {
      async get(id) {
        calls.push(`conn:${id}`);
        if (id !== 'ssh_new') throw new AgentError('CONNECTION_NOT_FOUND', `The conn_id \`${id}\` isn't defined`);
        const connection = {
          connId: id,
          connType: 'ssh',
          description: null,
          host: 'h.example',
          schema: null,
          login: 'u',
          password: 's3cret',
          port: 22,
          extra: null,
        };
        return { connection, source: 'secrets-backend' };
      },
    },
    {
      async find(key) {
        calls.push(`var:${key}`);
        return key === 'region' ? 'eu-west-1' : null;
      },
    },
  );
}

async function render(template: string, calls: string[] = [], masker = new TaskLogMasker()): Promise<unknown> {
  const l = lookups(calls);
  const context = buildTemplateContext({
    dag,
    task: taskSpec('t', { operator: 'BashOperator', line: 1 }),
    run,
    tryNumber: 1,
    profile: airflowProfile('2.10.3'),
    connections: l,
    masker,
    env: {},
    variables: (key) => l.variable(key),
  });
  return renderWithLookups(
    l,
    () =>
      renderTemplateFields({ args: { cmd: template }, fields: ['cmd'], templateExt: [], searchPath: '/', context }).cmd,
  );
}

describe('templates reading connections and variables from async backends', () => {
  it('loads each name once and renders again', async () => {
    const calls: string[] = [];
    const masker = new TaskLogMasker();
    expect(await render('{{ conn.ssh_new.host }} {{ var.value.region }} {{ conn.ssh_new.login }}', calls, masker)).toBe(
      'h.example eu-west-1 u',
    );
    expect(calls).toEqual(['conn:ssh_new', 'var:region']);
    expect(masker.mask('pw=s3cret')).toBe('pw=***');
  });

  it("raises Airflow's errors for names no backend has", async () => {
    await expect(render('{{ conn.nope.host }}')).rejects.toThrow("The conn_id `nope` isn't defined");
    await expect(render('{{ var.value.nope }}')).rejects.toThrow("'Variable nope does not exist'");
    expect(await render("{{ var.value.get('nope', 'dflt') }}")).toBe('dflt');
  });
});

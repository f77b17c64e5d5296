import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentOnFolder, startAgentOnFolder } from '../../../harness/agent-on-folder.js';
import { openBrowser, type TestBrowser } from '../../../harness/browser.js';

const README_SHOTS = resolve(new URL('../../..', import.meta.url).pathname, 'agent/api/ui/screenshots');

/** Keeps a README screenshot when none is there yet or MWAA_AGENT_UPDATE_SCREENSHOTS=1 asks to refresh it. */
async function keepForReadme(path: string, name: string): Promise<void> {
  expect((await stat(path)).size).toBeLessThan(200 * 1024);
  const target = join(README_SHOTS, name);
  if (existsSync(target) && process.env.MWAA_AGENT_UPDATE_SCREENSHOTS !== '1') return;
  await mkdir(README_SHOTS, { recursive: true });
  await copyFile(path, target);
}

/** Tasks whose file order, names and dependency order all differ: the grid must follow dependencies. */
const DAG = `from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator

with DAG(dag_id="ui_chain", start_date=datetime(2024, 1, 1), schedule=None, tags=["ui"]):
    zz_load = EmptyOperator(task_id="zz_load")
    b_transform = BashOperator(task_id="b_transform", bash_command="echo transform b")
    a_transform = BashOperator(task_id="a_transform", bash_command="echo transform a")
    extract = BashOperator(task_id="extract", bash_command="echo extracting for airflow 3")
    extract >> [a_transform, b_transform] >> zz_load
`;

const REQUIREMENTS = '-c https://raw.githubusercontent.com/apache/airflow/constraints-3.3.1/constraints-3.12.txt\n';

describe('web UI in Chromium on an Airflow 3.3.1 environment (REST API v2, token sign-in)', () => {
  let root: string;
  let agent: AgentOnFolder;
  let ui: TestBrowser;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mwaa-ui3-'));
    await writeFile(join(root, 'ui.py'), DAG);
    agent = await startAgentOnFolder(root, REQUIREMENTS);
    ui = await openBrowser({ baseURL: agent.url });
  });
  afterAll(async () => {
    try {
      await ui?.close();
    } finally {
      await agent?.stop();
      if (root) await rm(root, { recursive: true, force: true });
    }
  });

  it("signs in for a token, shows the environment's Airflow version and source, and a never-run DAG's tasks and graph in dependency order", async () => {
    const { page } = ui;
    await page.goto('/');
    await expect.poll(() => page.getByTestId('login').count()).toBe(1);
    await page.getByLabel('Username').fill(agent.user);
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toBe('Invalid credentials');
    await ui.screenshot('a3-01-login');
    await page.getByLabel('Password').fill(agent.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('[data-dag="ui_chain"]').count()).toBe(1);
    expect(await page.locator('#env').textContent()).toBe(
      'Airflow 3.3.1 from the constraints URL in requirements.txt · Sign out',
    );
    // The token is what authenticates: the page sent no basic auth and has no cookie of its own.
    expect(await page.evaluate("sessionStorage.getItem('mwaa-agent-token')")).toMatch(/^eyJhbGciOiJIUzUxMiIs/);

    await page.locator('[data-dag="ui_chain"] a').first().click();
    await expect.poll(() => page.getByTestId('no-runs').count()).toBe(1);
    const rows = await page
      .locator('[data-testid=grid] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-task')));
    expect(rows).toEqual(['extract', 'a_transform', 'b_transform', 'zz_load']);

    await page.locator('[data-tab=graph]').click();
    await expect.poll(() => page.getByTestId('graph').count()).toBe(1);
    const nodes = await page
      .locator('svg.graph g.node')
      .evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-task') ?? '', g.getAttribute('transform') ?? '']));
    const column = Object.fromEntries(nodes.map(([t, tr]) => [t, Number(/translate\(([\d.]+)/.exec(tr)![1])]));
    expect(column.extract).toBeLessThan(column.a_transform!);
    expect(column.a_transform).toBe(column.b_transform);
    expect(column.b_transform).toBeLessThan(column.zz_load!);
    const edges = await page
      .locator('svg.graph path.edge')
      .evaluateAll((ps) => ps.map((p) => p.getAttribute('data-edge')).sort());
    expect(edges).toEqual(['a_transform>zz_load', 'b_transform>zz_load', 'extract>a_transform', 'extract>b_transform']);
    await keepForReadme(await ui.screenshot('a3-02-graph-never-run'), 'dag-graph.png');

    await page.locator('[data-tab=code]').click();
    await expect.poll(() => page.getByTestId('code').textContent()).toContain('dag_id="ui_chain"');
    expect(await page.locator('pre.code .ln').count()).toBe(DAG.trimEnd().split('\n').length);
    await keepForReadme(await ui.screenshot('a3-03-code'), 'dag-code.png');
  });

  it('triggers the DAG, shows the run in the grid and the graph, and reads the structured task log', async () => {
    const { page } = ui;
    await page.goto('/#/dags/ui_chain');
    await page.locator('[data-action=trigger]').click();
    await page.locator('#do-trigger').click();
    const extract = page.locator('[data-testid=grid] tr[data-task=extract] a.sq');
    await expect.poll(() => extract.getAttribute('data-state'), { timeout: 60_000, interval: 250 }).toBe('success');
    const last = page.locator('[data-testid=grid] tr[data-task=zz_load] a.sq');
    await expect.poll(() => last.getAttribute('data-state'), { timeout: 60_000, interval: 250 }).toBe('success');
    await keepForReadme(await ui.screenshot('a3-04-grid'), 'dag-grid-airflow3.png');

    await page.locator('[data-tab=graph]').click();
    await expect
      .poll(() => page.locator('svg.graph g.node').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-state'))))
      .toEqual(['success', 'success', 'success', 'success']);

    await page.locator('[data-tab=grid]').click();
    await extract.click();
    const log = page.getByTestId('log');
    await expect.poll(() => log.textContent(), { timeout: 10_000 }).toContain('extracting for airflow 3');
    expect(await page.locator('details.sources pre').textContent()).toMatch(/attempt=1\.log$/);
    await ui.screenshot('a3-05-log');
  });

  it('shows mapped task instances in the grid with their map indexes, each with its own log page', async () => {
    const { page } = ui;
    const runId = 'mapped_run';
    const created = await fetch(`${agent.url}/api/v2/dags/ui_chain/dagRuns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ logical_date: '2024-03-01T00:00:00Z', dag_run_id: runId }),
    });
    expect(created.status).toBe(200);
    // Task mapping is issue 13: stand in for it with the rows a mapped task has in the store (map_index 0..2).
    const db = new Database(join(agent.stateDir, 'mwaa-agent.db'));
    try {
      const states = ['success', 'failed', 'success'];
      db.prepare(`DELETE FROM task_instance WHERE dag_id = 'ui_chain' AND run_id = ? AND task_id = 'b_transform'`).run(
        runId,
      );
      const insert = db.prepare(
        `INSERT INTO task_instance (dag_id, run_id, task_id, map_index, state, try_number, max_tries, operator)
         VALUES ('ui_chain', ?, 'b_transform', ?, ?, 1, 0, 'BashOperator')`,
      );
      states.forEach((s, i) => insert.run(runId, i, s));
    } finally {
      db.close();
    }
    await page.goto(`/#/dags/ui_chain?run=${runId}`);
    const mapped = page.locator('[data-testid=grid] tr[data-task=b_transform] td.mapped').last();
    await expect.poll(() => mapped.getAttribute('data-mapped')).toBe('3');
    expect(await mapped.locator('.sq').getAttribute('data-state')).toBe('failed');
    expect(
      await mapped.locator('a.map-index').evaluateAll((as) => as.map((a) => a.getAttribute('data-map-index'))),
    ).toEqual(['0', '1', '2']);
    await mapped.hover();
    await ui.screenshot('a3-06-mapped');
    await mapped.locator('a.map-index[data-map-index="1"]').click();
    await expect.poll(() => page.getByTestId('map-index').textContent()).toBe('[1]');
    expect(await page.locator('.state').first().textContent()).toBe('failed');
  });

  it('lists connection types with the names Airflow gives them, offers no Test (disabled by default in Airflow 3), creates and edits a connection', async () => {
    const { page } = ui;
    await page.goto('/#/connections/new');
    await expect
      .poll(() => page.locator('#conn_type option').allTextContents())
      .toEqual(expect.arrayContaining(['Amazon Web Services', 'HTTP', 'File (path)', 'Generic', 'Email']));
    expect(await page.getByRole('button', { name: 'Test' }).count()).toBe(0);

    await page.getByLabel('Connection Id').fill('web_api');
    await page.getByLabel('Connection Type').selectOption({ label: 'HTTP' });
    await page.getByLabel('Host').fill('example.com');
    await page.getByLabel('Password').fill('s3cret-pass');
    await page.getByRole('button', { name: 'Save' }).click();
    const row = page.locator('[data-conn="web_api"]');
    await expect.poll(() => row.locator('td').nth(1).textContent()).toBe('HTTP');
    await row.getByRole('link', { name: 'Edit' }).click();
    await expect.poll(() => page.getByLabel('Host').inputValue()).toBe('example.com');
    await page.getByLabel('Description').fill('the web API');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.textContent()).toContain('the web API');
    const stored = await fetch(`${agent.url}/api/v2/connections/web_api`, {
      headers: { authorization: `Bearer ${await token()}` },
    });
    // The password stays (the form leaves it out unless typed again) and reads *** as Airflow 3 shows it.
    expect(await stored.json()).toMatchObject({
      conn_type: 'http',
      host: 'example.com',
      description: 'the web API',
      password: '***',
    });
  });

  it('opened as http://user:password@host/, signs in with those credentials and removes them from the address', async () => {
    const b = await openBrowser({ baseURL: agent.url });
    try {
      // The page's own calls (fetch), not the browser's loads of the HTML's files.
      const calls: string[] = [];
      b.page.on('request', (r) => {
        if (r.resourceType() === 'fetch') calls.push(`${r.url()} ${r.headers().authorization?.split(' ')[0] ?? '-'}`);
      });
      const withCredentials = agent.url.replace(
        '://',
        `://${encodeURIComponent(agent.user)}:${encodeURIComponent(agent.password)}@`,
      );
      await b.page.goto(`${withCredentials}/#/dags`);
      await expect.poll(() => b.page.locator('[data-dag="ui_chain"]').count()).toBe(1);
      expect(await b.page.getByTestId('login').count()).toBe(0);
      expect(await b.page.evaluate('document.URL')).toBe(`${agent.url}/#/dags`);
      expect(calls.length).toBeGreaterThan(3);
      expect(calls.filter((c) => c.includes('@'))).toEqual([]);
      const dagCalls = calls.filter((c) => c.startsWith(`${agent.url}/api/v2/dags`));
      expect(dagCalls.length).toBeGreaterThan(0);
      expect(dagCalls.filter((c) => !c.endsWith(' Bearer'))).toEqual([]);
    } finally {
      await b.close();
    }
  });

  async function token(): Promise<string> {
    const r = await fetch(`${agent.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: agent.user, password: agent.password }),
    });
    return ((await r.json()) as { access_token: string }).access_token;
  }
});

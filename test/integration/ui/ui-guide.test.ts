import { existsSync } from 'node:fs';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type TestBrowser } from '../../../harness/browser.js';
import { GUIDE_DAG_ID, GUIDE_KEY_FILE, startRunningAgent, type RunningAgent } from '../api/running-agent.js';

/** The two screenshots the README shows (small PNGs kept in the tree). */
const README_SHOTS = resolve(new URL('../../..', import.meta.url).pathname, 'agent/api/ui/screenshots');
/** The guide's note, verbatim. */
const GUIDE_NOTE =
  "If the SSH connection type is not available in the list, Amazon MWAA hasn't installed the required apache-airflow-providers-ssh package. Update your requirements.txt file to include this package, then try again.";

/**
 * Checks a README screenshot's size and keeps it in the tree when none is there yet, or when
 * MWAA_AGENT_UPDATE_SCREENSHOTS=1 asks to refresh them (so a plain test run leaves the work tree clean).
 */
async function keepForReadme(path: string, name: string): Promise<void> {
  expect((await stat(path)).size).toBeLessThan(200 * 1024);
  const target = join(README_SHOTS, name);
  if (existsSync(target) && process.env.MWAA_AGENT_UPDATE_SCREENSHOTS !== '1') return;
  await mkdir(README_SHOTS, { recursive: true });
  await copyFile(path, target);
}

/** Starts a running agent (with or without the SSH provider) and a Chromium page on it for one describe block. */
function agentWithBrowser(sshProvider: boolean, use: (agent: RunningAgent, ui: TestBrowser) => void): void {
  let agent: RunningAgent | undefined;
  let ui: TestBrowser | undefined;
  beforeAll(async () => {
    agent = await startRunningAgent({ sshProvider });
    ui = await openBrowser({ baseURL: agent.url, username: agent.user, password: agent.password });
    use(agent, ui);
  });
  afterAll(async () => {
    try {
      await ui?.close();
    } finally {
      await agent?.stop();
    }
  });
}

describe('web UI in Chromium: the guide, with the SSH provider in requirements.txt', () => {
  let agent: RunningAgent;
  let ui: TestBrowser;
  agentWithBrowser(true, (a, b) => ([agent, ui] = [a, b]));

  it('creates ssh_new through Admin → Connections → +, triggers the guide DAG and shows "Running command: hostname" in its log', async () => {
    const { page } = ui;
    await page.goto('/');
    await expect.poll(() => page.locator(`[data-dag="${GUIDE_DAG_ID}"]`).count()).toBe(1);
    await ui.screenshot('01-dags');

    await page.getByText('Admin', { exact: true }).click();
    await page.getByRole('link', { name: 'Connections' }).click();
    await page.getByTestId('add-connection').click();
    await page.getByLabel('Connection Id').fill('ssh_new');
    const types = await page.locator('#conn_type option').allTextContents();
    expect(types).toContain('SSH');
    await page.getByLabel('Connection Type').selectOption({ label: 'SSH' });
    await expect.poll(() => page.locator('label[for=login]').textContent()).toBe('Username');
    await expect.poll(() => page.getByTestId('ssh-missing').count()).toBe(0);
    await page.getByLabel('Host').fill(agent.sshd.host);
    await page.getByLabel('Username').fill(agent.sshd.user);
    await page.getByLabel('Port').fill(String(agent.sshd.port));
    await page.getByLabel('Extra').fill(`{ "key_file": "${GUIDE_KEY_FILE}" }`);
    await keepForReadme(await ui.screenshot('02-connection-form'), 'connection-form.png');
    await page.getByRole('button', { name: 'Test' }).click();
    // The guide's Airflow 2.2.2 pins SSH provider 2.3.0, whose SSHHook has no test_connection: Airflow says so.
    await expect
      .poll(() => page.getByTestId('form-msg').textContent())
      .toBe("Hook SSHHook doesn't implement or inherit test_connection method");
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('[data-conn="ssh_new"]').count()).toBe(1);
    await ui.screenshot('03-connections');
    const stored = await agent.json<Record<string, unknown>>('GET', '/api/v1/connections/ssh_new');
    expect(stored.body).toMatchObject({
      conn_type: 'ssh',
      host: agent.sshd.host,
      login: agent.sshd.user,
      port: agent.sshd.port,
      extra: `{"key_file": "${GUIDE_KEY_FILE}"}`,
    });

    await page.getByRole('link', { name: 'DAGs', exact: true }).click();
    await page.locator(`[data-dag="${GUIDE_DAG_ID}"] [data-action=trigger]`).click();
    await page.locator('#do-trigger').click();
    await expect.poll(() => page.getByTestId('grid').count()).toBe(1);
    const cell = page.locator('[data-testid=grid] a.sq').first();
    try {
      await expect.poll(() => cell.getAttribute('data-state'), { timeout: 60_000, interval: 250 }).toBe('success');
    } catch (e) {
      const runs = await agent.json('GET', `/api/v1/dags/${GUIDE_DAG_ID}/dagRuns`);
      throw new Error(`${(e as Error).message}\n${JSON.stringify(runs.body)}\n${agent.agent.output().slice(-5000)}`);
    }
    await keepForReadme(await ui.screenshot('04-dag-grid'), 'dag-grid.png');

    await cell.click();
    const log = page.getByTestId('log');
    await expect.poll(() => log.textContent(), { timeout: 10_000 }).toContain('Running command: hostname');
    expect(await log.textContent()).toContain(`INFO - ${agent.sshd.hostname}`);
    await ui.screenshot('05-task-log');
  });

  it('pauses from the DAG list, edits ssh_new without losing its extra, and deletes a connection', async () => {
    const { page } = ui;
    await page.goto('/#/dags');
    const toggle = page.locator(`[data-dag="${GUIDE_DAG_ID}"] [data-action=toggle]`);
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await expect.poll(() => page.locator(`[data-dag="${GUIDE_DAG_ID}"] .state`).textContent()).toBe('success');
    await ui.screenshot('09-dags-after-run');
    await toggle.click();
    await expect
      .poll(
        async () => (await agent.json<{ is_paused: boolean }>('GET', `/api/v1/dags/${GUIDE_DAG_ID}`)).body.is_paused,
      )
      .toBe(true);

    expect(
      (
        await agent.json('POST', '/api/v1/connections', {
          connection_id: 'to_delete',
          conn_type: 'ssh',
          extra: '{"private_key": "SECRET"}',
        })
      ).status,
    ).toBe(200);
    await page.goto('/#/connections');
    await page.locator('[data-conn="ssh_new"]').getByRole('link', { name: 'Edit' }).click();
    await expect.poll(() => page.getByLabel('Host').inputValue()).toBe(agent.sshd.host);
    await page.getByLabel('Description').fill('EC2 host of the guide');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('[data-conn="ssh_new"]').textContent()).toContain('EC2 host of the guide');
    const edited = await agent.json<Record<string, unknown>>('GET', '/api/v1/connections/ssh_new');
    expect(edited.body).toMatchObject({
      description: 'EC2 host of the guide',
      port: agent.sshd.port,
      extra: `{"key_file": "${GUIDE_KEY_FILE}"}`,
    });

    page.once('dialog', (d) => void d.accept());
    await page.locator('[data-conn="to_delete"]').getByRole('link', { name: 'Delete' }).click();
    await expect.poll(() => page.locator('[data-conn="to_delete"]').count()).toBe(0);
    expect((await agent.fetch('/api/v1/connections/to_delete')).status).toBe(404);
  });

  it('opened as http://user:password@host/, works with those credentials and removes them from the address', async () => {
    const b = await openBrowser({ baseURL: agent.url });
    try {
      const calls: string[] = [];
      b.page.on('request', (r) => {
        if (r.resourceType() === 'fetch') calls.push(r.url());
      });
      const address = agent.url.replace(
        '://',
        `://${encodeURIComponent(agent.user)}:${encodeURIComponent(agent.password)}@`,
      );
      await b.page.goto(`${address}/#/dags`);
      await expect.poll(() => b.page.locator(`[data-dag="${GUIDE_DAG_ID}"]`).count()).toBe(1);
      expect(await b.page.evaluate('document.URL')).toBe(`${agent.url}/#/dags`);
      expect(calls.length).toBeGreaterThan(2);
      expect(calls.filter((c) => c.includes('@'))).toEqual([]);
      expect(await b.page.locator('#env').textContent()).toBe(
        'Airflow 2.2.2 from the constraints URL in requirements.txt',
      );
    } finally {
      await b.close();
    }
  });

  it('shows the variables and requirements pages', async () => {
    const { page } = ui;
    await page.goto('/#/variables');
    await page.getByPlaceholder('Key').fill('region');
    await page.getByPlaceholder('Val').fill('eu-west-1');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('[data-key="region"]').count()).toBe(1);
    await ui.screenshot('06-variables');
    await page.locator('[data-key="region"]').getByRole('link', { name: 'Delete' }).click();
    await expect.poll(() => page.locator('[data-key="region"]').count()).toBe(0);
    expect((await agent.fetch('/api/v1/variables/region')).status).toBe(404);
    await page.goto('/#/requirements');
    await expect.poll(() => page.getByTestId('verdict').textContent()).toContain('installable');
    await ui.screenshot('07-requirements');
  });
});

describe('web UI in Chromium: without the SSH provider', () => {
  let agent: RunningAgent;
  let ui: TestBrowser;
  agentWithBrowser(false, (a, b) => ([agent, ui] = [a, b]));

  it("does not offer SSH, shows the guide's note, and the Broken DAG banner for ssh.py", async () => {
    const { page } = ui;
    await page.goto('/#/connections/new');
    await expect.poll(() => page.getByTestId('ssh-missing').count()).toBe(1);
    expect(await page.getByTestId('ssh-missing').textContent()).toContain(GUIDE_NOTE);
    const types = await page
      .locator('#conn_type option')
      .evaluateAll((os) => os.map((o) => o.getAttribute('value') ?? ''));
    expect(types).not.toContain('ssh');
    expect(await page.getByTestId('broken-dag').first().textContent()).toMatch(
      /Broken DAG: \[.*ssh\.py\].*No module named 'airflow\.providers\.ssh'/s,
    );
    await ui.screenshot('08-connection-form-without-ssh');
    const conn = { connection_id: 'ssh_new', conn_type: 'ssh', host: agent.sshd.host, port: agent.sshd.port };
    expect(await agent.json('POST', '/api/v1/connections/test', conn)).toEqual({
      status: 200,
      body: { status: false, message: 'Unknown hook type "ssh"' },
    });
    const refused = await agent.json<{ status: number; detail: string }>('POST', '/api/v1/connections', conn);
    expect([refused.status, refused.body.status]).toEqual([400, 400]);
    expect(refused.body.detail).toMatch(/apache-airflow-providers-ssh/);
  });
});

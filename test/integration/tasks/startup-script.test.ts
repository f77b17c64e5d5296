import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStartupScript } from '../../../agent/tasks/startup-script.js';
import { assertBuilt, mwaaAgent } from '../../../harness/agent-process.js';

const PROTECTED = ['AIRFLOW_HOME', 'MWAA__*'];

/**
 * Startup scripts run by real bash: a hostile one (hangs, ignores SIGTERM, prints 100 MB) is bounded in time
 * and memory, and `mwaa-agent test-startup-script` reports what a script exported, what was refused and how
 * it ended.
 */
describe('startup scripts under bash', () => {
  let dir: string;
  const script = (name: string, body: string): string => {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/bash\n${body}\n`);
    return file;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'startup-'));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stops a script that hangs at the time limit with SIGTERM, and none of its exports apply', async () => {
    const result = await runStartupScript({
      script: script('hang.sh', 'export EARLY=1\nsleep 600'),
      env: { PATH: process.env.PATH },
      protectedNames: PROTECTED,
      timeoutMs: 500,
      graceMs: 2_000,
    });
    expect(result).toMatchObject({ timedOut: true, exported: {}, refused: [] });
    expect(result.signal ?? `exit ${result.exitCode}`).toMatch(/SIGTERM|exit 143/);
    expect(result.durationMs).toBeLessThan(30_000);
  });

  it('kills a script that ignores SIGTERM once the grace period is over', async () => {
    const result = await runStartupScript({
      script: script('stubborn.sh', "trap '' TERM\nwhile true; do sleep 1; done"),
      env: { PATH: process.env.PATH },
      protectedNames: PROTECTED,
      timeoutMs: 300,
      graceMs: 300,
    });
    expect(result).toMatchObject({ timedOut: true, signal: 'SIGKILL', exported: {} });
  });

  it('counts 100 MB of output but keeps and logs only a bounded part, and still reads the exports', async () => {
    const lines: string[] = [];
    const result = await runStartupScript({
      script: script('loud.sh', 'yes 0123456789abcdef | head -c 100000000\nexport AFTER_NOISE=yes'),
      env: { PATH: process.env.PATH },
      protectedNames: PROTECTED,
      timeoutMs: 120_000,
      keepBytes: 4096,
      logBytes: 64 * 1024,
      onLine: (line) => lines.push(line),
    });
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, exported: { AFTER_NOISE: 'yes' } });
    expect(result.outputBytes).toBe(100_000_000);
    expect(result.output.length).toBe(4096);
    const logged = lines.reduce((n, l) => n + l.length + 1, 0);
    expect(logged).toBeLessThan(64 * 1024 + 1024);
    expect(lines.at(-1)).toMatch(/^… \d+ more bytes of output not logged \(100000000 in all\)$/);
  });

  it('test-startup-script says what a failing script exported, what was refused, and exits with its status', async () => {
    assertBuilt();
    const file = script(
      'failing.sh',
      [
        'echo "setting up"',
        'export MY_TOOL_HOME=/opt/tool',
        'export AIRFLOW_HOME=/elsewhere',
        'export MWAA__CORE__ANYTHING=x',
        'echo "oops" >&2',
        'exit 3',
      ].join('\n'),
    );
    const env = { MWAA_AGENT_STATE_DIR: join(dir, 'state'), MWAA_AGENT_DAGS_DIR: join(dir, 'dags') };
    const text = await mwaaAgent(['test-startup-script', file], env);
    expect(text.code).toBe(3);
    expect(text.stdout).toContain('setting up');
    expect(text.stderr).toContain('oops');
    expect(text.stdout).toMatch(/^startup script .*failing\.sh: exit status 3, \d+\.\d\d s$/m);
    expect(text.stdout).toContain('exported: MY_TOOL_HOME\n');
    expect(text.stdout).toContain(
      'refused: AIRFLOW_HOME: reserved by Amazon MWAA: a startup script cannot change it\n',
    );
    expect(text.stdout).toMatch(/^refused: MWAA__CORE__ANYTHING: reserved by Amazon MWAA \(every MWAA__\* variable\)/m);

    const json = await mwaaAgent(['test-startup-script', file, '-o', 'json'], env);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({
      exit_code: 3,
      timed_out: false,
      exported: ['MY_TOOL_HOME'],
      refused: [{ name: 'AIRFLOW_HOME' }, { name: 'MWAA__CORE__ANYTHING' }],
    });
  });

  it('test-startup-script exits 124 when the script runs out of time', async () => {
    const env = {
      MWAA_AGENT_STATE_DIR: join(dir, 'state'),
      MWAA_AGENT_DAGS_DIR: join(dir, 'dags'),
      MWAA_AGENT_STARTUP_SCRIPT_TIMEOUT: '1',
    };
    const r = await mwaaAgent(['test-startup-script', script('slow.sh', 'sleep 600')], env);
    expect(r.code).toBe(124);
    expect(r.stdout).toMatch(
      /: timed out after 1 s \(MWAA's limit: 5 minutes less a 5-second grace\); its exports do not apply, /,
    );
  });
});

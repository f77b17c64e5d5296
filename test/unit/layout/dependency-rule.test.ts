import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../harness/temp-dir.js';

const execFileP = promisify(execFile);
const REPO = new URL('../../..', import.meta.url).pathname;
const CRUISER = join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = join(REPO, '.dependency-cruiser.cjs');

/** Runs the repository's layout rule (`npm run lint:deps`) over a small tree of files. */
async function cruise(root: string, files: Record<string, string>): Promise<{ code: number; output: string }> {
  await writeFile(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext' } }));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  try {
    const { stdout, stderr } = await execFileP(process.execPath, [CRUISER, '--config', CONFIG, 'agent'], { cwd: root });
    return { code: 0, output: stdout + stderr };
  } catch (e) {
    const err = e as Error & { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, output: (err.stdout ?? '') + (err.stderr ?? '') };
  }
}

describe('the layout rule (dependency-cruiser)', () => {
  it('passes a stage that imports an upstream one', async () => {
    await using root = await tempDir('layout-rule-');
    const r = await cruise(root.path, {
      'agent/core/clock.ts': 'export const now = () => 0;\n',
      'agent/schedule/scheduler.ts': "import { now } from '../core/clock.js';\nexport const tick = now;\n",
    });
    expect(r).toMatchObject({ code: 0 });
    expect(r.output).toContain('no dependency violations found');
  });

  it('fails an import against the flow, a cycle through type imports and a folder that is no stage', async () => {
    await using root = await tempDir('layout-rule-');
    const r = await cruise(root.path, {
      'agent/core/clock.ts': 'export const now = () => 0;\n',
      'agent/cli/config.ts': 'export interface Config { a: string }\n',
      'agent/app/agent-app.ts': "import type { Config } from '../cli/config.js';\nexport type C = Config;\n",
      'agent/dags/a.ts': "import type { B } from './b.js';\nexport interface A { b?: B }\n",
      'agent/dags/b.ts': "import type { A } from './a.js';\nexport interface B { a?: A }\n",
      'agent/misc/helper.ts': "import { now } from '../core/clock.js';\nexport const h = now;\n",
    });
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('app-imports-downstream: agent/app/agent-app.ts → agent/cli/config.ts');
    expect(r.output).toMatch(/no-cycles: agent\/dags\/[ab]\.ts/);
    expect(r.output).toContain('unknown-stage: agent/misc/helper.ts → agent/core/clock.ts');
    expect(r.output).toContain('3 dependency violations');
  });
});

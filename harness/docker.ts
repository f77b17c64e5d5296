import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

const REPO = resolve(new URL('..', import.meta.url).pathname);
const IMAGES = join(REPO, 'infra/images');

/** The local image names infra/images/ builds; infra/Dockerfile and infra/compose.yaml use the same. */
export const LOCAL_IMAGES = {
  nodeRuntime: 'mwaa-agent/node:22',
  nodeBuild: 'mwaa-agent/node-build:22',
  sshd: 'mwaa-agent/sshd:bookworm',
  localstack: 'mwaa-agent/localstack:4.14.0-r2',
} as const;

/** A cold build of every base image takes about 5 minutes on 2 cores; a warm one, seconds. */
const BASES_TIMEOUT_MS = 20 * 60_000;

/**
 * Makes sure a Docker engine answers (starting Debian's dockerd as root when none does) and that the local
 * base images exist and are current (`infra/images/build-all.sh --bases-only`, cached by input hash).
 * Rejects with the script's output when either fails.
 */
export async function ensureEngineAndBaseImages(): Promise<void> {
  try {
    await execFileP('bash', [join(IMAGES, 'build-all.sh'), '--bases-only'], {
      timeout: BASES_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `infra/images/build-all.sh --bases-only failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`,
    );
  }
}

/**
 * Stages mwaa-agent's build context (manifests, tsconfig, agent/, infra/Dockerfile, extra CA roots) in a new
 * temporary folder, so the engine never receives node_modules or local state. Returns the folder.
 */
export async function stageAgentBuildContext(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mwaa-agent-ctx-'));
  await execFileP('bash', [join(IMAGES, 'agent-context.sh'), dir]);
  return dir;
}

/** True when the compiled CLI has a `run` command (the agent's long-running mode). */
export async function agentHasRunCommand(): Promise<boolean> {
  try {
    await execFileP(process.execPath, [join(REPO, 'dist/bin/mwaa-agent.js'), 'run', '--help'], { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

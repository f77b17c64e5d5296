import type { CliContext } from '../agent/cli/cli-context.js';
import { resolveConfig } from '../agent/cli/config.js';
import { runCli } from '../agent/cli/program.js';

/** A CliContext for running commands in-process; what they print is kept line by line. */
export interface FakeCli extends CliContext {
  readonly stdout: string[];
  readonly stderr: string[];
}

/**
 * The context `mwaa-agent` would build for a process in `cwd` with environment `env` (configuration resolved
 * from it as the real CLI does); `overrides` replace parts, e.g. a `config` that throws to prove a command
 * needs none.
 */
export function fakeCli(cwd: string, env: NodeJS.ProcessEnv = {}, overrides: Partial<CliContext> = {}): FakeCli {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    cwd,
    env,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    config: (flags = {}) => resolveConfig({ flags, env, cwd }),
    exitCode: 0,
    ...overrides,
    stdout,
    stderr,
  };
}

/** Runs `mwaa-agent <argv>` in-process; resolves to the exit code and the lines printed. */
export async function runFakeCli(
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const ctx = fakeCli(cwd, env);
  const code = await runCli(argv, ctx);
  return { code, stdout: ctx.stdout, stderr: ctx.stderr };
}

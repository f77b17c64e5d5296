import type { Config } from '../core/config.js';
import { resolveConfig } from './config.js';

/** What a command needs from the process, injected so commands can be tested in-process. */
export interface CliContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Whether `err` reaches a terminal (a person) rather than a file or a log collector. Default false. */
  errIsTerminal?: boolean;
  /** Resolves the configuration from env/config file plus the given flag values. */
  config(flags?: Partial<Record<keyof Config, unknown>>): Readonly<Config>;
  /** Set by a command to request a non-zero exit code. */
  exitCode: number;
}

export function processContext(): CliContext {
  const ctx: CliContext = {
    cwd: process.cwd(),
    env: process.env,
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
    errIsTerminal: process.stderr.isTTY === true,
    config: (flags = {}) =>
      resolveConfig({
        flags,
        env: process.env,
        cwd: process.cwd(),
        configFile: (flags as { config?: string }).config ?? null,
      }),
    exitCode: 0,
  };
  return ctx;
}

import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

/** Placeholder until the owning area registers its commands here. */
export function registerTasksTestCommand(_group: Command, _ctx: CliContext): void {}

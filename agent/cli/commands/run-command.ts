import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

/** Placeholder: the lead's version is being integrated. */
export function registerRunCommand(_group: Command, _ctx: CliContext): void {}

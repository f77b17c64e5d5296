import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

export function registerTasksCommands(_group: Command, _ctx: CliContext): void {}

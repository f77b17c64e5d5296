import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

export function registerDagsCommands(_group: Command, _ctx: CliContext): void {}

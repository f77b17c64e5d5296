#!/usr/bin/env node
import { prestartDagReader } from './prestart.js';

// Before the CLI's modules load (they are imported below, not statically): see prestart.ts.
if (process.argv[2] === 'check') prestartDagReader();
const { runCli } = await import('./program.js');
process.exitCode = await runCli(process.argv.slice(2));

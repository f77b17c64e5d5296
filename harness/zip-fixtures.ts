import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
const SCRIPT = new URL('./zip_fixtures.py', import.meta.url).pathname;
/** The system's Python: zipfile writes any entry name, which hostile-archive tests need. */
const PYTHON = '/usr/bin/python3';

/** One entry of a test archive: text, N zero bytes (a bomb), a symlink, or a folder (name ending in `/`). */
export type ZipEntrySpec =
  | { name: string; text?: string; mode?: number }
  | { name: string; zeros: number }
  | { name: string; symlink: string };

/** Writes a zip archive with exactly these entries (names as given, even `../x` or `/x`). */
export async function writeZip(out: string, entries: ZipEntrySpec[]): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(PYTHON, [SCRIPT, 'zip', out], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`zip_fixtures.py zip failed: ${err}`))));
    child.stdin.end(JSON.stringify(entries));
  });
}

/** Writes a minimal wheel pip can install into `dir`; resolves to its file name. */
export async function writeWheel(
  dir: string,
  name: string,
  version: string,
  opts: { tag?: string; requires?: string[] } = {},
): Promise<string> {
  const { stdout } = await execFileP(PYTHON, [
    SCRIPT,
    'wheel',
    dir,
    name,
    version,
    opts.tag ?? 'py3-none-any',
    ...(opts.requires ?? []),
  ]);
  return stdout.trim();
}

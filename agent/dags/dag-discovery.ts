import { open, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  compileIgnoreRules,
  ignoreFileLines,
  isIgnored,
  type IgnoreRule,
  type IgnoreSyntax,
  type IgnoreWarning,
} from './airflowignore.js';

export interface DiscoveryOptions {
  ignoreSyntax?: IgnoreSyntax;
  /** `[core] dag_discovery_safe_mode` (default true). */
  safeMode?: boolean;
}

/** A file DagBag would try to load. */
export interface DiscoveredFile {
  /** Relative to the DAG folder, `/`-separated. */
  relativePath: string;
  absolutePath: string;
  kind: 'python' | 'zip';
  /** The bytes read for the safe-mode check, so the parser does not read the file again. */
  content?: Buffer;
}

export interface DiscoveryResult {
  /** Sorted by relative path. */
  files: DiscoveredFile[];
  warnings: IgnoreWarning[];
}

/**
 * Lists the DAG files of `dagsDir` as Airflow 2.10's `list_py_file_paths` does: a recursive walk that follows
 * symlinks (a directory reached twice is walked once), `.airflowignore` files that add to their parents'
 * rules and prune directories, hidden files kept, `.py` files that pass the safe-mode byte rule, and zip
 * archives recognised by content.
 */
export async function discoverDagFiles(dagsDir: string, opts: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  const syntax = opts.ignoreSyntax ?? 'regexp';
  const safeMode = opts.safeMode ?? true;
  const files: DiscoveredFile[] = [];
  const warnings: IgnoreWarning[] = [];
  const seenDirs = new Set<string>([await realpath(dagsDir)]);

  async function walk(relDir: string, inherited: IgnoreRule[]): Promise<void> {
    const absDir = relDir === '' ? dagsDir : join(dagsDir, relDir);
    let names: string[];
    try {
      names = (await readdir(absDir)).sort();
    } catch {
      return; // vanished or unreadable: os.walk skips it silently too
    }
    let rules = inherited;
    if (names.includes('.airflowignore')) {
      const text = await readFile(join(absDir, '.airflowignore'), 'utf8').catch(() => null);
      if (text !== null) rules = [...inherited, ...compileIgnoreRules(ignoreFileLines(text), syntax, relDir, warnings)];
    }
    for (const name of names) {
      if (name === '.airflowignore') continue;
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      const abs = join(absDir, name);
      const st = await stat(abs).catch(() => null); // follows symlinks; a dangling link is skipped
      if (!st) continue;
      if (st.isDirectory()) {
        if (isIgnored(rel, true, rules)) continue;
        const real = await realpath(abs).catch(() => null);
        // Airflow raises "Detected recursive loop" here; skipping keeps the rest of the folder usable.
        if (real === null || seenDirs.has(real)) continue;
        seenDirs.add(real);
        await walk(rel, rules);
        continue;
      }
      if (!st.isFile() || isIgnored(rel, false, rules)) continue;
      const found = await classify(abs, name, safeMode);
      if (found) files.push({ relativePath: rel, absolutePath: abs, ...found });
    }
  }

  await walk('', []);
  files.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
  return { files, warnings };
}

/** `.py` (passing safe mode) → python; any file whose content is a zip archive → zip; else not a DAG file. */
async function classify(
  abs: string,
  name: string,
  safeMode: boolean,
): Promise<Pick<DiscoveredFile, 'kind' | 'content'> | null> {
  if (!name.endsWith('.py')) return (await isZipFile(abs)) ? { kind: 'zip' } : null;
  // One read serves the zip test, the safe-mode test and the parser.
  const content = await readFile(abs).catch(() => null);
  if (!content) return null;
  if (hasZipTrailer(content)) return { kind: 'zip' };
  return !safeMode || mightContainDag(content) ? { kind: 'python', content } : null;
}

/** Airflow's safe-mode heuristic: the lowercased bytes contain both "dag" and "airflow". */
export function mightContainDag(bytes: Uint8Array): boolean {
  const lower = Buffer.from(bytes).toString('latin1').toLowerCase();
  return lower.includes('dag') && lower.includes('airflow');
}

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_MIN = 22;
const EOCD_MAX_COMMENT = 0xffff;

/** Python's `zipfile.is_zipfile`: an end-of-central-directory record in the file's last 64 KiB. */
export async function isZipFile(abs: string): Promise<boolean> {
  const fh = await open(abs, 'r').catch(() => null);
  if (!fh) return false;
  try {
    const { size } = await fh.stat();
    if (size < EOCD_MIN) return false;
    const len = Math.min(size, EOCD_MIN + EOCD_MAX_COMMENT);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    return hasZipTrailer(buf);
  } finally {
    await fh.close();
  }
}

/** True when the last 64 KiB of `bytes` hold an end-of-central-directory record. */
function hasZipTrailer(bytes: Buffer): boolean {
  const from = Math.max(0, bytes.length - EOCD_MIN - EOCD_MAX_COMMENT);
  for (let i = bytes.length - EOCD_MIN; i >= from; i--) {
    if (bytes[i] === 0x50 && bytes.readUInt32LE(i) === EOCD_SIGNATURE) return true;
  }
  return false;
}

import { createReadStream } from 'node:fs';
import { open, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_PARSE_LIMITS } from './parse-budget.js';
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
  /**
   * Files larger than this are not held in memory: the safe-mode check streams them, and the parser refuses
   * them by size. Default: the parser's file-size limit.
   */
  maxContentBytes?: number;
}

/** A file DagBag would try to load. */
export interface DiscoveredFile {
  /** Relative to the DAG folder, `/`-separated. */
  relativePath: string;
  absolutePath: string;
  kind: 'python' | 'zip';
  /** The bytes read for the safe-mode check, so the parser does not read the file again. */
  content?: Buffer;
  /** Size in bytes, when known. */
  size?: number;
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
  const maxContent = opts.maxContentBytes ?? DEFAULT_PARSE_LIMITS.maxFileBytes;
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
      const found = await classify(abs, name, safeMode, st.size, maxContent);
      if (found) files.push({ relativePath: rel, absolutePath: abs, size: st.size, ...found });
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
  size: number,
  maxContent: number,
): Promise<Pick<DiscoveredFile, 'kind' | 'content'> | null> {
  if (!name.endsWith('.py')) return (await isZipFile(abs)) ? { kind: 'zip' } : null;
  if (size > maxContent) {
    // Too large to read as a DAG: only whether Airflow would try (and the parser will refuse it by size).
    if (await isZipFile(abs)) return { kind: 'zip' };
    return !safeMode || (await streamMightContainDag(abs)) ? { kind: 'python' } : null;
  }
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

/** {@link mightContainDag} over a file read in chunks, so a huge file is never held in memory at once. */
async function streamMightContainDag(abs: string): Promise<boolean> {
  let dag = false;
  let airflow = false;
  let carry = '';
  try {
    for await (const chunk of createReadStream(abs, { highWaterMark: 1024 * 1024 })) {
      const text = carry + (chunk as Buffer).toString('latin1').toLowerCase();
      dag ||= text.includes('dag');
      airflow ||= text.includes('airflow');
      if (dag && airflow) return true;
      carry = text.slice(-6);
    }
  } catch {
    return false;
  }
  return false;
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

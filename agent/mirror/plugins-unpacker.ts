import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AgentError, errorMessage } from '../core/errors.js';
import { KEY_RULE_TEXT, mapKey, TEMP_MARKER } from './key-rules.js';
import { openEntry, openZip, type ZipEntry, zipEntries } from './zip-archive.js';

/** Limits that keep a hostile archive (a zip bomb) from filling the disk or the agent's time. */
export interface UnpackLimits {
  maxEntries: number;
  /** Total uncompressed bytes. */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio of an entry bigger than `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

/**
 * MWAA recommends plugins.zip under 1 GB and gives no limits of its own; these stop bombs well before the
 * disk (a 1 GB archive of text compresses about 10:1, a bomb 1000:1 or more).
 */
export const DEFAULT_UNPACK_LIMITS: UnpackLimits = {
  maxEntries: 50_000,
  maxTotalBytes: 2 * 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 1024 ** 2,
};

export interface UnpackResult {
  files: number;
  folders: number;
  bytes: number;
}

/**
 * Unpacks plugins.zip into `dest` as MWAA does into /usr/local/airflow/plugins, atomically: the archive is
 * checked whole (names, kinds, sizes), unpacked into a new folder beside `dest`, and only then swapped in;
 * on any failure `dest` stays as it was. Refused, with the entry named: names that would leave the folder
 * (`..`, absolute, drive letters, backslashes), symlinks and device entries, encrypted entries, and archives
 * over the limits. Unix permission bits in the archive are kept (the MWAA guide has users `chmod -R 755`
 * before zipping), without setuid/setgid/sticky bits. `label` names the archive in messages
 * (`s3://bucket/plugins.zip`).
 */
export async function unpackPlugins(
  zipPath: string,
  dest: string,
  label: string,
  limits: UnpackLimits = DEFAULT_UNPACK_LIMITS,
): Promise<UnpackResult> {
  let zip;
  try {
    zip = await openZip(zipPath);
  } catch (e) {
    throw refusal(label, `is not a readable zip archive (${errorMessage(e)})`);
  }
  const staging = join(dirname(dest), `.${basename(dest)}${TEMP_MARKER}-${randomBytes(6).toString('hex')}`);
  try {
    const entries = await checkedEntries(zip, label, limits);
    await mkdir(staging, { recursive: true, mode: 0o755 });
    const result: UnpackResult = { files: 0, folders: 0, bytes: 0 };
    for (const entry of entries) await extract(zip, entry, staging, label, result, limits);
    await swapIn(staging, dest);
    return result;
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    if (e instanceof AgentError) throw e;
    throw refusal(label, `could not be unpacked: ${errorMessage(e)}`);
  } finally {
    zip.close();
  }
}

async function checkedEntries(
  zip: Awaited<ReturnType<typeof openZip>>,
  label: string,
  limits: UnpackLimits,
): Promise<ZipEntry[]> {
  if (zip.entryCount > limits.maxEntries)
    throw refusal(label, `has ${zip.entryCount} entries; mwaa-agent unpacks at most ${limits.maxEntries}`);
  const entries: ZipEntry[] = [];
  let total = 0;
  for await (const entry of zipEntries(zip)) {
    const shown = JSON.stringify(entry.name);
    if (entry.kind === 'symlink')
      throw refusal(label, `entry ${shown} is a symbolic link; plugins.zip may hold files and folders only`);
    if (entry.kind === 'special')
      throw refusal(label, `entry ${shown} is a device, pipe or socket; plugins.zip may hold files and folders only`);
    if (entry.encrypted) throw refusal(label, `entry ${shown} is encrypted; MWAA cannot unpack it either`);
    const mapped = mapKey(entry.name, '');
    if (mapped.kind === 'refused')
      throw refusal(label, `entry ${shown} ${KEY_RULE_TEXT[mapped.rule].replace('DAG folder', 'plugins folder')}`);
    total += entry.size;
    if (total > limits.maxTotalBytes)
      throw refusal(
        label,
        `unpacks to more than ${limits.maxTotalBytes} bytes (at entry ${shown}); mwaa-agent unpacks at most ${limits.maxTotalBytes}`,
      );
    if (entry.size > limits.ratioFloorBytes && entry.size > entry.compressedSize * limits.maxRatio)
      throw refusal(
        label,
        `entry ${shown} expands ${entry.compressedSize} bytes to ${entry.size} (over ${limits.maxRatio}:1): refused as a zip bomb`,
      );
    entries.push(entry);
  }
  return entries;
}

async function extract(
  zip: Awaited<ReturnType<typeof openZip>>,
  entry: ZipEntry,
  root: string,
  label: string,
  result: UnpackResult,
  limits: UnpackLimits,
): Promise<void> {
  const path = join(root, entry.name);
  const shown = JSON.stringify(entry.name);
  try {
    if (entry.kind === 'folder') {
      await mkdir(path, { recursive: true, mode: 0o755 });
      result.folders++;
      return;
    }
    await mkdir(dirname(path), { recursive: true, mode: 0o755 });
    const data = await openEntry(zip, entry);
    let written = 0;
    await pipeline(
      data,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          written += chunk.length;
          if (result.bytes + written > limits.maxTotalBytes)
            throw new Error(`more than ${limits.maxTotalBytes} bytes in total`);
          yield chunk;
        }
      },
      createWriteStream(path, { flags: 'w', mode: 0o600 }),
    );
    await chmod(path, (entry.mode ?? 0o644) & 0o777);
    result.files++;
    result.bytes += written;
  } catch (e) {
    throw refusal(label, `entry ${shown} could not be unpacked: ${errorMessage(e)}`);
  }
}

/** `dest` becomes `staging`; the old folder goes only once the new one is in place. */
async function swapIn(staging: string, dest: string): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  if (!existsSync(dest)) {
    await rename(staging, dest);
    return;
  }
  const old = `${staging}-old`;
  await rename(dest, old);
  try {
    await rename(staging, dest);
  } catch (e) {
    await rename(old, dest);
    throw e;
  }
  await rm(old, { recursive: true, force: true });
}

function refusal(label: string, what: string): AgentError {
  return new AgentError('PLUGINS_INVALID', `${label} ${what}; the plugins folder is left as it was`);
}

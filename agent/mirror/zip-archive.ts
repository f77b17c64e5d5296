import type { Readable } from 'node:stream';
import type { Entry, ZipFile } from 'yauzl';

/**
 * A zip archive read with yauzl: entries from the central directory with their names decoded as zip says
 * (UTF-8 flag, Info-ZIP Unicode path, else CP437) but not judged, so the caller can refuse a name with its
 * own words; sizes checked against the data while reading (yauzl's validateEntrySizes).
 */
export interface ZipEntry {
  /** The name as stored (decoded), `/`-separated; a folder ends in `/`. */
  name: string;
  kind: 'file' | 'folder' | 'symlink' | 'special';
  /** Unix permission bits when the archive was made on Unix, else null. */
  mode: number | null;
  size: number;
  compressedSize: number;
  encrypted: boolean;
  readonly raw: Entry;
}

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const MADE_BY_UNIX = 3;

/** Opens a zip file; rejects with yauzl's message when it is not one (no end of central directory, …). */
export async function openZip(path: string): Promise<ZipFile> {
  // Imported here: checking requirements (which imports this for find-links wheels) should not pay for yauzl.
  const { default: yauzl } = await import('yauzl');
  return yauzl.openPromise(path, {
    lazyEntries: true,
    autoClose: false,
    decodeStrings: false,
    validateEntrySizes: true,
    strictFileNames: true,
  });
}

/** The archive's entries in central-directory order. */
export async function* zipEntries(zip: ZipFile): AsyncGenerator<ZipEntry> {
  const { default: yauzl } = await import('yauzl');
  for await (const raw of zip.eachEntry()) yield describe(raw, yauzl.getFileNameLowLevel);
}

/** The entry's data, decompressed. */
export function openEntry(zip: ZipFile, entry: ZipEntry): Promise<Readable> {
  return zip.openReadStreamPromise(entry.raw);
}

function describe(raw: Entry, getFileNameLowLevel: typeof import('yauzl').getFileNameLowLevel): ZipEntry {
  const nameBytes = raw.fileName as unknown as Buffer;
  const name = getFileNameLowLevel(raw.generalPurposeBitFlag, nameBytes, raw.extraFields, true);
  const madeBy = raw.versionMadeBy >> 8;
  const unixMode = madeBy === MADE_BY_UNIX ? (raw.externalFileAttributes >>> 16) & 0xffff : 0;
  const type = unixMode & S_IFMT;
  let kind: ZipEntry['kind'];
  if (type === S_IFLNK) kind = 'symlink';
  else if (name.endsWith('/') || type === S_IFDIR) kind = 'folder';
  else if (type === 0 || type === S_IFREG) kind = 'file';
  else kind = 'special';
  return {
    name,
    kind,
    mode: unixMode ? unixMode & 0o7777 : null,
    size: raw.uncompressedSize,
    compressedSize: raw.compressedSize,
    encrypted: (raw.generalPurposeBitFlag & 0x1) !== 0,
    raw,
  };
}

import { openEntry, openZip, zipEntries } from '../mirror/zip-archive.js';

/** METADATA larger than this is not read (real ones are a few KB, long descriptions aside). */
const MAX_METADATA_BYTES = 4 * 1024 * 1024;

/**
 * The `Requires-Dist` lines of a wheel's `*.dist-info/METADATA` (core metadata, an RFC 822 header block),
 * as written (`alpha (>=2) ; extra == "x"` or `alpha>=2; …`). Rejects when the file is not a wheel pip
 * could read (no METADATA, not a zip).
 */
export async function wheelRequiresDist(path: string): Promise<string[]> {
  const zip = await openZip(path);
  try {
    for await (const entry of zipEntries(zip)) {
      if (!/^[^/]+\.dist-info\/METADATA$/.test(entry.name) || entry.kind !== 'file') continue;
      if (entry.size > MAX_METADATA_BYTES) throw new Error(`METADATA is ${entry.size} bytes`);
      const chunks: Buffer[] = [];
      for await (const chunk of await openEntry(zip, entry)) chunks.push(chunk as Buffer);
      return requiresDist(Buffer.concat(chunks).toString('utf8'));
    }
    throw new Error('no .dist-info/METADATA');
  } finally {
    zip.close();
  }
}

/** The `Requires-Dist` values of a METADATA header block (continuation lines joined). */
export function requiresDist(metadata: string): string[] {
  const header = metadata.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const out: string[] = [];
  let current: string | null = null;
  for (const line of header.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && current !== null) {
      current += ` ${line.trim()}`;
      continue;
    }
    if (current !== null) out.push(current);
    const m = /^Requires-Dist:\s*(.*)$/i.exec(line);
    current = m ? m[1]!.trim() : null;
  }
  if (current !== null) out.push(current);
  return out;
}

/**
 * Bytes → text the way pip reads a requirements file (`pip._internal.utils.encoding.auto_decode`):
 * a byte-order mark picks UTF-8/UTF-16/UTF-32, otherwise the text must be UTF-8 (the locale of MWAA's
 * images). Invalid bytes are reported with the 1-based line they sit on; pip itself stops with a
 * UnicodeDecodeError there.
 */
export type DecodeResult = { ok: true; text: string } | { ok: false; line: number; message: string };

const BOMS: ReadonlyArray<{ bytes: number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

function startsWith(buf: Uint8Array, prefix: number[]): boolean {
  return buf.length >= prefix.length && prefix.every((b, i) => buf[i] === b);
}

export function decodeRequirementsBytes(buf: Uint8Array): DecodeResult {
  for (const bom of BOMS) {
    if (!startsWith(buf, bom.bytes)) continue;
    if (bom.encoding.startsWith('utf-32')) {
      // TextDecoder has no UTF-32; pip would decode it, but no MWAA user ships UTF-32 requirements.
      return { ok: false, line: 1, message: `requirements file is ${bom.encoding.toUpperCase()}; save it as UTF-8` };
    }
    return decodeStrict(buf.subarray(bom.bytes.length), bom.encoding);
  }
  return decodeStrict(buf, 'utf-8');
}

function decodeStrict(buf: Uint8Array, encoding: string): DecodeResult {
  try {
    return { ok: true, text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(buf) };
  } catch {
    if (encoding !== 'utf-8')
      return { ok: false, line: 1, message: `'${encoding}' codec can't decode the file; save it as UTF-8` };
    const { line, offset } = firstInvalidUtf8(buf);
    return {
      ok: false,
      line,
      message: `'${encoding}' codec can't decode byte 0x${(buf[offset] ?? 0).toString(16).padStart(2, '0')} in position ${offset}: invalid start byte or continuation byte; save the file as UTF-8`,
    };
  }
}

/** Finds the first byte a strict UTF-8 decoder rejects (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF). */
function firstInvalidUtf8(buf: Uint8Array): { line: number; offset: number } {
  let line = 1;
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    if (b === 0x0a) line += 1;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) return { line, offset: i };
    if (len > 1) {
      const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
      const second = buf[i + 1];
      if (second === undefined || second < lo || second > hi) return { line, offset: i };
      for (let k = 2; k < len; k++) {
        const c = buf[i + k];
        if (c === undefined || c < 0x80 || c > 0xbf) return { line, offset: i };
      }
    }
    i += len;
  }
  return { line, offset: 0 };
}

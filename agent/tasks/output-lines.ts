/** The longest line logged as one record; CloudWatch Logs' classic event size limit (MWAA's task logs). */
export const MAX_LINE_BYTES = 256 * 1024;

/**
 * Splits a process's output into lines as SubprocessHook's `readline()` does (on `\n` only, trailing
 * whitespace removed), with bounded memory: a line longer than `maxLineBytes` (a 200 MB line with no
 * newline) is handed out in pieces of at most that size, cut at a UTF-8 character boundary.
 */
export class OutputLines {
  readonly #max: number;
  #parts: Buffer[] = [];
  #size = 0;

  constructor(maxLineBytes = MAX_LINE_BYTES) {
    this.#max = maxLineBytes;
  }

  /** The complete lines (and full-size pieces) in `chunk`. */
  push(chunk: Buffer): string[] {
    const out: string[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      this.#append(chunk.subarray(start, end), out);
      if (nl < 0) break;
      out.push(this.#take(this.#size));
      start = nl + 1;
    }
    return out;
  }

  /** The last line, when the output did not end with a newline. */
  end(): string[] {
    return this.#size > 0 ? [this.#take(this.#size)] : [];
  }

  #append(bytes: Buffer, out: string[]): void {
    let b = bytes;
    while (this.#size + b.length > this.#max) {
      const room = this.#max - this.#size;
      this.#parts.push(b.subarray(0, room));
      this.#size += room;
      b = b.subarray(room);
      out.push(this.#take(characterBoundary(Buffer.concat(this.#parts), this.#max)));
    }
    if (b.length > 0) {
      this.#parts.push(b);
      this.#size += b.length;
    }
  }

  /** Decodes the first `n` buffered bytes as one line; what follows stays buffered. */
  #take(n: number): string {
    const all = Buffer.concat(this.#parts);
    const rest = all.subarray(n);
    this.#parts = rest.length > 0 ? [Buffer.from(rest)] : [];
    this.#size = rest.length;
    return all.subarray(0, n).toString('utf8').trimEnd();
  }
}

/** The largest cut ≤ `n` that does not split a UTF-8 sequence: an incomplete last character moves to the next piece. */
function characterBoundary(buf: Buffer, n: number): number {
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const b = buf[i]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const length = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return i + length > n && i > 0 ? i : n;
  }
  return n;
}

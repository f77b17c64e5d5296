import { AgentError } from '../core/errors.js';

/**
 * Wall-clock time in a DAG timezone, as Airflow's `make_naive`/`make_aware` do it. A wall time is
 * represented as a "naive" Date whose UTC fields are the local fields, so cron arithmetic can run in
 * UTC without any DST logic of its own (croniter works on naive datetimes too).
 *
 * Hand-written rather than using croner's timezone mode because croner resolves a repeated wall time
 * (DST fall-back) to its first occurrence, while Airflow's `make_aware` sets `fold=1` and takes the
 * second one; a skipped wall time moves forward by the size of the gap in both.
 */
export class ZonedTime {
  readonly timezone: string;
  readonly #fixedOffsetMs: number | null;
  readonly #format: Intl.DateTimeFormat | null;
  /** Offsets of 15-minute buckets that contain no transition (Intl formatting is the slow part). */
  readonly #buckets = new Map<number, number>();

  constructor(timezone: string) {
    this.timezone = timezone;
    this.#fixedOffsetMs = fixedOffset(timezone);
    if (this.#fixedOffsetMs !== null) {
      this.#format = null;
      return;
    }
    try {
      this.#format = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new AgentError(
        'DAG_IMPORT_ERROR',
        `Unknown timezone ${JSON.stringify(timezone)}; expected an IANA name such as "Europe/Amsterdam", "UTC" or an offset like "+02:00"`,
      );
    }
  }

  /** UTC offset in ms at an instant (local = utc + offset). */
  offsetAt(instantMs: number): number {
    if (this.#fixedOffsetMs !== null) return this.#fixedOffsetMs;
    const bucket = Math.floor(instantMs / BUCKET_MS);
    const cached = this.#buckets.get(bucket);
    if (cached !== undefined) return cached;
    const atStart = this.#exactOffset(bucket * BUCKET_MS);
    if (atStart === this.#exactOffset((bucket + 1) * BUCKET_MS - 1000)) {
      if (this.#buckets.size >= 4096) this.#buckets.clear();
      this.#buckets.set(bucket, atStart);
      return atStart;
    }
    return this.#exactOffset(instantMs);
  }

  #exactOffset(instantMs: number): number {
    const whole = Math.floor(instantMs / 1000) * 1000;
    const p: Record<string, number> = {};
    for (const part of this.#format!.formatToParts(new Date(whole)))
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
    return wall - whole;
  }

  /** `make_naive`: the local wall time of an instant. */
  toWall(instant: Date): Date {
    return new Date(instant.getTime() + this.offsetAt(instant.getTime()));
  }

  /**
   * `make_aware` with `fold=1`: a wall time that occurs twice maps to its second occurrence; one that does
   * not exist (spring forward) is read with the offset from before the gap, i.e. moved forward by the gap.
   */
  fromWall(wall: Date): Date {
    const w = wall.getTime();
    const before = this.offsetAt(w - 12 * 3600_000);
    const after = this.offsetAt(w + 12 * 3600_000);
    if (before === after) return new Date(w - before);
    const early = w - before;
    const late = w - after;
    const earlyValid = this.offsetAt(early) === before;
    const lateValid = this.offsetAt(late) === after;
    if (earlyValid && lateValid) return new Date(Math.max(early, late));
    if (lateValid) return new Date(late);
    return new Date(early);
  }
}

const BUCKET_MS = 15 * 60_000;

function fixedOffset(timezone: string): number | null {
  if (/^(utc|gmt|z|etc\/utc|etc\/gmt)$/i.test(timezone)) return 0;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$/i.exec(timezone);
  if (!m) return null;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000;
}

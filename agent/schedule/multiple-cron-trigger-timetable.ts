import { type CronTriggerOptions, CronTriggerTimetable } from './cron-trigger-timetable.js';
import type { DagRunInfo, DataInterval, TimeRestriction, Timetable } from './timetable.js';

/**
 * Airflow 3's `MultipleCronTriggerTimetable`: a CronTriggerTimetable per expression, and of their next runs
 * the earliest (catchup), or without catchup the latest one not after "now", else the earliest future one.
 */
export class MultipleCronTriggerTimetable implements Timetable {
  readonly summary: string;
  readonly description: string;
  readonly periodic = true;
  readonly #timetables: CronTriggerTimetable[];

  constructor(expressions: readonly string[], timezone: string, opts: CronTriggerOptions = {}) {
    this.#timetables = expressions.map((e) => new CronTriggerTimetable(e, timezone, opts));
    this.summary = this.#timetables.map((t) => t.summary).join(', ');
    this.description = this.#timetables.map((t) => t.description).join(', ');
  }

  nextDagrunInfo(last: DataInterval | null, restriction: TimeRestriction, now: Date): DagRunInfo | null {
    const key = (info: DagRunInfo | null): number => {
      if (info === null) return Number.POSITIVE_INFINITY;
      const t = info.logicalDate.getTime();
      return restriction.catchup || t > now.getTime() ? t : -t;
    };
    let best: DagRunInfo | null = null;
    for (const t of this.#timetables) {
      const info = t.nextDagrunInfo(last, restriction, now);
      if (best === null || key(info) < key(best)) best = info;
    }
    return best;
  }

  inferManualDataInterval(runAfter: Date): DataInterval {
    const intervals = this.#timetables.map((t) => t.inferManualDataInterval(runAfter));
    return intervals.reduce((a, b) => (b.start.getTime() < a.start.getTime() ? b : a));
  }
}

import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../agent/core/clock.js';
import { DagLogLimiter } from '../../../agent/core/dag-log-limiter.js';
import { Watchdog } from '../../../agent/core/watchdog.js';

function capture() {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { log: pino({ base: null }, sink), lines };
}

describe('Watchdog', () => {
  it('reports a loop stuck past its limit once, shows it unhealthy, recovers it, and says when it moves again', () => {
    const clock = new ManualClock('2024-01-01T00:00:00Z');
    const { log, lines } = capture();
    let stuck: { since: number; on: string } | null = { since: clock.now().getTime(), on: 'big.py' };
    let recovered = 0;
    const dog = new Watchdog({
      clock,
      log,
      loops: [{ name: 'DAG file reader', stallAfterMs: 40_000, stuckSince: () => stuck, recover: () => recovered++ }],
    });
    clock.advance(30_000);
    dog.check();
    expect(dog.status().healthy).toBe(true);
    clock.advance(15_000);
    dog.check();
    dog.check();
    expect(dog.status()).toEqual({
      healthy: false,
      stalled: [{ name: 'DAG file reader', on: 'big.py', forMs: 45_000 }],
    });
    expect(recovered).toBe(2);
    stuck = null;
    dog.check();
    expect(dog.status().healthy).toBe(true);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [
        50,
        'DAG file reader made no progress for 45 s (stuck on big.py; allowed 40 s); /health reports it unhealthy; restarting it',
      ],
      [30, 'DAG file reader is making progress again'],
    ]);
  });
});

describe('DagLogLimiter', () => {
  it('logs a kind once per minute when its burst is 1, then how many were held back', () => {
    const clock = new ManualClock('2024-01-01T00:00:00Z');
    const { log, lines } = capture();
    const limiter = new DagLogLimiter(log, clock);
    for (let i = 0; i < 5; i++) limiter.info({ dagId: 'd', kind: 'same', burst: 1 }, {}, 'the same line');
    limiter.info({ dagId: 'other', kind: 'same', burst: 1 }, {}, 'another DAG');
    clock.advance(60_000);
    limiter.flush();
    expect(lines.map((l) => l.msg)).toEqual([
      'the same line',
      'another DAG',
      'DAG d: 4 more "same" message(s) in 60 s not logged (at most 1 per DAG and kind per minute); the last one\'s fields are attached',
    ]);
  });
});

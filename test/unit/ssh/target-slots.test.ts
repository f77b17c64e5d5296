import { describe, expect, it } from 'vitest';
import { TargetSlots } from '../../../agent/tasks/ssh/target-slots.js';

const never = new AbortController().signal;
/** Lets every settled promise's callbacks run. */
const settle = () => new Promise((r) => setImmediate(r));

describe('TargetSlots', () => {
  it('runs at most perTarget commands per target at once and starts the waiting ones first come first served', async () => {
    const slots = new TargetSlots(2);
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const runs = [0, 1, 2, 3, 4].map((i) =>
      slots.run('h:22', never, async () => {
        started.push(i);
        await new Promise<void>((r) => finish.push(r));
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    expect(slots.load('h:22')).toEqual({ running: 2, waiting: 3 });
    finish[1]!();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    finish[0]!();
    finish[2]!();
    await settle();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    finish[3]!();
    finish[4]!();
    await Promise.all(runs);
    expect(slots.load('h:22')).toEqual({ running: 0, waiting: 0 });
  });

  it('keeps targets apart: a busy host does not hold back another', async () => {
    const slots = new TargetSlots(1);
    const release = await slots.acquire('a:22', never);
    let other = false;
    await slots.run('b:22', never, async () => {
      other = true;
    });
    expect(other).toBe(true);
    release();
  });

  it('gives the slot back when the command fails', async () => {
    const slots = new TargetSlots(1);
    await expect(slots.run('h:22', never, () => Promise.reject(new Error('SSH command timed out')))).rejects.toThrow(
      'SSH command timed out',
    );
    expect(slots.load('h:22')).toEqual({ running: 0, waiting: 0 });
    await expect(slots.run('h:22', never, async () => 'next')).resolves.toBe('next');
  });

  it('a waiter whose signal aborts leaves the queue with the reason, and the next one gets the slot', async () => {
    const slots = new TargetSlots(1);
    const release = await slots.acquire('h:22', never);
    const cancelled = new AbortController();
    const waiting = slots.acquire('h:22', cancelled.signal);
    const order: string[] = [];
    const next = slots.run('h:22', never, async () => order.push('next'));
    cancelled.abort(new Error('the task left the deferred state'));
    await expect(waiting).rejects.toThrow('the task left the deferred state');
    expect(slots.load('h:22')).toEqual({ running: 1, waiting: 1 });
    release();
    release(); // a second call is ignored
    await next;
    expect(order).toEqual(['next']);
    expect(slots.load('h:22')).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses an already aborted signal without taking a slot', async () => {
    const slots = new TargetSlots(1);
    const aborted = AbortSignal.abort(new Error('stopping'));
    await expect(slots.acquire('h:22', aborted)).rejects.toThrow('stopping');
    expect(slots.load('h:22')).toEqual({ running: 0, waiting: 0 });
  });

  it('needs at least one slot per target', () => {
    expect(() => new TargetSlots(0)).toThrow(RangeError);
  });
});

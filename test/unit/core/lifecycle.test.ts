import { describe, expect, it } from 'vitest';
import { LifecycleService } from '../../../agent/core/lifecycle.js';

/** A service that records its hooks; `gate` holds onStart open until released. */
class Recorder extends LifecycleService {
  readonly calls: string[] = [];
  gate: Promise<void> = Promise.resolve();
  failStart = false;
  failStop = false;

  protected async onStart(): Promise<void> {
    this.calls.push('start');
    await this.gate;
    if (this.failStart) throw new Error('start failed');
    this.calls.push(this.stopRequested ? 'started after stop was asked' : 'started');
  }

  protected async onStop(): Promise<void> {
    this.calls.push('stop');
    if (this.failStop) throw new Error('stop failed');
  }
}

describe('LifecycleService', () => {
  it('starts once and stops once however often it is asked, and settles done', async () => {
    const s = new Recorder();
    await Promise.all([s.start(), s.start()]);
    await s.start();
    await Promise.all([s.stop(), s.stop()]);
    await s.done;
    expect(s.calls).toEqual(['start', 'started', 'stop']);
  });

  it('does not start after stop, and stops without having started', async () => {
    const s = new Recorder();
    await s.stop();
    await s.start();
    expect(s.calls).toEqual(['stop']);
  });

  it('lets a start in progress finish before stopping, and tells it a stop was asked', async () => {
    const s = new Recorder();
    let open!: () => void;
    s.gate = new Promise((r) => (open = r));
    const started = s.start();
    const stopped = s.stop();
    open();
    await Promise.all([started, stopped]);
    expect(s.calls).toEqual(['start', 'started after stop was asked', 'stop']);
  });

  it('stops after a failed start and settles done even when stopping fails', async () => {
    const s = new Recorder();
    s.failStart = true;
    s.failStop = true;
    await expect(s.start()).rejects.toThrow('start failed');
    await expect(s.stop()).rejects.toThrow('stop failed');
    await s.done;
    expect(s.calls).toEqual(['start', 'stop']);
  });

  it('stops at the end of an `await using` scope', async () => {
    const s = new Recorder();
    {
      await using scoped = s;
      await scoped.start();
    }
    await s.done;
    expect(s.calls).toEqual(['start', 'started', 'stop']);
  });
});

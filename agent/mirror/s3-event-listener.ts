import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { backoffDelayMs } from './backoff.js';
import { keysFromS3Event } from './s3-event-parser.js';

export interface S3EventListenerOptions {
  client: SQSClient;
  queueUrl: string;
  bucket: string;
  prefix: string;
  clock: Clock;
  log: Logger;
  /** Syncs the named keys at once; messages are deleted only after it resolves. */
  onKeys: (keys: string[]) => Promise<void>;
  /** Long-poll wait of one ReceiveMessage, seconds. */
  waitSeconds?: number;
  random?: () => number;
}

/**
 * The instant path: S3 event notifications (ObjectCreated/ObjectRemoved) from an SQS queue. A latency
 * optimisation only; the periodic listing remains the source of truth and repairs anything missed here.
 */
export class S3EventListener {
  readonly #o: S3EventListenerOptions;
  #failures = 0;

  constructor(opts: S3EventListenerOptions) {
    this.#o = opts;
  }

  async run(signal: AbortSignal): Promise<void> {
    const { clock, log } = this.#o;
    while (!signal.aborted) {
      try {
        await this.#receiveOnce(signal);
        if (this.#failures > 0) log.info({ queueUrl: this.#o.queueUrl }, 'SQS queue reachable again; S3 events resume');
        this.#failures = 0;
      } catch (e) {
        if (signal.aborted) return;
        this.#failures++;
        if (this.#failures === 1)
          log.warn(
            { queueUrl: this.#o.queueUrl, err: errorMessage(e) },
            `SQS receive failed, retrying with backoff: ${errorMessage(e)}`,
          );
        const delay = backoffDelayMs(this.#failures, this.#o.random ?? Math.random);
        await clock.sleepUntil(new Date(clock.now().getTime() + delay), signal).catch(() => undefined);
      }
    }
  }

  async #receiveOnce(signal: AbortSignal): Promise<void> {
    const { client, queueUrl } = this.#o;
    const res = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: this.#o.waitSeconds ?? 20,
      }),
      { abortSignal: signal },
    );
    const messages = res.Messages ?? [];
    if (messages.length === 0) return;
    const keys = new Set<string>();
    for (const m of messages)
      for (const k of keysFromS3Event(m.Body ?? '', this.#o.bucket, this.#o.prefix)) keys.add(k);
    if (keys.size > 0) await this.#o.onKeys([...keys]);
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  }
}

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** A JSON answer with the request id header AWS services send. */
export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
  });
  res.end(text);
}

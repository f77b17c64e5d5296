/** The keys an S3 event notification (as delivered to SQS) names. Pure; never throws on bad input. */
export function keysFromS3Event(body: string, bucket: string, prefix: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  // SNS→SQS fan-out wraps the S3 event in an envelope whose Message is the JSON text.
  const message = (parsed as { Message?: unknown })?.Message;
  if (typeof message === 'string') return keysFromS3Event(message, bucket, prefix);
  const records = (parsed as { Records?: unknown })?.Records;
  if (!Array.isArray(records)) return []; // e.g. the s3:TestEvent sent when notifications are configured
  const keys: string[] = [];
  for (const r of records as Array<{
    eventName?: unknown;
    s3?: { bucket?: { name?: unknown }; object?: { key?: unknown } };
  }>) {
    const name = typeof r?.eventName === 'string' ? r.eventName : '';
    if (!name.startsWith('ObjectCreated') && !name.startsWith('ObjectRemoved')) continue;
    if (r.s3?.bucket?.name !== bucket || typeof r.s3?.object?.key !== 'string') continue;
    const key = decodeKey(r.s3.object.key);
    if (key?.startsWith(prefix) && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** Event keys are URL-encoded with spaces as '+'. */
function decodeKey(raw: string): string | null {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

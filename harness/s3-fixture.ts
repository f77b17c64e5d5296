import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** Deterministic bytes for fixture object `i` (content is checked byte for byte after a sync). */
export function fixtureBody(i: number, size: number): Buffer {
  const b = Buffer.alloc(size);
  let x = (i + 1) * 2654435761;
  for (let j = 0; j < size; j += 4) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    b.writeUInt32LE(x, j - (j + 4 > size ? j + 4 - size : 0));
  }
  return b;
}

export interface FixtureSpec {
  /** Number of small objects (1–64 KB). */
  small: number;
  /** Number of large objects, each `largeBytes`. */
  large: number;
  largeBytes: number;
}

export interface FixtureObject {
  key: string;
  size: number;
  index: number;
}

/** Keys and sizes of a fixture: nested folders, mostly small files, a few large ones. */
export function fixtureObjects(spec: FixtureSpec, prefix = 'dags/'): FixtureObject[] {
  const out: FixtureObject[] = [];
  for (let i = 0; i < spec.small; i++) {
    const size = 1024 + ((i * 7919) % (63 * 1024));
    out.push({ key: `${prefix}team-${i % 10}/batch-${Math.floor(i / 100)}/dag_${i}.py`, size, index: i });
  }
  for (let i = 0; i < spec.large; i++)
    out.push({ key: `${prefix}data/large-${i}.bin`, size: spec.largeBytes, index: spec.small + i });
  return out;
}

export function s3FixtureClient(endpoint: string): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { httpAgent: { maxSockets: 32 } },
  });
}

/** Creates `bucket` and uploads the fixture with 32 parallel PUTs. */
export async function uploadFixture(
  client: S3Client,
  bucket: string,
  objects: FixtureObject[],
  create = true,
): Promise<void> {
  if (create) await client.send(new CreateBucketCommand({ Bucket: bucket }));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < objects.length) {
      const o = objects[next++]!;
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: o.key, Body: fixtureBody(o.index, o.size) }));
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { RemoteObject } from './sync-plan.js';

/** Keys per ListObjectsV2 page (the S3 maximum). */
export const PAGE_SIZE = 1_000;

/** One ListObjectsV2 request of a walk: the function-typed seam tests wrap to fail a chosen page. */
export type ListPage = (request: {
  bucket: string;
  prefix: string;
  startAfter?: string;
  continuationToken?: string;
}) => Promise<{ objects: RemoteObject[]; nextContinuationToken?: string }>;

/** Key ranges `(after, upTo]`; `after` undefined is the start of the prefix, `upTo` undefined its end. */
export interface KeyRange {
  after?: string;
  upTo?: string;
}

/**
 * S3's listing order: keys compared as UTF-8 bytes. JavaScript's `<` compares UTF-16 code units, which
 * disagrees for characters above U+FFFF against U+E000–U+FFFF, so range bounds are compared with this.
 */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Splits the key space into ranges of about `pageSize` keys each, at keys of the previous complete listing
 * (`sortedKeys`, in S3 order). The ranges always cover every possible key, whatever the bucket holds now:
 * the bounds only decide how the walk is cut, never what it may miss.
 */
export function keyRanges(sortedKeys: readonly string[], pageSize = PAGE_SIZE): KeyRange[] {
  const ranges: KeyRange[] = [];
  let after: string | undefined;
  for (let i = pageSize - 1; i < sortedKeys.length - 1; i += pageSize) {
    const upTo = sortedKeys[i]!;
    ranges.push({ after, upTo });
    after = upTo;
  }
  ranges.push({ after });
  return ranges;
}

/** What {@link walkRanges} needs. */
export interface WalkOptions {
  listPage: ListPage;
  bucket: string;
  prefix: string;
  ranges: readonly KeyRange[];
  /** Ranges listed at once. */
  concurrency: number;
  /** Each page's objects within its range, as it arrives (pages of different ranges interleave). */
  onPage?: (objects: readonly RemoteObject[]) => void;
}

/**
 * Lists every range, `concurrency` at a time, each with `StartAfter` and then continuation tokens until it
 * passes its upper bound or the listing ends. Resolves with the complete listing in S3 order; rejects if any
 * page failed (after the ranges already under way have settled), so a caller never sees a partial listing as
 * complete.
 */
export async function walkRanges(opts: WalkOptions): Promise<RemoteObject[]> {
  const results: RemoteObject[][] = opts.ranges.map(() => []);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < opts.ranges.length && failure === undefined) {
      const i = next++;
      try {
        await walkRange(opts, opts.ranges[i]!, results[i]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, opts.ranges.length)) }, worker));
  if (failure) throw failure.error;
  return results.flat();
}

async function walkRange(opts: WalkOptions, range: KeyRange, out: RemoteObject[]): Promise<void> {
  let token: string | undefined;
  for (;;) {
    const page = await opts.listPage({
      bucket: opts.bucket,
      prefix: opts.prefix,
      ...(token === undefined
        ? range.after === undefined
          ? {}
          : { startAfter: range.after }
        : { continuationToken: token }),
    });
    const inRange =
      range.upTo === undefined ? page.objects : page.objects.filter((o) => compareKeys(o.key, range.upTo!) <= 0);
    out.push(...inRange);
    if (inRange.length > 0) opts.onPage?.(inRange);
    const last = page.objects.at(-1);
    const passedEnd = range.upTo !== undefined && last !== undefined && compareKeys(last.key, range.upTo) >= 0;
    if (passedEnd || page.nextContinuationToken === undefined) return;
    token = page.nextContinuationToken;
  }
}

/** The real ListObjectsV2 request, `pageSize` keys per page. */
export function s3ListPage(client: S3Client, pageSize = PAGE_SIZE): ListPage {
  return async ({ bucket, prefix, startAfter, continuationToken }) => {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        MaxKeys: pageSize,
        StartAfter: startAfter,
        ContinuationToken: continuationToken,
      }),
    );
    const objects: RemoteObject[] = [];
    for (const o of page.Contents ?? []) {
      if (o.Key === undefined) continue;
      objects.push({ key: o.Key, etag: o.ETag ?? '', size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0) });
    }
    if (page.IsTruncated && !page.NextContinuationToken)
      throw new Error(
        `ListObjectsV2 of s3://${bucket}/${prefix} said the listing goes on but gave no continuation token`,
      );
    return { objects, nextContinuationToken: page.IsTruncated ? page.NextContinuationToken : undefined };
  };
}

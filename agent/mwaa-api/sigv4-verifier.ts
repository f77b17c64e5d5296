import { timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest, QueryParameterBag } from '@smithy/types';
import { Sha256 } from './hash-constructor.js';
import { MwaaApiError } from './mwaa-api-error.js';

/** An access key the API accepts, with the secret its requests are signed with. */
export interface AcceptedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A request as received: the raw request target (path and query, still percent-encoded) and its body. */
export interface ReceivedRequest {
  method: string;
  /** The request target as sent (`/tags/arn%3Aaws%3A…?tagKeys=a`); an absolute-form target is reduced to it. */
  target: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** How far a request's `X-Amz-Date` may be from now, as AWS allows. */
const MAX_SKEW_MS = 15 * 60 * 1000;

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/**
 * Checks a request's Signature Version 4 by signing it again with @smithy/signature-v4 (the AWS SDK's own
 * signer) over exactly the headers the client signed, and comparing. Refusals carry AWS's error types and
 * texts: MissingAuthenticationTokenException, UnrecognizedClientException, InvalidSignatureException.
 * Returns the access key id that signed.
 */
export async function verifySignature(
  req: ReceivedRequest,
  o: { credentials: readonly AcceptedCredentials[]; service: string; now: Date },
): Promise<string> {
  const authorization = header(req.headers, 'authorization');
  if (!authorization)
    throw new MwaaApiError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  const m = AUTH.exec(authorization);
  if (!m)
    throw new MwaaApiError(
      400,
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters of AWS4-HMAC-SHA256. Authorization=${authorization.split(' ')[0]}`,
    );
  const [accessKeyId, day, region, service, signedHeaders, signature] = m.slice(1) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const accepted = o.credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!accepted)
    throw new MwaaApiError(
      403,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  if (service !== o.service)
    throw new MwaaApiError(
      403,
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${o.service}'. `,
    );
  const amzDate = header(req.headers, 'x-amz-date');
  const signingDate = amzDate ? parseAmzDate(amzDate) : null;
  if (!amzDate || !signingDate || amzDate.slice(0, 8) !== day)
    throw new MwaaApiError(
      400,
      'IncompleteSignatureException',
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header matching the credential date ${day}.`,
    );
  const skew = o.now.getTime() - signingDate.getTime();
  if (Math.abs(skew) > MAX_SKEW_MS) {
    const limit = new Date(o.now.getTime() + (skew > 0 ? -MAX_SKEW_MS : MAX_SKEW_MS));
    throw new MwaaApiError(
      403,
      'InvalidSignatureException',
      skew > 0
        ? `Signature expired: ${amzDate} is now earlier than ${amzText(limit)} (${amzText(o.now)} - 15 min.)`
        : `Signature not yet current: ${amzDate} is still later than ${amzText(limit)} (${amzText(o.now)} + 15 min.)`,
    );
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: accepted.secretAccessKey },
    region,
    service,
    sha256: Sha256,
    uriEscapePath: true,
    // botocore signs no x-amz-content-sha256 for this service; the signer would add it to the signed headers.
    applyChecksum: false,
  });
  const signed = await signer.sign(signableRequest(req, signedHeaders.split(';')), {
    signingDate,
    signingRegion: region,
    signingService: service,
  });
  const expected = /Signature=([0-9a-f]{64})/.exec(
    String(signed.headers.authorization ?? signed.headers.Authorization),
  )?.[1];
  if (!expected || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature)))
    throw new MwaaApiError(403, 'InvalidSignatureException', SIGNATURE_MISMATCH);
  return accessKeyId;
}

/** The request with only the headers the client signed, its path as sent and its query decoded. */
function signableRequest(req: ReceivedRequest, signedHeaders: string[]): HttpRequest {
  const q = req.target.indexOf('?');
  const path = q < 0 ? req.target : req.target.slice(0, q);
  const query: QueryParameterBag = {};
  for (const [k, v] of new URLSearchParams(q < 0 ? '' : req.target.slice(q + 1))) {
    const prev = query[k];
    query[k] = prev === undefined || prev === null ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
  }
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const host = headers.host ?? '';
  return {
    method: req.method,
    protocol: 'http:',
    hostname: host.replace(/:\d+$/, ''),
    path,
    query,
    headers,
    body: req.body,
  };
}

function header(headers: ReceivedRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function parseAmzDate(s: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, se] = m.map(Number) as number[];
  return new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, se!));
}

function amzText(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * itsdangerous' `URLSafeSerializer(secret)`, which Airflow 3 uses for `file_token` and log continuation tokens:
 * base64url of the compact UTF-8 JSON, ".", base64url of its HMAC-SHA1 under the key sha1("itsdangerous" +
 * "signer" + secret) (the "django-concat" derivation). itsdangerous zlib-compresses payloads that shrink by more
 * than a byte; the small payloads signed here never do, and compressed tokens are not accepted back.
 */
export class UrlSafeSerializer {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = createHash('sha1').update(`itsdangeroussigner${secret}`).digest();
  }

  #sign(body: string): string {
    return createHmac('sha1', this.#key).update(body).digest().toString('base64url');
  }

  dumps(payload: unknown): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.#sign(body)}`;
  }

  /** The payload, or null for a token this secret did not sign (itsdangerous' BadSignature). */
  loads(token: string): unknown {
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return null;
    const body = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.#sign(body));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
  }
}

import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';

/** What a token was issued for. */
export interface TokenGrant {
  environment: string;
  kind: 'cli' | 'web';
}

/** MWAA's CLI and web login tokens are valid for 60 seconds (its user guide). */
export const TOKEN_LIFETIME_MS = 60_000;

/**
 * Opaque random tokens (CreateCliToken, CreateWebLoginToken) kept in memory with their expiry; a web token
 * is used once. Expired tokens are dropped when the next one is issued.
 */
export class ShortLivedTokens {
  readonly #clock: Clock;
  readonly #tokens = new Map<string, TokenGrant & { expires: number }>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  issue(grant: TokenGrant): string {
    const now = this.#clock.now().getTime();
    for (const [t, g] of this.#tokens) if (g.expires <= now) this.#tokens.delete(t);
    const token = randomBytes(32).toString('base64url');
    this.#tokens.set(token, { ...grant, expires: now + TOKEN_LIFETIME_MS });
    return token;
  }

  /** The grant of a valid token of `kind`, or 'expired' / 'unknown'. */
  check(token: string, kind: TokenGrant['kind']): TokenGrant | 'expired' | 'unknown' {
    const grant = this.#tokens.get(token);
    if (!grant || grant.kind !== kind) return 'unknown';
    if (grant.expires <= this.#clock.now().getTime()) {
      this.#tokens.delete(token);
      return 'expired';
    }
    if (kind === 'web') this.#tokens.delete(token);
    return { environment: grant.environment, kind: grant.kind };
  }
}

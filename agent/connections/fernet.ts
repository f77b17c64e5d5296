import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Fernet (https://github.com/fernet/spec), as Python's `cryptography.fernet` writes it: token =
 * urlsafe-base64 with padding of `0x80 ‖ timestamp (u64 BE) ‖ IV (16) ‖ AES-128-CBC/PKCS7 ciphertext ‖
 * HMAC-SHA256 (32)`; key = urlsafe-base64 of 32 bytes (signing half, then encryption half).
 * Hand-written on node:crypto because the npm packages (`fernet`, `fernet-nodejs`) sit on crypto-js 3.
 */
const VERSION = 0x80;

/** Thrown for a token that is malformed, signed with another key, or not Fernet at all. */
export class InvalidToken extends Error {
  override name = 'InvalidToken';
}

function b64urlEncode(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

function b64urlDecode(text: string): Buffer {
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** One Fernet key. */
export class Fernet {
  private readonly signingKey: Buffer;
  private readonly encryptionKey: Buffer;

  /** @throws Error with cryptography's text when the key is not 32 url-safe base64-encoded bytes. */
  constructor(key: string) {
    const raw = /^[A-Za-z0-9_\-+/]*={0,2}$/.test(key.trim()) ? b64urlDecode(key.trim()) : Buffer.alloc(0);
    if (raw.length !== 32) throw new Error('Fernet key must be 32 url-safe base64-encoded bytes.');
    this.signingKey = raw.subarray(0, 16);
    this.encryptionKey = raw.subarray(16);
  }

  /** `Fernet.generate_key()`. */
  static generateKey(): string {
    return b64urlEncode(randomBytes(32));
  }

  encrypt(plaintext: string | Buffer, now: number = Date.now(), iv: Buffer = randomBytes(16)): string {
    const cipher = createCipheriv('aes-128-cbc', this.encryptionKey, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const header = Buffer.alloc(9);
    header[0] = VERSION;
    header.writeBigUInt64BE(BigInt(Math.floor(now / 1000)), 1);
    const body = Buffer.concat([header, iv, ciphertext]);
    const mac = createHmac('sha256', this.signingKey).update(body).digest();
    return b64urlEncode(Buffer.concat([body, mac]));
  }

  /** Decrypts without a TTL (as Airflow does); throws InvalidToken. */
  decrypt(token: string): Buffer {
    const data = b64urlDecode(token);
    if (data.length < 9 + 16 + 16 + 32 || data[0] !== VERSION || (data.length - 57) % 16 !== 0)
      throw new InvalidToken();
    const body = data.subarray(0, data.length - 32);
    const mac = createHmac('sha256', this.signingKey).update(body).digest();
    if (!timingSafeEqual(mac, data.subarray(data.length - 32))) throw new InvalidToken();
    try {
      const decipher = createDecipheriv('aes-128-cbc', this.encryptionKey, body.subarray(9, 25));
      return Buffer.concat([decipher.update(body.subarray(25)), decipher.final()]);
    } catch {
      throw new InvalidToken();
    }
  }

  /** The token's creation time in seconds since the epoch (no signature check). */
  static timestamp(token: string): number {
    return Number(b64urlDecode(token).readBigUInt64BE(1));
  }
}

/**
 * `MultiFernet`: encrypts with the first key, decrypts with any. Airflow builds it from
 * `[core] fernet_key` split on commas, so a new key goes first and the old one stays until rotated.
 */
export class MultiFernet {
  private readonly fernets: Fernet[];

  constructor(keys: string[]) {
    if (keys.length === 0) throw new Error('MultiFernet requires at least one Fernet instance');
    this.fernets = keys.map((k) => new Fernet(k));
  }

  /** Parses Airflow's comma-separated key list. */
  static fromKeyList(keys: string): MultiFernet {
    return new MultiFernet(keys.split(',').map((k) => k.trim()));
  }

  encrypt(plaintext: string): string {
    return this.fernets[0]!.encrypt(plaintext);
  }

  decrypt(token: string): string {
    for (const f of this.fernets) {
      try {
        return f.decrypt(token).toString('utf8');
      } catch (e) {
        if (!(e instanceof InvalidToken)) throw e;
      }
    }
    throw new InvalidToken();
  }

  /** Re-encrypts with the first key, keeping the token's timestamp (`MultiFernet.rotate`). */
  rotate(token: string): string {
    const plaintext = this.decrypt(token);
    return this.fernets[0]!.encrypt(plaintext, Fernet.timestamp(token) * 1000);
  }
}

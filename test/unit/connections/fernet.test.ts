import { describe, expect, it } from 'vitest';
import { Fernet, InvalidToken, MultiFernet } from '../../../agent/connections/fernet.js';

// The fernet/spec "generate" vector.
const SPEC = {
  secret: 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=',
  token: 'gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==',
  now: Date.parse('1985-10-26T01:20:00-07:00'),
  iv: Buffer.from(Array.from({ length: 16 }, (_, i) => i)),
};

// Written by Python's cryptography 48.0.0: Fernet(key)._encrypt_from_parts("s3cr3t pässword".encode(), 1700000000, bytes(range(100, 116)))
// with key = urlsafe_b64encode(bytes(range(32))), and Fernet(KEY2).encrypt(b'{"private_key": "-----BEGIN"}').
const PY_KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const PY_TOKEN =
  'gAAAAABlU_EAZGVmZ2hpamtsbW5vcHFycyRoUBHD6wmD4wCAsp1sa6QyXzuLy9XBkLVfCu7CNbKD4lJAEOyEUf83DgidnFY2k2PewKu11uQpK8Ewo81jMSA=';
const PY_KEY2 = 'ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=';
const PY_TOKEN2 =
  'gAAAAABrBKBVNFfFS5RRJZ0NM3yMEogzRaXIB5ssI6RXpvkBUXixRr114lT02IfJZJ2x295hQUD_rW4_0YoJOMmFmgvdfj1hSXfN0asuEA_M_4sLDnkmaXA=';

describe('Fernet', () => {
  it('produces the spec token byte for byte from the same time and IV', () => {
    expect(new Fernet(SPEC.secret).encrypt('hello', SPEC.now, SPEC.iv)).toBe(SPEC.token);
  });

  it("produces the token Python's cryptography produces from the same parts", () => {
    expect(
      new Fernet(PY_KEY).encrypt(
        's3cr3t pässword',
        1_700_000_000_000,
        Buffer.from(Array.from({ length: 16 }, (_, i) => 100 + i)),
      ),
    ).toBe(PY_TOKEN);
  });

  it("decrypts tokens written by Python's cryptography", () => {
    expect(new Fernet(PY_KEY).decrypt(PY_TOKEN).toString()).toBe('s3cr3t pässword');
    expect(new Fernet(PY_KEY2).decrypt(PY_TOKEN2).toString()).toBe('{"private_key": "-----BEGIN"}');
  });

  it.each([
    ['a token signed with another key', (t: string) => t, PY_KEY2],
    ['a tampered ciphertext', (t: string) => t.slice(0, 40) + (t[40] === 'A' ? 'B' : 'A') + t.slice(41), PY_KEY],
    ['a wrong version byte', (t: string) => 'A' + t.slice(1), PY_KEY],
    ['a truncated token', (t: string) => t.slice(0, 30), PY_KEY],
    ['text that is not base64', () => '!!!!', PY_KEY],
  ])('rejects %s with InvalidToken', (_what, mutate, key) => {
    expect(() => new Fernet(key).decrypt(mutate(PY_TOKEN))).toThrow(InvalidToken);
  });

  it.each([['short'], [''], ['AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==']])(
    "refuses the key %j with cryptography's text",
    (key) => {
      expect(() => new Fernet(key)).toThrow('Fernet key must be 32 url-safe base64-encoded bytes.');
    },
  );

  it('generates keys Python would accept: 44 url-safe base64 characters with padding', () => {
    const key = Fernet.generateKey();
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(new Fernet(key).decrypt(new Fernet(key).encrypt('x')).toString()).toBe('x');
  });
});

describe('MultiFernet (Airflow fernet_key with commas)', () => {
  it('encrypts with the first key and decrypts with any, so old secrets stay readable after adding a key', () => {
    const rotated = MultiFernet.fromKeyList(`${PY_KEY2},${PY_KEY}`);
    expect(rotated.decrypt(PY_TOKEN)).toBe('s3cr3t pässword');
    const fresh = rotated.encrypt('new');
    expect(new Fernet(PY_KEY2).decrypt(fresh).toString()).toBe('new');
  });

  it('rotate re-encrypts with the first key and keeps the timestamp', () => {
    const token = MultiFernet.fromKeyList(`${PY_KEY2},${PY_KEY}`).rotate(PY_TOKEN);
    expect(new Fernet(PY_KEY2).decrypt(token).toString()).toBe('s3cr3t pässword');
    expect(Fernet.timestamp(token)).toBe(1_700_000_000);
  });

  it('fails with InvalidToken when no key matches', () => {
    expect(() => MultiFernet.fromKeyList(PY_KEY2).decrypt(PY_TOKEN)).toThrow(InvalidToken);
  });
});

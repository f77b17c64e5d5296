import { describe, expect, it } from 'vitest';
import { MwaaApiError } from '../../../agent/mwaa-api/mwaa-api-error.js';
import { type ReceivedRequest, verifySignature } from '../../../agent/mwaa-api/sigv4-verifier.js';

/** AWS's Signature Version 4 test suite, case get-vanilla (its published credentials and signature). */
const SUITE = {
  credentials: [{ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }],
  service: 'service',
  now: new Date('2015-08-30T12:36:00Z'),
};
const VANILLA: ReceivedRequest = {
  method: 'GET',
  target: '/',
  headers: {
    host: 'example.amazonaws.com',
    'x-amz-date': '20150830T123600Z',
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  body: Buffer.alloc(0),
};

async function refusal(req: ReceivedRequest, o = SUITE): Promise<{ type: string; status: number; message: string }> {
  try {
    await verifySignature(req, o);
  } catch (e) {
    if (e instanceof MwaaApiError) return { type: e.type, status: e.status, message: e.message };
    throw e;
  }
  throw new Error('accepted');
}

describe('verifySignature', () => {
  it("accepts AWS's get-vanilla test vector and names the access key", async () => {
    await expect(verifySignature(VANILLA, SUITE)).resolves.toBe('AKIDEXAMPLE');
  });

  it.each([
    ['a changed path', { target: '/other' }],
    ['a changed method', { method: 'POST' }],
    ['a body the signature does not cover', { body: Buffer.from('{}') }],
    ['another host', { headers: { ...VANILLA.headers, host: 'evil.example.com' } }],
  ])('refuses %s with InvalidSignatureException', async (_what, change) => {
    expect(await refusal({ ...VANILLA, ...change })).toEqual({
      type: 'InvalidSignatureException',
      status: 403,
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    });
  });

  it('refuses a request without Authorization with MissingAuthenticationTokenException', async () => {
    expect(await refusal({ ...VANILLA, headers: { host: 'example.amazonaws.com' } })).toEqual({
      type: 'MissingAuthenticationTokenException',
      status: 403,
      message: 'Missing Authentication Token',
    });
  });

  it('refuses an access key it was not given with UnrecognizedClientException', async () => {
    const auth = String(VANILLA.headers.authorization).replace('AKIDEXAMPLE', 'AKIDOTHER');
    expect((await refusal({ ...VANILLA, headers: { ...VANILLA.headers, authorization: auth } })).type).toBe(
      'UnrecognizedClientException',
    );
  });

  it('refuses a signature for another service', async () => {
    expect(await refusal(VANILLA, { ...SUITE, service: 'airflow' })).toMatchObject({
      type: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'airflow'. ",
    });
  });

  it('refuses a signature from more than 15 minutes ago, saying so as AWS does', async () => {
    expect(await refusal(VANILLA, { ...SUITE, now: new Date('2015-08-30T12:51:01Z') })).toEqual({
      type: 'InvalidSignatureException',
      status: 403,
      message: 'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T125101Z - 15 min.)',
    });
  });
});

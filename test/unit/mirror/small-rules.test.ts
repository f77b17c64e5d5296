import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../../agent/mirror/backoff.js';
import { fileModeFor } from '../../../agent/mirror/private-key.js';
import { keysFromS3Event } from '../../../agent/mirror/s3-event-parser.js';

describe('backoffDelayMs', () => {
  it.each([
    [1, 0, 500],
    [1, 1, 1_000],
    [2, 0, 1_000],
    [4, 1, 8_000],
    [10, 0, 15_000],
    [10, 1, 30_000],
    [1_000, 0.5, 22_500],
  ])('attempt %i with random %f waits %i ms', (attempt, r, ms) => {
    expect(backoffDelayMs(attempt, () => r)).toBe(ms);
  });
});

describe('fileModeFor', () => {
  it.each([
    ['your-secret-key.pem', 'anything', 0o600],
    ['id.KEY', '', 0o600],
    ['id_rsa', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl', 0o600],
    ['id_rsa', '-----BEGIN RSA PRIVATE KEY-----\nMIIE', 0o600],
    ['k', '-----BEGIN ENCRYPTED PRIVATE KEY-----', 0o600],
    ['k', 'PuTTY-User-Key-File-3: ssh-ed25519', 0o600],
    ['cert.crt', '-----BEGIN CERTIFICATE-----', 0o644],
    ['ssh.py', 'from airflow import DAG', 0o644],
  ])('%s starting %j gets mode %o', (name, head, mode) => {
    expect(fileModeFor(name, Buffer.from(head))).toBe(mode);
  });
});

describe('keysFromS3Event', () => {
  const event = (eventName: string, key: string, bucket = 'b') =>
    JSON.stringify({ Records: [{ eventName, s3: { bucket: { name: bucket }, object: { key } } }] });
  it.each([
    [event('ObjectCreated:Put', 'dags/my+dag.py'), ['dags/my dag.py']],
    [event('ObjectRemoved:Delete', 'dags/%C3%A9.py'), ['dags/é.py']],
    [event('ObjectCreated:Put', 'other/x.py'), []],
    [event('ObjectCreated:Put', 'dags/x.py', 'other-bucket'), []],
    [event('ObjectRestore:Post', 'dags/x.py'), []],
    [JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' }), []],
    [JSON.stringify({ Message: event('ObjectCreated:Copy', 'dags/sns.py') }), ['dags/sns.py']],
    ['not json', []],
    [event('ObjectCreated:Put', 'dags/%E0%A4%A'), []],
  ])('%s → %j', (body, keys) => {
    expect(keysFromS3Event(body, 'b', 'dags/')).toEqual(keys);
  });
});

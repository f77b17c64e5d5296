import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Fernet, MultiFernet } from '../../../agent/connections/fernet.js';

/** True when python3 with the `cryptography` package (Airflow's Fernet) is on PATH. */
function pythonHasCryptography(): boolean {
  return spawnSync('python3', ['-c', 'import cryptography.fernet'], { encoding: 'utf8' }).status === 0;
}

const python = (script: string, input: string) =>
  spawnSync('python3', ['-c', script], { input, encoding: 'utf8', timeout: 30_000 });

// Skipped only where `python3 -c 'import cryptography.fernet'` fails; the unit tests hold vectors Python wrote.
describe.skipIf(!pythonHasCryptography() && !process.env.CI)(
  "Fernet interop with Python cryptography (Airflow's implementation)",
  () => {
    it('Python decrypts what mwaa-agent encrypts, with a MultiFernet key list as Airflow builds it', () => {
      const [newKey, oldKey] = [Fernet.generateKey(), Fernet.generateKey()];
      const token = MultiFernet.fromKeyList(`${newKey},${oldKey}`).encrypt('pässword/with:chars');
      const r = python(
        'import sys,json; from cryptography.fernet import Fernet, MultiFernet; a=json.load(sys.stdin); ' +
          'print(MultiFernet([Fernet(k) for k in a["keys"].split(",")]).decrypt(a["token"].encode()).decode(), end="")',
        JSON.stringify({ keys: `${oldKey},${newKey}`, token }),
      );
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('pässword/with:chars');
    });

    it('mwaa-agent decrypts what Python encrypts with a generated key', () => {
      const r = python(
        'from cryptography.fernet import Fernet; k=Fernet.generate_key(); print(k.decode(), Fernet(k).encrypt("x y é".encode()).decode())',
        '',
      );
      const [key, token] = r.stdout.trim().split(' ');
      expect(new Fernet(key!).decrypt(token!).toString()).toBe('x y é');
    });
  },
);

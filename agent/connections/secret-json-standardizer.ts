import { pyJsonDumps } from '../python/json-dumps.js';

/**
 * SecretsManagerBackend's `_standardize_secret_keys`: a JSON connection secret may name its parts with
 * other words (`user`, `pass`, `server`, `engine`, …, plus `extra_conn_words`); each part takes the first
 * key, in the secret's order, that is one of its words. The result has exactly the parts
 * (login, password, host, port, schema, conn_type, extra), null where none matched, as `json.dumps` writes it.
 */
const WORDS: Readonly<Record<string, readonly string[]>> = {
  login: ['login', 'user', 'username', 'user_name'],
  password: ['password', 'pass', 'key'],
  host: ['host', 'remote_host', 'server'],
  port: ['port'],
  schema: ['database', 'schema'],
  conn_type: ['conn_type', 'conn_id', 'connection_type', 'engine'],
  extra: ['extra'],
};

/** Throws SyntaxError (json.loads) for text that is not JSON, TypeError when it is not an object. */
export function standardizeSecretJson(secret: string, extraWords: Readonly<Record<string, readonly string[]>>): string {
  const parsed: unknown = JSON.parse(secret);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new TypeError(`expected a JSON object, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}`);
  const words: Record<string, string[]> = Object.fromEntries(Object.entries(WORDS).map(([k, v]) => [k, [...v]]));
  for (const [field, extra] of Object.entries(extraWords)) {
    // `user` stands for `login` for backwards compatibility; another unknown part is a KeyError in Python.
    const part = field === 'user' ? 'login' : field;
    if (!words[part]) throw new TypeError(`extra_conn_words has no connection part ${JSON.stringify(field)}`);
    words[part].push(...extra);
  }
  const entries = Object.entries(parsed as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [part, candidates] of Object.entries(words))
    out[part] = entries.find(([k]) => candidates.includes(k))?.[1] ?? null;
  return pyJsonDumps(out);
}

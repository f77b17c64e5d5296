/** A value `JSON.parse` can return. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A connection's extra decoded as a JSON object (Airflow's `extra_dejson`). */
export type ExtraDict = { [key: string]: JsonValue };

/**
 * Airflow's `extra_dejson`: `{}` when the extra is empty or not JSON (Airflow logs "Failed parsing the json
 * for conn_id %s" then). A JSON value that is not an object also gives `{}`: Airflow 2.10 warns about it
 * and 3.x refuses it, and no hook can read keys from it.
 */
export function extraDejson(extra: string | null): ExtraDict {
  if (!extra) return {};
  try {
    const parsed: unknown = JSON.parse(extra);
    return isJsonObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** True for a JSON object (not an array or null). */
export function isJsonObject(value: unknown): value is ExtraDict {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Airflow 2.7+'s `_validate_extra` text, or null when the extra is a JSON object (or empty). */
export function extraError(extra: string | null, connId: string): string | null {
  if (!extra) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(extra);
  } catch {
    return `Encountered non-JSON in \`extra\` field for connection '${connId}'.`;
  }
  if (!isJsonObject(parsed)) {
    return (
      'Encountered JSON value in `extra` which does not parse as a dictionary in ' +
      `connection '${connId}'. The \`extra\` field must contain a JSON representation of a Python dict.`
    );
  }
  return null;
}

import { canonicalizeName } from './pep508-requirement.js';
import { isValidVersion } from './pep440-specifier.js';
import { splitPhysicalLines } from './pip-logical-lines.js';

/**
 * A constraints file's pins (`name==version` lines; Apache's files are nothing else) and a sanity check
 * that fetched content really is a constraints file and not an error page.
 */
export interface ConstraintsContent {
  /** canonical name → pinned version. */
  pins: Map<string, string>;
  /** Airflow version named in the header (`… "constraints-2.10.3" …`) or by an `apache-airflow==` pin. */
  airflowVersion: string | null;
}

const PIN_RE = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*([^\s;#,]+)\s*(?:;.*)?$/;

export function parseConstraintsContent(text: string): ConstraintsContent {
  const pins = new Map<string, string>();
  let airflowVersion: string | null = null;
  for (const raw of splitPhysicalLines(text)) {
    const line = raw.trim();
    if (line.startsWith('#')) {
      airflowVersion ??= /constraints-(\d+\.\d+\.\d+)/.exec(line)?.[1] ?? null;
      continue;
    }
    const m = PIN_RE.exec(line.replace(/\s+#.*$/, ''));
    if (m) pins.set(canonicalizeName(m[1]!), m[2]!);
  }
  return { pins, airflowVersion: pins.get('apache-airflow') ?? airflowVersion };
}

export type ContentCheck = { ok: true; content: ConstraintsContent } | { ok: false; reason: string };

/** Fetched content is accepted only if it looks like pip constraints: mostly valid `name==version` lines. */
export function validateConstraintsContent(text: string): ContentCheck {
  if (/^\s*</.test(text)) return { ok: false, reason: 'the response is HTML, not a constraints file' };
  let pinLines = 0;
  let otherLines = 0;
  for (const raw of splitPhysicalLines(text)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = PIN_RE.exec(line.replace(/\s+#.*$/, ''));
    if (m && isValidVersion(m[2]!)) pinLines++;
    else otherLines++;
  }
  if (pinLines === 0) return { ok: false, reason: 'no name==version pins found' };
  if (otherLines > pinLines / 10)
    return { ok: false, reason: `${otherLines} of ${pinLines + otherLines} lines are not name==version pins` };
  return { ok: true, content: parseConstraintsContent(text) };
}

import pep440 from '@renovatebot/pep440';

/**
 * PEP 440 specifier checks. Validity uses packaging's own regular expressions (one regex test per
 * specifier keeps a 1,000-line file in budget); version comparison is @renovatebot/pep440's.
 */
/** One PEP 440 specifier, e.g. `{ operator: '>=', version: '2.0' }`. */
export interface VersionSpec {
  operator: string;
  version: string;
}

const RELEASE = String.raw`(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*`;
const PRE = String.raw`(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?[0-9]*)?`;
const POST = String.raw`(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?`;
const DEV = String.raw`(?:[-_.]?dev[-_.]?[0-9]*)?`;
const LOCAL = String.raw`(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?`;
const PUBLIC = `v?${RELEASE}${PRE}${POST}${DEV}`;

const VERSION_RE = new RegExp(`^${PUBLIC}${LOCAL}$`, 'i');
const PUBLIC_RE = new RegExp(`^${PUBLIC}$`, 'i');
const PREFIX_RE = new RegExp(`^v?${RELEASE}\\.\\*$`, 'i');
const COMPATIBLE_RE = new RegExp(String.raw`^v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)+${PRE}${POST}${DEV}$`, 'i');

export function isValidVersion(version: string): boolean {
  return VERSION_RE.test(version);
}

export function isValidSpecifier(operator: string, version: string): boolean {
  switch (operator) {
    case '===':
      return version.length > 0 && !/\s/.test(version);
    case '==':
    case '!=':
      return VERSION_RE.test(version) || PREFIX_RE.test(version);
    case '~=':
      return COMPATIBLE_RE.test(version);
    case '<=':
    case '>=':
    case '<':
    case '>':
      return PUBLIC_RE.test(version);
    default:
      return false;
  }
}

/** The specifier set as pip prints it: sorted, comma-joined (`packaging.SpecifierSet.__str__`). */
export function formatSpecifiers(specs: readonly VersionSpec[]): string {
  return specs
    .map((s) => `${s.operator}${s.version}`)
    .sort()
    .join(',');
}

/**
 * Whether `version` satisfies every specifier. Pre-releases count as matching, as pip's resolver does
 * for a version a constraint pins exactly.
 */
export function versionSatisfies(version: string, specs: readonly VersionSpec[]): boolean {
  for (const spec of specs) {
    if (spec.operator === '===') {
      if (spec.version !== version) return false;
      continue;
    }
    try {
      if (!pep440.satisfies(version, `${spec.operator}${spec.version}`, { prereleases: true })) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** The exact version a specifier set pins (`==x` without wildcard, or `===x`), else null. */
export function pinnedVersion(specs: readonly VersionSpec[]): string | null {
  for (const s of specs) {
    if ((s.operator === '==' && !s.version.endsWith('.*')) || s.operator === '===') return s.version;
  }
  return null;
}

import pep440 from '@renovatebot/pep440';

/** PEP 440 ordering; versions that do not parse sort as equal (callers pass table versions). */
export function compareVersions(a: string, b: string): number {
  try {
    return pep440.compare(a, b);
  } catch {
    return 0;
  }
}

import pep440 from '@renovatebot/pep440';

/**
 * Two orders of version strings, kept apart because they disagree on pre-releases:
 * - {@link comparePep440}: pip's order (PEP 440): `2.10.3rc1` < `2.10.3` < `2.10.3.post1`; what requirement
 *   specifiers, constraints and environment markers use.
 * - {@link compareReleaseDotted}: the numbers of the dotted release only (`2.10.3rc1` = `2.10.3`); what says
 *   which release line a version behaves like, for the version table's rows.
 */

/** PEP 440 order (-1, 0, 1); versions that do not parse sort as equal (callers pass well-formed versions). */
export function comparePep440(a: string, b: string): number {
  try {
    return Math.sign(pep440.compare(a, b));
  } catch {
    return 0;
  }
}

/**
 * Compares the leading integer of each dot-separated part ("2.10.3" > "2.9.1"); missing parts count as 0,
 * and anything after the digits of a part (`3rc1`) is ignored.
 */
export function compareReleaseDotted(a: string, b: string): number {
  const pa = a.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

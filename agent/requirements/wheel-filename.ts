import { canonicalizeName } from './pep508-requirement.js';

/**
 * A distribution file pip finds in a `--find-links` folder: a wheel, named as PEP 427 says
 * (`{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl`, each tag a `.`-separated set, PEP 425),
 * or a source archive (`{name}-{version}.tar.gz`/`.zip`), which pip would build.
 */
export interface DistributionFile {
  fileName: string;
  /** PEP 503 name. */
  canonical: string;
  version: string;
  kind: 'wheel' | 'sdist';
  /** Every (python, abi, platform) triple the wheel declares; empty for an sdist. */
  tags: WheelTag[];
}

export interface WheelTag {
  python: string;
  abi: string;
  platform: string;
}

const SDIST_SUFFIXES = ['.tar.gz', '.zip', '.tar.bz2', '.tar.xz', '.tgz', '.tar'];

/** The wheel named `fileName`, or null when the name is not a wheel's (pip ignores such files). */
export function parseWheelFileName(fileName: string): DistributionFile | null {
  if (!fileName.endsWith('.whl')) return null;
  const parts = fileName.slice(0, -'.whl'.length).split('-');
  if (parts.length !== 5 && parts.length !== 6) return null;
  const [name, version] = parts as [string, string];
  const [python, abi, platform] = parts.slice(-3) as [string, string, string];
  if (!name || !version || !python || !abi || !platform) return null;
  if (parts.length === 6 && !/^\d/.test(parts[2]!)) return null;
  const tags: WheelTag[] = [];
  for (const p of python.split('.'))
    for (const a of abi.split('.'))
      for (const pl of platform.split('.')) tags.push({ python: p, abi: a, platform: pl });
  // Wheel names escape '-' as '_' (PEP 427); the version may have '_' for '-' too.
  return { fileName, canonical: canonicalizeName(name), version: version.replace(/_/g, '-'), kind: 'wheel', tags };
}

/**
 * A source archive of `canonical` (pip's `_find_name_version_sep`: the name is matched against the project
 * it looks for, since names and versions can both contain '-'), or null.
 */
export function parseSdistFileName(fileName: string, canonical: string): DistributionFile | null {
  const suffix = SDIST_SUFFIXES.find((s) => fileName.toLowerCase().endsWith(s));
  if (!suffix) return null;
  const stem = fileName.slice(0, -suffix.length);
  for (let i = 0; i < stem.length; i++) {
    if (stem[i] !== '-') continue;
    if (canonicalizeName(stem.slice(0, i)) !== canonical) continue;
    const version = stem.slice(i + 1);
    return version ? { fileName, canonical, version, kind: 'sdist', tags: [] } : null;
  }
  return null;
}

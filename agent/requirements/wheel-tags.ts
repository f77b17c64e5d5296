import type { DistributionFile, WheelTag } from './wheel-filename.js';

/**
 * Whether pip on an MWAA worker would install a wheel: one of its tags must be among the interpreter's
 * supported tags, which `packaging.tags.sys_tags()` lists for CPython on manylinux x86_64 (cpython_tags
 * then compatible_tags). The target's glibc decides the newest manylinux tag it takes.
 */
export interface WheelTarget {
  /** e.g. "3.11". */
  python: string;
  /** glibc of the image, e.g. "2.34" (Amazon Linux 2023). */
  glibc: string;
  arch: 'x86_64';
}

/** PEP 600 aliases of the legacy manylinux tags. */
const LEGACY_MANYLINUX: Readonly<Record<string, [number, number]>> = {
  manylinux1: [2, 5],
  manylinux2010: [2, 12],
  manylinux2014: [2, 17],
};

export function isCompatibleWheel(file: DistributionFile, target: WheelTarget): boolean {
  if (file.kind === 'sdist') return true;
  return file.tags.some((t) => isSupportedTag(t, target));
}

export function isSupportedTag(tag: WheelTag, target: WheelTarget): boolean {
  const platformAny = tag.platform === 'any';
  if (!platformAny && !platformSupported(tag.platform, target)) return false;
  const [major, minor] = target.python.split('.').map(Number) as [number, number];
  const own = `cp${major}${minor}`;
  // CPython before 3.8 is built with pymalloc, and its ABI tag says so (`cp37m`).
  const ownAbi = major === 3 && minor < 8 ? `${own}m` : own;
  if (tag.abi === ownAbi) return !platformAny && tag.python === own;
  if (tag.abi === 'abi3') {
    const m = /^cp(\d)(\d+)$/.exec(tag.python);
    if (!m || platformAny || Number(m[1]) !== major) return false;
    const v = Number(m[2]);
    return v >= 2 && v <= minor;
  }
  if (tag.abi !== 'none') return false;
  if (tag.python === own) return true;
  if (tag.python === `py${major}`) return true;
  const py = /^py(\d)(\d+)$/.exec(tag.python);
  return py !== null && Number(py[1]) === major && Number(py[2]) <= minor;
}

function platformSupported(platform: string, target: WheelTarget): boolean {
  if (platform === `linux_${target.arch}`) return true;
  const [gMajor, gMinor] = target.glibc.split('.').map(Number) as [number, number];
  const legacy = /^(manylinux1|manylinux2010|manylinux2014)_(\w+)$/.exec(platform);
  if (legacy) {
    const [m, n] = LEGACY_MANYLINUX[legacy[1]!]!;
    return legacy[2] === target.arch && (m < gMajor || (m === gMajor && n <= gMinor));
  }
  const modern = /^manylinux_(\d+)_(\d+)_(\w+)$/.exec(platform);
  if (!modern || modern[3] !== target.arch) return false;
  const m = Number(modern[1]);
  const n = Number(modern[2]);
  return m < gMajor || (m === gMajor && n <= gMinor);
}

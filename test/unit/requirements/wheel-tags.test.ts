import { describe, expect, it } from 'vitest';
import { parseSdistFileName, parseWheelFileName } from '../../../agent/requirements/wheel-filename.js';
import { isCompatibleWheel } from '../../../agent/requirements/wheel-tags.js';

const AL2023_311 = { python: '3.11', glibc: '2.34', arch: 'x86_64' } as const;
const AL2_37 = { python: '3.7', glibc: '2.26', arch: 'x86_64' } as const;

describe('wheel file names (PEP 427)', () => {
  it('reads name, version, build tag and the tag sets', () => {
    expect(parseWheelFileName('My_Pkg-1.0-1-py2.py3-none-any.whl')).toMatchObject({
      canonical: 'my-pkg',
      version: '1.0',
      tags: [
        { python: 'py2', abi: 'none', platform: 'any' },
        { python: 'py3', abi: 'none', platform: 'any' },
      ],
    });
    expect(parseWheelFileName('a-1.0.tar.gz')).toBeNull();
    expect(parseWheelFileName('a-1.0-py3-none.whl')).toBeNull();
  });

  it("matches a source archive's name against the project pip looks for", () => {
    expect(parseSdistFileName('my-pkg-2.0.tar.gz', 'my-pkg')).toMatchObject({ version: '2.0', kind: 'sdist' });
    expect(parseSdistFileName('my-pkg-2.0.tar.gz', 'my')).toMatchObject({ version: 'pkg-2.0' });
    expect(parseSdistFileName('other-1.0.zip', 'my-pkg')).toBeNull();
  });
});

describe("wheel tags on MWAA's CPython, manylinux x86_64 (packaging.tags.sys_tags)", () => {
  it.each([
    ['x-1-py3-none-any.whl', AL2023_311, true],
    ['x-1-py2-none-any.whl', AL2023_311, false],
    ['x-1-py310-none-any.whl', AL2023_311, true],
    ['x-1-py312-none-any.whl', AL2023_311, false],
    ['x-1-cp311-none-any.whl', AL2023_311, true],
    ['x-1-cp311-cp311-manylinux_2_34_x86_64.whl', AL2023_311, true],
    ['x-1-cp311-cp311-manylinux_2_35_x86_64.whl', AL2023_311, false],
    ['x-1-cp311-cp311-manylinux2014_x86_64.whl', AL2023_311, true],
    ['x-1-cp311-cp311-manylinux_2_17_aarch64.whl', AL2023_311, false],
    ['x-1-cp311-cp311-musllinux_1_1_x86_64.whl', AL2023_311, false],
    ['x-1-cp311-cp311-linux_x86_64.whl', AL2023_311, true],
    ['x-1-cp310-cp310-manylinux2014_x86_64.whl', AL2023_311, false],
    ['x-1-cp38-abi3-manylinux2014_x86_64.whl', AL2023_311, true],
    ['x-1-cp312-abi3-manylinux2014_x86_64.whl', AL2023_311, false],
    ['x-1-cp311-cp311-win_amd64.whl', AL2023_311, false],
    ['x-1-cp37-cp37m-manylinux_2_28_x86_64.whl', AL2_37, false],
    ['x-1-cp37-cp37m-manylinux2014_x86_64.whl', AL2_37, true],
    ['x-1-cp37-cp37-manylinux2014_x86_64.whl', AL2_37, false],
    ['x-1-cp37-abi3-manylinux2014_x86_64.whl', AL2_37, true],
  ])('%s on Python %o: %s', (file, target, ok) => {
    expect(isCompatibleWheel(parseWheelFileName(file)!, target)).toBe(ok);
  });
});

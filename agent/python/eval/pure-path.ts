import type { HostObject } from './py-value.js';

/**
 * pathlib's path on POSIX as DAG files use it (`Path(__file__).stem`, `.parent / "sql"`): the path's text only,
 * never the filesystem (`resolve()`, `exists()` … cannot be followed). Parsing as CPython 3.11/3.12's
 * PurePosixPath: empty and `.` components dropped, exactly two leading slashes kept as the root.
 */
export class PurePath implements HostObject {
  readonly kind = 'path';
  readonly root: string;
  readonly parts: readonly string[];

  /** `pathlib.Path`/`PosixPath` make a PosixPath, `PurePath`/`PurePosixPath` a PurePosixPath. */
  constructor(
    readonly pyTypeName: 'PosixPath' | 'PurePosixPath',
    ...segments: string[]
  ) {
    let root = '';
    let parts: string[] = [];
    for (const s of segments) {
      const lead = /^\/*/.exec(s)![0].length;
      if (lead > 0) {
        root = lead === 2 ? '//' : '/';
        parts = [];
      }
      parts.push(...s.split('/').filter((p) => p !== '' && p !== '.'));
    }
    this.root = root;
    this.parts = parts;
  }

  toString(): string {
    return this.root + this.parts.join('/') || '.';
  }

  get name(): string {
    return this.parts.at(-1) ?? '';
  }

  /** The name's last dotted part, when the dot is neither its first nor its last character. */
  get suffix(): string {
    const i = this.name.lastIndexOf('.');
    return i > 0 && i < this.name.length - 1 ? this.name.slice(i) : '';
  }

  get stem(): string {
    return this.suffix ? this.name.slice(0, -this.suffix.length) : this.name;
  }

  get parent(): PurePath {
    if (this.parts.length === 0) return this;
    return new PurePath(this.pyTypeName, this.root + this.parts.slice(0, -1).join('/'));
  }

  join(other: string): PurePath {
    return new PurePath(this.pyTypeName, this.toString(), other);
  }
}

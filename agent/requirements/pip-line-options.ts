/**
 * The option half of a requirements-file line, parsed as pip does: `break_args_options` (the line is cut
 * at the first token starting with "-"), `shlex.split`, then optparse with pip's SUPPORTED_OPTIONS and
 * SUPPORTED_OPTIONS_REQ (long options may be abbreviated to any unambiguous prefix, like optparse).
 */
export interface PipOption {
  /** Canonical long name, e.g. "--constraint". */
  name: string;
  /** The value (unexpanded-safe text is the caller's business), or null for flags. */
  value: string | null;
}

export type OptionsParse =
  | { ok: true; args: string; options: PipOption[] }
  | { ok: false; args: string; error: string };

interface OptionSpec {
  long: string;
  short?: string;
  takesValue: boolean;
  /** Only meaningful on a requirement line (`--hash`, …). */
  perRequirement?: boolean;
}

const OPTION_SPECS: readonly OptionSpec[] = [
  { long: '--index-url', short: '-i', takesValue: true },
  { long: '--extra-index-url', takesValue: true },
  { long: '--no-index', takesValue: false },
  { long: '--constraint', short: '-c', takesValue: true },
  { long: '--requirement', short: '-r', takesValue: true },
  { long: '--editable', short: '-e', takesValue: true },
  { long: '--find-links', short: '-f', takesValue: true },
  { long: '--no-binary', takesValue: true },
  { long: '--only-binary', takesValue: true },
  { long: '--prefer-binary', takesValue: false },
  { long: '--require-hashes', takesValue: false },
  { long: '--pre', takesValue: false },
  { long: '--trusted-host', takesValue: true },
  { long: '--use-feature', takesValue: true },
  { long: '--hash', takesValue: true, perRequirement: true },
  { long: '--global-option', takesValue: true, perRequirement: true },
  { long: '--install-option', takesValue: true, perRequirement: true },
  { long: '--config-settings', takesValue: true, perRequirement: true },
];

const BY_SHORT = new Map(OPTION_SPECS.filter((o) => o.short).map((o) => [o.short!, o]));
const BY_LONG = new Map(OPTION_SPECS.map((o) => [o.long, o]));

/** Options that pip applies to one requirement line; the others are file-wide. */
export function isPerRequirementOption(name: string): boolean {
  return BY_LONG.get(name)?.perRequirement === true;
}

/** pip's `break_args_options`: tokens split on single spaces, cut at the first one starting with "-". */
export function breakArgsOptions(line: string): { args: string; options: string } {
  const tokens = line.split(' ');
  const idx = tokens.findIndex((t) => t.startsWith('-'));
  if (idx === -1) return { args: line, options: '' };
  return { args: tokens.slice(0, idx).join(' '), options: tokens.slice(idx).join(' ') };
}

export function parseLineOptions(line: string): OptionsParse {
  const { args, options } = breakArgsOptions(line);
  if (options === '') return { ok: true, args, options: [] };
  const words = shlexSplit(options);
  if (typeof words === 'string') return { ok: false, args, error: words };
  const parsed: PipOption[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--') break;
    if (!word.startsWith('-') || word === '-') continue; // optparse keeps interspersed positionals; pip ignores them
    const hit = word.startsWith('--') ? matchLong(word) : matchShort(word);
    if ('error' in hit) return { ok: false, args, error: hit.error };
    const { spec, inline, shown } = hit;
    if (!spec.takesValue) {
      if (inline !== null) return { ok: false, args, error: `${shown} option does not take a value` };
      parsed.push({ name: spec.long, value: null });
      continue;
    }
    if (inline !== null) {
      parsed.push({ name: spec.long, value: inline });
      continue;
    }
    const next = words[i + 1];
    if (next === undefined) return { ok: false, args, error: `${shown} option requires 1 argument` };
    parsed.push({ name: spec.long, value: next });
    i++;
  }
  return { ok: true, args, options: parsed };
}

type Match = { spec: OptionSpec; inline: string | null; shown: string } | { error: string };

function matchLong(word: string): Match {
  const eq = word.indexOf('=');
  const name = eq === -1 ? word : word.slice(0, eq);
  const inline = eq === -1 ? null : word.slice(eq + 1);
  const exact = BY_LONG.get(name);
  if (exact) return { spec: exact, inline, shown: name };
  const candidates = OPTION_SPECS.filter((o) => o.long.startsWith(name));
  if (candidates.length === 1) return { spec: candidates[0]!, inline, shown: candidates[0]!.long };
  if (candidates.length > 1)
    return { error: `ambiguous option: ${name} (${candidates.map((c) => c.long).join(', ')}?)` };
  return { error: `no such option: ${name}` };
}

function matchShort(word: string): Match {
  const flag = word.slice(0, 2);
  const spec = BY_SHORT.get(flag);
  if (!spec) return { error: `no such option: ${flag}` };
  return { spec, inline: word.length > 2 ? word.slice(2) : null, shown: flag };
}

/**
 * Python's `shlex.split(s)` (POSIX mode, no comments). Returns the error text of Python's ValueError
 * instead of throwing.
 */
export function shlexSplit(s: string): string[] | string {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && (s[i + 1] === '"' || s[i + 1] === '\\')) word += s[++i];
      else word += ch;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '\\') {
      if (i + 1 >= s.length) return 'No escaped character';
      word += s[++i];
    } else word += ch;
  }
  if (quote) return 'No closing quotation';
  if (inWord) words.push(word);
  return words;
}

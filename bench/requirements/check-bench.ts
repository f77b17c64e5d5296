import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parsePipRequirementsLine } from 'pip-requirements-js';
import { loadRequirementsVerdict } from '../../agent/requirements/requirements-verdict-loader.js';
import { makeRequirements } from './make-requirements.js';

/**
 * `mwaa-agent requirements check` on a 1,000-line file (goal < 20 ms), side by side with what a user could
 * run offline: pip's own requirements-file parser (pip._internal parse_requirements + packaging, no
 * resolution: `pip install --dry-run` needs an index, so it is no offline tool), and pip-requirements-js alone.
 */
const ROUNDS = 200;
const dir = mkdtempSync(join(tmpdir(), 'mwaa-req-bench-'));
const file = join(dir, 'requirements.txt');
const text = makeRequirements(1000);
writeFileSync(file, text);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** First call in this process (what one CLI run pays, modules already loaded) and the warm median. */
function time(fn: () => void): { cold: number; warm: number } {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return { cold: samples[0]!, warm: median(samples.slice(ROUNDS / 2)) };
}

const ours = time(() => {
  const v = loadRequirementsVerdict({ requirementsFile: file, dagsDir: dir, stateDir: dir });
  if (!v.ok) throw new Error(`bench file should pass: ${JSON.stringify(v.diagnostics.slice(0, 3))}`);
});
const library = time(() => {
  for (const line of text.split('\n')) {
    const l = line.replace(/(^|\s+)#.*$/, '').trim();
    if (l && !l.startsWith('-') && !l.endsWith('\\')) parsePipRequirementsLine(l);
  }
});

const PIP_SCRIPT = `
import sys, time, statistics
from pip._internal.network.session import PipSession
from pip._internal.req.req_file import parse_requirements
from pip._internal.req.constructors import install_req_from_parsed_requirement
session = PipSession()
def run():
    for parsed in parse_requirements(sys.argv[1], session=session):
        if not parsed.constraint:
            install_req_from_parsed_requirement(parsed)
run()
samples = []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter(); run(); samples.append((time.perf_counter() - t) * 1000)
print(samples[0], statistics.median(samples[len(samples) // 2:]))
`;
// The constraints URL would make pip download it; pip parses the rest of the same file.
const pipFile = join(dir, 'pip-requirements.txt');
writeFileSync(pipFile, text.split('\n').slice(1).join('\n'));
const pip = spawnSync('python3', ['-c', PIP_SCRIPT, pipFile, '40'], { encoding: 'utf8' });
const pipMs =
  pip.status === 0
    ? { cold: Number(pip.stdout.trim().split(' ')[0]), warm: Number(pip.stdout.trim().split(' ')[1]) }
    : null;
const pipVersion = spawnSync('python3', ['-m', 'pip', '--version'], { encoding: 'utf8' })
  .stdout.trim()
  .split(' from')[0];

const row = (name: string, r: { cold: number; warm: number }) =>
  console.log(
    `${name.padEnd(62)} first call ${r.cold.toFixed(2).padStart(7)} ms (${(r.cold / ours.cold).toFixed(1)}×)   warm median ${r.warm.toFixed(2).padStart(7)} ms (${(r.warm / ours.warm).toFixed(1)}×)`,
  );
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
console.log(
  `file: 1,000 lines; "first call" = first check in the process (modules loaded, JIT cold), "warm" = median of the last ${ROUNDS / 2} of ${ROUNDS} runs; ratios relative to mwaa-agent`,
);
row('mwaa-agent requirements check (parse + MWAA rules + constraints)', ours);
row('pip-requirements-js alone (parse only)', library);
if (pipMs !== null) row(`${pipVersion} parse_requirements (parse only, in-process)`, pipMs);
else console.log(`pip parse_requirements: not run (${pip.stderr.trim().split('\n').pop()})`);
console.log(
  `goal: under 20 ms → ${ours.cold < 20 ? 'met' : 'NOT met'} on the first call, ${ours.warm < 20 ? 'met' : 'NOT met'} warm`,
);
rmSync(dir, { recursive: true, force: true });

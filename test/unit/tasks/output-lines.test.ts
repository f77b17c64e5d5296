import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../agent/core/clock.js';
import { OutputLines } from '../../../agent/tasks/output-lines.js';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { TaskLogMasker } from '../../../agent/tasks/task-log-masker.js';
import { TaskLogWriter } from '../../../agent/tasks/task-log-writer.js';

function split(chunks: string[], max?: number): string[] {
  const lines = new OutputLines(max);
  return [...chunks.flatMap((c) => lines.push(Buffer.from(c))), ...lines.end()];
}

describe('OutputLines', () => {
  it.each([
    [['a\nb\n'], ['a', 'b']],
    [['a\nb'], ['a', 'b']],
    [
      ['par', 'tial\nline\n'],
      ['partial', 'line'],
    ],
    [['a \t\r\n\n'], ['a', '']],
    [['carriage\rreturn\n'], ['carriage\rreturn']],
    [[''], []],
  ])('splits %j on newlines as readline() does: %j', (chunks, expected) => {
    expect(split(chunks)).toEqual(expected);
  });

  it('hands out a line longer than the limit in pieces, never holding more than the limit', () => {
    expect(split(['abcdefghij\nk'], 4)).toEqual(['abcd', 'efgh', 'ij', 'k']);
    expect(split(['ab', 'cdef', 'gh'], 3)).toEqual(['abc', 'def', 'gh']);
  });

  it('never cuts a UTF-8 character in two', () => {
    const pieces = split(['aé€😀bc'], 4);
    expect(pieces.join('')).toBe('aé€😀bc');
    for (const p of pieces) expect(p).not.toContain('\ufffd');
  });
});

describe('TaskLogWriter output cap', () => {
  function writer(maxOutputBytes: number) {
    const lines: string[] = [];
    const w = new TaskLogWriter({
      clock: new ManualClock('2024-01-01T00:00:00Z'),
      profile: airflowProfile('2.10.3'),
      masker: new TaskLogMasker(),
      path: null,
      sinks: [(l) => lines.push(l.replace(/^\[[^\]]+\] /, '').trimEnd())],
      maxOutputBytes,
    });
    return { w, lines };
  }
  const src = { file: 'subprocess.py', line: 106 };

  it('drops output past the cap and reports it once before the next line, never dropping other lines', () => {
    const { w, lines } = writer(130);
    for (let i = 0; i < 5; i++) w.output('INFO', `line ${i}`, src);
    w.info('Command exited with return code 0', { file: 'subprocess.py', line: 110 });
    w.output('INFO', 'after', src);
    w.close();
    expect(lines).toEqual([
      '{subprocess.py:106} INFO - line 0',
      '{subprocess.py:106} INFO - line 1',
      '{mwaa_agent:0} WARNING - … truncated 21 bytes (3 lines) of task output: the output of one attempt is capped at 130 bytes (--task-log-max-bytes)',
      '{subprocess.py:110} INFO - Command exited with return code 0',
      '{mwaa_agent:0} WARNING - … truncated 6 bytes (1 lines) of task output: the output of one attempt is capped at 130 bytes (--task-log-max-bytes)',
    ]);
  });
});

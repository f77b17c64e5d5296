/** A realistic 1,000-line requirements.txt: constraints, pins, ranges, extras, markers, comments, continuations. */
export function makeRequirements(lines = 1000): string {
  const out = [
    '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt',
    'apache-airflow-providers-ssh',
  ];
  for (let i = 0; out.length < lines; i++) {
    if (i % 25 === 0) out.push(`# group ${i / 25}: data tooling`);
    else if (i % 10 === 1)
      out.push(`package-${i}[extra-a,extra_b]>=1.${i},<2.0 ; python_version >= "3.7" and sys_platform == "linux"`);
    else if (i % 10 === 2) out.push(`package-${i}~=${i}.0  # pinned loosely`);
    else if (i % 50 === 3) out.push(`package-${i}==1.0.${i} \\`, `    --hash=sha256:${'ab'.repeat(32)}`);
    else out.push(`package-${i}==${i}.1.0`);
  }
  return out.slice(0, lines).join('\n') + '\n';
}

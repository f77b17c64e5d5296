import { describe, expect, it } from 'vitest';
import { check, lines, REQ } from './check-harness.js';

const GUIDE =
  '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt\napache-airflow-providers-ssh\n';
const C = (af: string, py: string) =>
  `-c https://raw.githubusercontent.com/apache/airflow/constraints-${af}/constraints-${py}.txt\n`;

describe('the guide and the versions MWAA offers', () => {
  it("reads the guide's exact file as Airflow 2.2.2 / Python 3.7 with ssh provider 2.3.0 and the ssh type", () => {
    const v = check({ [REQ]: GUIDE });
    expect(v).toMatchObject({
      ok: true,
      airflowVersion: '2.2.2',
      pythonVersion: '3.7',
      sshProviderVersion: '2.3.0',
      diagnostics: [],
    });
    expect(v.constraints).toEqual({
      source: 'url',
      resolved: 'https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt',
    });
    expect(v.providers).toContain('apache-airflow-providers-ssh');
    expect(v.connectionTypes).toContain('ssh');
    expect(v.runnableConnectionTypes).toEqual(['ssh']);
  });

  it.each([
    ['2.0.2', '3.7', '1.3.0'],
    ['2.4.3', '3.10', '3.2.0'],
    ['2.5.1', '3.10', '3.4.0'],
    ['2.6.3', '3.10', '3.7.1'],
    ['2.7.2', '3.11', '3.7.3'],
    ['2.8.1', '3.11', '3.10.0'],
    ['2.9.2', '3.11', '3.11.1'],
    ['2.10.1', '3.11', '3.13.1'],
    ['2.10.3', '3.11', '3.14.0'],
    ['2.11.0', '3.12', '4.1.0'],
    ['2.11.2', '3.12', '4.3.1'],
    ['3.0.6', '3.12', '4.1.3'],
    ['3.2.1', '3.12', '5.0.0'],
    ['3.3.1', '3.12', '6.0.1'],
  ])('Airflow %s / Python %s pins apache-airflow-providers-ssh %s', (af, py, ssh) => {
    const v = check({ [REQ]: C(af, py) + 'apache-airflow-providers-ssh\n' });
    expect(v).toMatchObject({ ok: true, airflowVersion: af, pythonVersion: py, sshProviderVersion: ssh });
  });

  it('a missing file means no requirements: Airflow 2.10.3 / Python 3.11 with default constraints, no ssh', () => {
    const v = check({}, {}, '2.10.3');
    expect(v).toMatchObject({
      ok: true,
      airflowVersion: '2.10.3',
      pythonVersion: '3.11',
      sshProviderVersion: null,
      diagnostics: [],
    });
    expect(v.constraints.source).toBe('default');
    expect(v.connectionTypes).not.toContain('ssh');
  });

  it('refuses an Airflow/Python pair MWAA does not offer and lists the pairs it does', () => {
    const v = check({ [REQ]: C('2.2.2', '3.8') });
    expect(v.ok).toBe(false);
    expect(lines(v)[0]).toMatch(
      /^1: error: MWAA does not offer Airflow 2\.2\.2 with Python 3\.8; it offers \(Airflow\/Python\): 1\.10\.12\/3\.7, 2\.0\.2\/3\.7, 2\.2\.2\/3\.7, .*3\.3\.1\/3\.12$/,
    );
  });

  it('preinstalls fab, smtp, common-io on 2.9+ and standard on 3.x, never ssh', () => {
    expect(check({ [REQ]: C('2.2.2', '3.7') }).providers).toEqual([
      'apache-airflow-providers-amazon',
      'apache-airflow-providers-celery',
      'apache-airflow-providers-common-sql',
      'apache-airflow-providers-ftp',
      'apache-airflow-providers-http',
      'apache-airflow-providers-imap',
      'apache-airflow-providers-postgres',
      'apache-airflow-providers-sqlite',
    ]);
    expect(check({ [REQ]: C('2.10.3', '3.11') }).providers).toEqual(
      expect.arrayContaining([
        'apache-airflow-providers-fab',
        'apache-airflow-providers-smtp',
        'apache-airflow-providers-common-io',
      ]),
    );
    expect(check({ [REQ]: C('3.0.6', '3.12') }).providers).toContain('apache-airflow-providers-standard');
    expect(check({ [REQ]: C('3.0.6', '3.12') }).providers).not.toContain('apache-airflow-providers-ssh');
  });
});

describe("MWAA's constraint rules", () => {
  it("forces the default constraints when none are given, with MWAA's warning", () => {
    const v = check({ [REQ]: 'apache-airflow-providers-ssh\n' }, {}, '2.10.3');
    expect(v.ok).toBe(true);
    expect(v.constraints).toEqual({
      source: 'default',
      resolved: 'https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt',
    });
    expect(lines(v)).toEqual([
      '1: warning: Constraints should be specified for requirements.txt. Please see https://docs.aws.amazon.com/mwaa/latest/userguide/working-dags-dependencies.html#working-dags-dependencies-test-create. Forcing local constraints: https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt',
    ]);
    expect(v.sshProviderVersion).toBe('3.14.0');
  });

  it('still forces its own constraints when the -c sits in an included file (MWAA scans only the top file)', () => {
    const v = check({
      [REQ]: '-r inc.txt\napache-airflow-providers-ssh\n',
      '/env/requirements/inc.txt': C('2.8.1', '3.11'),
    });
    expect(v.airflowVersion).toBe('2.8.1');
    expect(v.constraints.source).toBe('url');
    expect(lines(v)[0]).toMatch(
      /^1: warning: Constraints should be specified for requirements\.txt\..*Forcing local constraints: .*constraints-2\.8\.1\/constraints-3\.11\.txt$/,
    );
  });

  it("treats a commented-out constraint line as an opt-out, as MWAA's regex does", () => {
    const v = check({ [REQ]: '# -c https://example.invalid/c.txt\napache-airflow-providers-ssh==3.0.0\n' });
    expect(v.ok).toBe(true);
    expect(v.constraints).toEqual({ source: 'none', resolved: null });
    expect(lines(v)[0]).toMatch(
      /^1: warning: this commented-out constraint line makes MWAA skip its default constraints/,
    );
  });

  it("reports a pin against the constraints in pip's words", () => {
    const v = check({ [REQ]: GUIDE.replace('apache-airflow-providers-ssh', 'apache-airflow-providers-ssh==3.0.0') });
    expect(v.ok).toBe(false);
    expect(lines(v)).toEqual([
      '2: error: Cannot install apache-airflow-providers-ssh==3.0.0 because these package versions have conflicting dependencies: The user requested apache-airflow-providers-ssh==3.0.0 / The user requested (constraint) apache-airflow-providers-ssh==2.3.0 (ResolutionImpossible)',
    ]);
    expect(v.connectionTypes).not.toContain('ssh');
  });

  it.each([
    ['apache-airflow-providers-ssh>=2,<3', true],
    ['apache-airflow-providers-ssh~=2.3', true],
    ['apache-airflow-providers-ssh!=2.3.0', false],
    ['paramiko==2.8.0', true],
    ['paramiko<2.8', false],
  ])('%s against the 2.2.2 constraints installs: %s', (line, ok) => {
    expect(check({ [REQ]: C('2.2.2', '3.7') + line + '\n' }).ok).toBe(ok);
  });

  it('refuses to change an essential package on images that enforce them', () => {
    const v = check({ [REQ]: C('2.10.3', '3.11') + 'apache-airflow==2.9.0\ncelery==5.3.0\n' });
    expect(v.ok).toBe(false);
    expect(lines(v)[0]).toContain(
      'The user requested apache-airflow==2.9.0 / The user requested (constraint) apache-airflow==2.10.3',
    );
    expect(lines(v)[0]).toContain('MWAA enforces a list of critical packages');
    expect(lines(v)[1]).toContain('The user requested (constraint) celery==5.4.0');
  });

  it('keeps essential packages pinned even when the user opts out of constraints', () => {
    const v = check({ [REQ]: '# -c none\nCelery==5.3.0\n' }, {}, '2.10.3');
    expect(v.ok).toBe(false);
    expect(lines(v)[1]).toContain('The user requested Celery==5.3.0 / The user requested (constraint) celery==5.4.0');
  });

  it('warns that older MWAA lets a requirement replace Airflow itself', () => {
    const v = check({ [REQ]: C('2.2.2', '3.7') + 'apache-airflow==2.3.0\n' });
    expect(v.ok).toBe(true);
    expect(lines(v)[0]).toMatch(/^2: warning: apache-airflow==2\.3\.0 would replace the environment's Airflow 2\.2\.2/);
  });

  it('resolves a custom constraints file in the DAG folder and uses its pins', () => {
    const v = check({
      [REQ]:
        '--constraint "/usr/local/airflow/dags/constraints-3.11-updated.txt"\napache-airflow-providers-ssh==3.0.0\n',
      '/env/dags/constraints-3.11-updated.txt': 'apache-airflow==2.8.1\napache-airflow-providers-ssh==3.12.0\n',
    });
    expect(v).toMatchObject({
      airflowVersion: '2.8.1',
      pythonVersion: '3.11',
      constraints: { source: 'path', resolved: '/usr/local/airflow/dags/constraints-3.11-updated.txt' },
    });
    expect(lines(v)[0]).toContain('The user requested (constraint) apache-airflow-providers-ssh==3.12.0');
  });

  it('cannot constrain a URL requirement whose name is constrained (pip ≥ 20.3)', () => {
    const v = check({ [REQ]: C('2.2.2', '3.7') + 'apache-airflow-providers-ssh @ https://example.invalid/p.whl\n' });
    expect(lines(v)).toEqual([
      "2: error: Could not satisfy constraints for 'apache-airflow-providers-ssh': installation from path or url cannot be constrained to a version",
    ]);
  });
});

describe('providers and connection types', () => {
  it('an apache-airflow[ssh] extra brings the ssh provider', () => {
    const v = check({ [REQ]: C('2.2.2', '3.7') + 'apache-airflow[ssh]==2.2.2\n' });
    expect(v.ok).toBe(true);
    expect(v.connectionTypes).toContain('ssh');
    expect(v.sshProviderVersion).toBe('2.3.0');
  });

  it('types of other providers exist but are not runnable', () => {
    const v = check({ [REQ]: C('2.8.1', '3.11') + 'apache-airflow-providers-mysql\napache-airflow-providers-sftp\n' });
    expect(v.connectionTypes).toEqual(expect.arrayContaining(['mysql', 'sftp', 'ssh', 'aws', 'http', 'postgres']));
    expect(v.runnableConnectionTypes).toEqual(['ssh']);
  });

  it('a requirement whose marker excludes the environment installs nothing', () => {
    const v = check({ [REQ]: C('2.2.2', '3.7') + 'apache-airflow-providers-ssh; python_version >= "3.8"\n' });
    expect(v.connectionTypes).not.toContain('ssh');
    expect(
      check({
        [REQ]:
          C('2.2.2', '3.7') + 'apache-airflow-providers-ssh ; python_version < "3.8" and sys_platform == "linux"\n',
      }).connectionTypes,
    ).toContain('ssh');
  });

  it('a failed install adds no provider, as MWAA starts without the packages', () => {
    const v = check({ [REQ]: C('2.2.2', '3.7') + 'apache-airflow-providers-ssh\nnot a requirement\n' });
    expect(v.ok).toBe(false);
    expect(v.connectionTypes).not.toContain('ssh');
  });
});

describe('pip syntax', () => {
  it.each([
    ['continuation lines', 'apache-airflow-providers-\\\nssh\n', true],
    ['a comment after whitespace', 'apache-airflow-providers-ssh  # the provider\n', true],
    [
      'an abbreviated long option, as optparse allows',
      '--constr https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt\napache-airflow-providers-ssh\n',
      true,
    ],
    [
      '--hash on a requirement line',
      C('2.2.2', '3.7') + 'apache-airflow-providers-ssh==2.3.0 --hash=sha256:abc\n',
      true,
    ],
    ['an editable VCS requirement', C('2.2.2', '3.7') + '-e git+https://example.invalid/x.git#egg=mypkg\n', true],
    [
      'index options',
      C('2.2.2', '3.7') +
        '--index-url https://pypi.example.invalid/simple\n--extra-index-url https://x.invalid\n--trusted-host x.invalid\n--pre\napache-airflow-providers-ssh\n',
      true,
    ],
    [
      'a wheel in plugins with --find-links',
      C('2.2.2', '3.7') + '--find-links /usr/local/airflow/plugins\n--no-index\napache-airflow-providers-ssh\n',
      true,
    ],
  ])('accepts %s', (_name, text, ok) => {
    const v = check({ [REQ]: text });
    expect(v.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(v.ok).toBe(ok);
    if (text.includes('ssh')) expect(v.connectionTypes).toContain('ssh');
  });

  it.each([
    [
      'foo=1.0',
      "1: error: Invalid requirement: 'foo=1.0': col 4: expected end of input (Hint: = is not a valid operator. Did you mean == ?)",
    ],
    ['foo>=1.*', "1: error: Invalid requirement: 'foo>=1.*': invalid version specifier '>=1.*'"],
    ['--bogus', '1: error: Invalid requirement: --bogus: no such option: --bogus'],
    ['-c', '1: error: Invalid requirement: -c: -c option requires 1 argument'],
    ['--e x', '1: error: Invalid requirement: --e x: ambiguous option: --e (--extra-index-url, --editable?)'],
    ["-r 'unclosed", "1: error: Invalid requirement: -r 'unclosed: No closing quotation"],
    [
      'foo; python_version >>> "3"',
      '1: error: Invalid requirement: \'foo; python_version >>> "3"\': col 22: expected "\\"", "\'", "extra", "implementation_version", "implementation_name", "platform_python_implementation", "platform_machine", "platform_version", "platform_system", "platform_release", "sys_platform", "os_name", "python_full_version", or "python_version"',
    ],
  ])('reports %s on its line', (text, expected) => {
    const v = check({ [REQ]: C('2.10.3', '3.11').replace(/\n$/, '\n') + text + '\n' });
    expect(lines(v).map((l) => l.replace(/^2:/, '1:'))).toEqual([expected]);
  });

  it('expands ${VAR} but never shows the value', () => {
    const v = check(
      {
        [REQ]:
          '-c https://${HOST}/apache/airflow/constraints-2.2.2/constraints-3.7.txt\n--index-url https://${USER}:${PASS}@pypi.example.invalid/simple\napache-airflow-providers-ssh==9.9\n',
      },
      { HOST: 'raw.githubusercontent.com', USER: 'u', PASS: 's3cr3t-value' },
    );
    expect(v.airflowVersion).toBe('2.2.2');
    expect(v.constraints.resolved).toBe('https://${HOST}/apache/airflow/constraints-2.2.2/constraints-3.7.txt');
    expect(JSON.stringify(v)).not.toContain('s3cr3t-value');
  });

  it('follows -r relative to the including file and reports circular includes', () => {
    const v = check({
      [REQ]: C('2.2.2', '3.7') + '-r more/extra.txt\n',
      '/env/requirements/more/extra.txt': 'apache-airflow-providers-ssh\n-r ../requirements.txt\n',
    });
    expect(v.connectionTypes).not.toContain('ssh');
    expect(lines(v)).toEqual([
      '/env/requirements/more/extra.txt:2: error: circular include: /env/requirements/requirements.txt -> /env/requirements/more/extra.txt -> /env/requirements/requirements.txt (pip would recurse until RecursionError)',
    ]);
  });

  it('installs what an included file lists', () => {
    const v = check({
      [REQ]: C('2.2.2', '3.7') + '-r more/extra.txt\n',
      '/env/requirements/more/extra.txt': 'apache-airflow-providers-ssh\n',
    });
    expect(v).toMatchObject({ ok: true, diagnostics: [] });
    expect(v.connectionTypes).toContain('ssh');
  });

  it("reports a missing include with pip's message and refuses paths outside the two folders", () => {
    expect(lines(check({ [REQ]: C('2.2.2', '3.7') + '-r nope.txt\n' }))).toEqual([
      "2: error: Could not open requirements file: [Errno 2] No such file or directory: 'nope.txt'",
    ]);
    expect(lines(check({ [REQ]: C('2.2.2', '3.7') + '-r ../../etc/passwd\n' }))[0]).toContain(
      'is outside the DAG folder and the requirements folder',
    );
    expect(lines(check({ [REQ]: C('2.2.2', '3.7') + '-r /etc/passwd\n' }))[0]).toContain(
      'is not a path mwaa-agent can map',
    );
  });

  it('reports invalid UTF-8 with the line it is on', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('apache-airflow-providers-ssh\nfoo\n'), 0xff, 0x0a]);
    const v = check({ [REQ]: bytes }, {}, '2.10.3');
    expect(v.ok).toBe(false);
    expect(lines(v)).toEqual([
      '1: warning: Cannot determine whether the requirements.txt file has constraints or not; forcing local constraints: https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt',
      "3: error: 'utf-8' codec can't decode byte 0xff in position 33: invalid start byte or continuation byte; save the file as UTF-8",
    ]);
  });

  it('accepts a UTF-8 byte-order mark', () => {
    expect(check({ [REQ]: new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(GUIDE)]) }).ok).toBe(true);
  });

  it('--no-index without --find-links cannot install what is not preinstalled', () => {
    const v = check({
      [REQ]: C('2.2.2', '3.7') + '--no-index\napache-airflow-providers-ssh\napache-airflow-providers-http\n',
    });
    expect(lines(v)).toEqual([
      '3: error: Could not find a version that satisfies the requirement apache-airflow-providers-ssh (from versions: none); No matching distribution found for apache-airflow-providers-ssh (--no-index is set and no --find-links is given)',
    ]);
  });

  it('two lines pinning different versions conflict', () => {
    const v = check({ [REQ]: C('2.2.2', '3.7') + 'requests==2.0\nRequests==2.1\n' });
    expect(lines(v)).toEqual([
      '3: error: Cannot install Requests==2.1 and requests==2.0 because these package versions have conflicting dependencies: The user requested requests==2.0 / The user requested Requests==2.1 (ResolutionImpossible)',
    ]);
  });
});

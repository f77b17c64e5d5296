import { at, type LogSource } from './log-source.js';

/** What the SSH path shows of paramiko, the SSH library the provider runs on. */
export interface ParamikoFacts {
  /** `Transport._log`'s `self.logger.log(level, msg, *args)`: every `paramiko.transport` record carries it. */
  transport: LogSource;
  /** DSA ("ssh-dss") keys load (paramiko < 4.0.0 has DSSKey). */
  supportsDss: boolean;
}

export interface ParamikoRelease {
  version: string;
  facts: ParamikoFacts;
}

/** `Transport._log` runs on the transport's own thread (Transport is a threading.Thread). */
const transport = (line: number): LogSource => ({ ...at('transport.py', line, 'paramiko.transport'), ownThread: true });

/**
 * paramiko versions at which a fact changes, oldest first; a version between two rows behaves as the earlier
 * one. Each line is `transport.py`'s in the released wheel (2.7.2, 2.8.0, 2.12.0, 3.2.0, 3.3.1, 3.4.0, 3.4.1,
 * 3.5.0, 3.5.1, 4.0.0 and 5.0.0 were read).
 */
export const PARAMIKO_RELEASES: readonly ParamikoRelease[] = [
  { version: '2.7.1', facts: { transport: transport(1819), supportsDss: true } },
  { version: '2.12.0', facts: { transport: transport(1874), supportsDss: true } },
  { version: '3.2.0', facts: { transport: transport(1893), supportsDss: true } },
  { version: '3.4.0', facts: { transport: transport(1909), supportsDss: true } },
  { version: '3.4.1', facts: { transport: transport(1923), supportsDss: true } },
  { version: '3.5.0', facts: { transport: transport(1944), supportsDss: true } },
  { version: '4.0.0', facts: { transport: transport(1938), supportsDss: false } },
  { version: '5.0.0', facts: { transport: transport(1786), supportsDss: false } },
];

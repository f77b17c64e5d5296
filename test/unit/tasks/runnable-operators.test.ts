import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../agent/core/logger.js';
import { BashOperator } from '../../../agent/tasks/bash-operator.js';
import { EmptyOperator } from '../../../agent/tasks/empty-operator.js';
import { RUNNABLE_OPERATORS } from '../../../agent/tasks/runnable-operators.js';
import { SshOperator } from '../../../agent/tasks/ssh/ssh-operator.js';

describe('RUNNABLE_OPERATORS', () => {
  it('names exactly the classes the agent’s operators run', async () => {
    const ssh = new SshOperator({ log: silentLogger() });
    try {
      const names = [ssh, new BashOperator({ env: {} }), new EmptyOperator()].flatMap((o) => o.operatorNames);
      expect([...RUNNABLE_OPERATORS].sort()).toEqual([...names].sort());
    } finally {
      await ssh.close();
    }
  });
});

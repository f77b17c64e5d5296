import type { AgentApp } from '../app/agent-app.js';
import type { Config } from '../core/config.js';
import { type AgentRecord, processStart } from './agent-record.js';

/** What `status` shows about this agent (agent-record.ts). */
export function agentRecord(config: Readonly<Config>, app: AgentApp, startedAt: string): AgentRecord {
  const verdict = app.verdict;
  return {
    pid: process.pid,
    processStart: processStart(process.pid),
    startedAt,
    mode: config.bucket ? 's3' : 'local',
    bucket: config.bucket,
    dagsPrefix: config.dagsPrefix,
    endpointUrl: config.endpointUrl,
    region: config.region,
    pollInterval: config.pollInterval,
    dagsDir: config.dagsDir,
    requirementsDir: config.requirementsDir,
    airflowVersion: verdict.airflowVersion,
    pythonVersion: verdict.pythonVersion,
    airflowVersionSource: app.airflowVersionSource,
    connectionTypes: verdict.connectionTypes,
    apiUrl: app.api.url,
    pluginsDir: config.pluginsDir,
    startupScript: app.startupScript,
    airflowOptions: app.airflowOptions,
    secretsNotes: app.secretsNotes,
  };
}

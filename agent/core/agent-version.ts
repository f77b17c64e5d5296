/** The agent's own version (package.json). */
export const AGENT_VERSION = '0.1.0';

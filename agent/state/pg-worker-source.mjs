// The PostgreSQL store's worker thread when the agent runs from its TypeScript sources (tests): tsx first,
// then the worker module. The built agent starts dist/agent/state/pg-worker.js directly.
const { register } = await import('tsx/esm/api');
register();
await import('./pg-worker.ts');

import { serveParseRequests } from './parse-service.js';

// The DAG-reading thread's entry (from the sources and dist/agent; the bundle's is parse-worker-cached.ts).
serveParseRequests();

// Entry of the worker thread that lays out a party document (render-in-worker.ts). A worker starts with plain Node,
// whatever loaded the server, so it registers tsx itself before loading the TypeScript that does the work.
import { register } from 'tsx/esm/api';

register();
await import('./document-worker-main.ts');

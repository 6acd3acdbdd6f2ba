#!/usr/bin/env node
// The `cellbase` command. TypeScript sources run through tsx, so there is no separate server build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv.slice(2));

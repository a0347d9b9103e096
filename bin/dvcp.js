#!/usr/bin/env node
// `npx dvcp …`: the CLI is TypeScript (cli/dvcp.ts); tsx, a dependency of this repository, runs it in this process.
import { register } from 'tsx/esm/api';

register();
await import('../cli/dvcp.ts');

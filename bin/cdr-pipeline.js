#!/usr/bin/env node
// Entry point: the pipeline runs from its TypeScript sources through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../pipelines/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), process.env);

#!/usr/bin/env node
// Runs the compiled commands like bin/run.js, after rebuilding; for contributors.
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { execute } from '@oclif/core';

execSync('npm run --silent build', { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' });
await execute({ development: true, dir: import.meta.url });

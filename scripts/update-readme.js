#!/usr/bin/env node
// Regenerates the README's control table from the compiled registry: `npm run readme`.
import { readFileSync, writeFileSync } from 'node:fs';
import { BUILTIN_CONTROLS } from '../dist/checks/registry.js';
import { withControlsSection } from '../dist/docs/readme.js';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, withControlsSection(readFileSync(path, 'utf8'), BUILTIN_CONTROLS));

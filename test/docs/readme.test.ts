import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CONTROLS } from '../../src/checks/registry.js';
import { withControlsSection } from '../../src/docs/readme.js';

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('has the control table of the registry (run `npm run readme` after changing a control)', () => {
    expect(readme).toBe(withControlsSection(readme, BUILTIN_CONTROLS));
  });

  it('starts with the two commands that work on a fresh machine', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toContain('npm ci && ./bin/run.js scan --snapshot examples/insecure-account.json');
    expect(firstBlock).toContain('npm test');
  });
});

import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one line naming the suites that `describeWith` skipped for want of something on the
 * machine (Chromium, moto, Terraform), and how to enable each, so that a skipped browser check is never
 * taken for a passing one. Prints nothing when nothing was skipped so.
 */
export default class SkippedReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    const line = skippedLine(testModules);
    if (line) process.stdout.write(`\n${line}\n`);
  }
}

interface Skipped {
  enable: string;
  requiredBy: string;
  files: Set<string>;
  tests: number;
}

function skippedLine(testModules: readonly TestModule[]): string | undefined {
  const byNeed = new Map<string, Skipped>();
  for (const module of testModules) {
    for (const suite of module.children.allSuites()) {
      const needs = suite.meta().needs;
      if (!needs) continue;
      const skipped = byNeed.get(needs.name) ?? { enable: needs.enable, requiredBy: needs.requiredBy, files: new Set(), tests: 0 };
      skipped.files.add(relative(process.cwd(), module.moduleId));
      skipped.tests += [...suite.children.allTests()].length;
      byNeed.set(needs.name, skipped);
    }
  }
  if (byNeed.size === 0) return undefined;
  const parts = [...byNeed].map(([name, { enable, requiredBy, files, tests }]) => {
    const names = [...files].sort();
    const where = names.length <= 3 ? names.join(', ') : `${names.length} files (${names.slice(0, 3).join(', ')}, …)`;
    return `${tests} tests of ${where} need ${name} (${enable}; ${requiredBy}=1 makes its absence fail)`;
  });
  return `Skipped: ${parts.join('; ')}.`;
}

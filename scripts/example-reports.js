/**
 * Report documents of the bundled example accounts, for the HTML report's browser test, its
 * screenshots (scripts/screenshots.js) and its size benchmark (bench/html-size.js). They use the
 * compiled code (`npm run build` first); the documents are plain data, which tests then render with
 * the source renderers.
 *
 * An organization is made of copies of the two example accounts under other account IDs (every
 * ARN follows), and one account whose role could not be assumed.
 */
import { evaluateControls } from '../dist/checks/engine.js';
import { BUILTIN_CONTROLS } from '../dist/checks/registry.js';
import { DEFAULT_CONFIG } from '../dist/config/types.js';
import { repairedBy } from '../dist/checks/repair.js';
import { buildOrganizationReport, buildReport } from '../dist/results/document.js';
import { loadSnapshot } from '../dist/snapshot/io.js';

const EXAMPLE_ACCOUNT = '123456789012';
/** Fixed, so that the same inputs give the same bytes. */
const NOW = new Date('2026-03-02T12:30:00.000Z');
const examplePath = (name) => new URL(`../examples/${name}-account.json`, import.meta.url).pathname;

export const CONTROLS = BUILTIN_CONTROLS;
export const REPAIRABLE = BUILTIN_CONTROLS.filter((control) => repairedBy(control.repair) !== undefined).map((control) => control.id);

/** `name`: `insecure` or `compliant`. */
export function exampleReport(name) {
  const snapshot = loadSnapshot(examplePath(name));
  return buildReport({ ...context(), snapshot, results: evaluate(snapshot) });
}

/**
 * `accounts` accounts: the first is the insecure example as it is (the management account), then
 * compliant and insecure copies in turn; every tenth (and the last of a small organization) could
 * not be scanned.
 */
export function exampleOrganizationReport(accounts = 3) {
  const examples = { insecure: loadSnapshot(examplePath('insecure')), compliant: loadSnapshot(examplePath('compliant')) };
  const entries = Array.from({ length: accounts }, (_, index) => {
    const id = index === 0 ? EXAMPLE_ACCOUNT : String(100_000_000_000 + index * 1_111);
    const account = { id, name: index === 0 ? 'management' : `workload-${String(index).padStart(3, '0')}` };
    if (index > 0 && (index % 10 === 9 || (accounts < 10 && index === accounts - 1))) {
      return {
        account,
        error: {
          operation: 'sts:AssumeRole',
          region: 'us-east-1',
          code: 'AccessDenied',
          message: `not authorized to assume arn:aws:iam::${id}:role/OrganizationAccountAccessRole`,
        },
      };
    }
    const snapshot = withAccountId(index % 2 === 0 ? examples.insecure : examples.compliant, id);
    return { account, snapshot, results: evaluate(snapshot) };
  });
  return buildOrganizationReport({ ...context(), caller: { accountId: EXAMPLE_ACCOUNT, partition: 'aws' }, accounts: entries });
}

function context() {
  return { controls: CONTROLS, toolVersion: '0.1.0', suppressions: [], now: NOW };
}

function evaluate(snapshot) {
  return evaluateControls(snapshot, CONTROLS, { config: DEFAULT_CONFIG });
}

function withAccountId(snapshot, id) {
  return JSON.parse(JSON.stringify(snapshot).replaceAll(EXAMPLE_ACCOUNT, id));
}

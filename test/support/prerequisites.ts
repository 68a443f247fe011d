import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';

/**
 * What some suites need from the machine beyond npm's packages, and how a suite says so. Where one is
 * missing its suites are skipped, and `skipped-reporter.ts` names them in one line at the end of the
 * run. Where the variable of one is set to 1 (`.ci/run` sets them all), its absence fails instead: a
 * runner that should have it is broken, and a silent skip would let those tests stop running unnoticed.
 */
export interface Prerequisite {
  /** What the suite needs, as the summary line names it. */
  name: string;
  /** How to get it on a Debian machine. */
  enable: string;
  /** Set to 1 to make its absence a failure. */
  requiredBy: string;
  /** Why it cannot be used here, or undefined when it can. Probed once per test process. */
  missing: () => string | undefined;
}

declare module 'vitest' {
  interface TaskMeta {
    /** A suite skipped for want of this, with how to enable it: for `skipped-reporter.ts`. */
    needs?: { name: string; enable: string; requiredBy: string };
  }
}

function once(probe: () => string | undefined): () => string | undefined {
  let result: { why: string | undefined } | undefined;
  return () => (result ??= { why: probe() }).why;
}

/** Debian's chromium package: playwright-core never downloads a browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM: Prerequisite = {
  name: 'Chromium',
  enable: 'apt-get install chromium',
  requiredBy: 'TRAILWARDEN_REQUIRE_BROWSER',
  missing: once(() => (existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} not found`)),
};

export const MOTO: Prerequisite = {
  name: 'moto server',
  enable: "pip install 'moto[server]==5.2.1'",
  requiredBy: 'TRAILWARDEN_REQUIRE_MOTO',
  // It costs a Python start-up, hence once per process.
  missing: once(() => {
    const probe = spawnSync('python3', ['-c', 'import moto'], { encoding: 'utf8', timeout: 20_000 });
    if (probe.error) return `python3 could not be run (${probe.error.message})`;
    if (probe.status !== 0) return `python3 cannot import moto (${probe.stderr.trim().split('\n').pop() || `exit ${probe.status}`})`;
    return undefined;
  }),
};

/** The parent of the local mirror's `registry.terraform.io` folder, from which the AWS provider is installed (nothing is downloaded). */
export const TERRAFORM_PROVIDER_MIRROR = process.env.TRAILWARDEN_TF_PROVIDER_MIRROR ?? '/opt/tf-plugins';

export const TERRAFORM: Prerequisite = {
  name: 'Terraform',
  enable: `terraform on PATH, the AWS provider mirrored in ${TERRAFORM_PROVIDER_MIRROR} (TRAILWARDEN_TF_PROVIDER_MIRROR)`,
  requiredBy: 'TRAILWARDEN_REQUIRE_TERRAFORM',
  missing: once(() => {
    if (!spawnSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).stdout.trim()) return 'the terraform CLI is not on PATH';
    if (!existsSync(join(TERRAFORM_PROVIDER_MIRROR, 'registry.terraform.io'))) return `no provider mirror at ${TERRAFORM_PROVIDER_MIRROR}`;
    return undefined;
  }),
};

/** `describe` for a suite that needs `prerequisite`: skipped, and named at the end of the run, where it is missing. */
export function describeWith(prerequisite: Prerequisite, name: string, body: () => void): void {
  const why = prerequisite.missing();
  const { enable, requiredBy } = prerequisite;
  if (why === undefined) {
    describe(name, body);
  } else if (process.env[requiredBy] === '1') {
    describe(name, () =>
      it(`needs ${prerequisite.name}`, () => {
        throw new Error(`${why}; ${requiredBy}=1, so this suite must run (${enable})`);
      }),
    );
  } else {
    describe(name, { skip: true, meta: { needs: { name: prerequisite.name, enable, requiredBy } } }, body);
  }
}

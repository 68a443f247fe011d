import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Flags, type Command } from '@oclif/core';
import type { CollectOptions, OrganizationScan, ProgressEvent } from '../collect/index.js';
import { loadSnapshot, saveSnapshot, SnapshotError } from '../snapshot/io.js';
import {
  assembleOrganization,
  expandSnapshotPaths,
  loadSnapshotFile,
  saveOrganizationSnapshot,
  type OrganizationRun,
  type OrganizationSnapshot,
} from '../snapshot/organization.js';
import { SNAPSHOT_VERSION } from '../snapshot/types.js';
import type { TrailwardenConfig } from '../config/types.js';
import type { AccountSnapshot } from '../snapshot/types.js';
import type { MemberWorkerSetup } from './member-worker.js';
import { checkFileTarget, writeOrExit } from './output-paths.js';
import { exitIfUsageError, orUsageError } from './common.js';
import { checkEndpointUrl, checkRegionNames, checkRoleArn } from './validate.js';
import { TOOL_VERSION } from './version.js';

/** Where the account comes from: AWS (credentials, Regions, endpoint) or a saved snapshot. */
export const accountFlags = {
  region: Flags.string({
    char: 'r',
    multiple: true,
    delimiter: ',',
    description: 'Region to scan (repeatable, or comma-separated). Default: every Region enabled for the account.',
  }),
  profile: Flags.string({ description: 'Named profile from the shared AWS config and credentials files.', exclusive: ['snapshot'] }),
  'role-arn': Flags.string({
    description: "Assume this role before scanning (the caller's credentials come from the default chain or --profile).",
    exclusive: ['snapshot'],
  }),
  'endpoint-url': Flags.string({ description: 'Send every AWS call to this endpoint (also read from AWS_ENDPOINT_URL).', exclusive: ['snapshot'] }),
  snapshot: Flags.string({ description: 'Evaluate a snapshot saved with --save-snapshot instead of calling AWS.', exclusive: ['region', 'save-snapshot'] }),
  'save-snapshot': Flags.string({
    description: 'Also write the collected account snapshot to this file (with scan --org: the whole organization, or the shard, in one file).',
  }),
  quiet: Flags.boolean({ char: 'q', description: 'No progress output on stderr.' }),
};

type AccountFlagValues = {
  region?: string[] | undefined;
  profile?: string | undefined;
  'role-arn'?: string | undefined;
  'endpoint-url'?: string | undefined;
  snapshot?: string | undefined;
  'save-snapshot'?: string | undefined;
  quiet: boolean;
  /** Seconds for the whole collection (`scan --timeout`). */
  timeout?: number | undefined;
  /** Seconds for one AWS call (`scan --call-timeout`). */
  'call-timeout'?: number | undefined;
};

type OrganizationFlagValues = Omit<AccountFlagValues, 'snapshot'> & {
  'role-name': string;
  'account-concurrency'?: number | undefined;
  workers?: number | undefined;
  shard?: { index: number; count: number } | undefined;
};

/**
 * What the collection asks beyond reading the account: `scan --verify-patterns-with-aws`'s questions
 * (and, for worker threads, which cannot be handed a function, what they are built from), `fix --kms-key ARN`'s key.
 */
export type AskedOfAws = Pick<CollectOptions, 'verifyPatterns' | 'fixKey'> & { workerSetup?: MemberWorkerSetup };

/** `--workers` by default: one thread a core, leaving one to the main thread (which evaluates, and reports progress). */
const DEFAULT_WORKERS = Math.max(1, availableParallelism() - 1);

/** Found from the installed package: dist/cli/member-worker.js, a sibling of this module, as of the bundled command's chunks (both one level below dist/). */
const MEMBER_WORKER_ENTRY = new URL('../cli/member-worker.js', import.meta.url);

/**
 * Worker threads run built JavaScript: from the TypeScript sources (the unit tests run commands so)
 * there is no member-worker.js beside this module, and the members are collected in this thread.
 */
function workerCount(requested: number | undefined): number {
  return existsSync(fileURLToPath(MEMBER_WORKER_ENTRY)) ? (requested ?? DEFAULT_WORKERS) : 1;
}

/**
 * The collector, and the AWS SDK behind it, load only when AWS is called: a scan of a saved
 * snapshot never needs them, and loading them takes most of a second.
 */
const loadCollector = () => import('../collect/index.js');

/**
 * The account flags' values, checked before anything is read or written (see validate.ts). A
 * Region name can be well formed and still not exist: that is known only once EC2 DescribeRegions
 * has answered, and the collector refuses it then (RegionError).
 */
export function checkAccountFlags(command: Command, flags: AccountFlagValues): void {
  if (flags.region) checkRegionNames(command, '--region', flags.region);
  if (flags['endpoint-url'] !== undefined) checkEndpointUrl(command, flags['endpoint-url']);
  if (flags['role-arn'] !== undefined) checkRoleArn(command, flags['role-arn']);
  // The SDK takes its home Region from AWS_REGION; a bad one would surface as a DNS error much later.
  const envRegion = process.env.AWS_REGION;
  if (flags.snapshot === undefined && flags.profile === undefined && envRegion) checkRegionNames(command, 'AWS_REGION', [envRegion]);
  if (flags['save-snapshot'] !== undefined) checkFileTarget(command, 'save-snapshot', flags['save-snapshot']);
}

/** Loads or collects the snapshot; every way this can fail for the user's reasons exits with 2. */
export async function obtainSnapshot(command: Command, flags: AccountFlagValues, config: TrailwardenConfig, asked: AskedOfAws = {}): Promise<AccountSnapshot> {
  if (flags.snapshot) return readSnapshot(command, flags.snapshot);
  const { collectSnapshot } = await loadCollector();
  const snapshot = await collectOrExit(command, flags, (onProgress) => collectSnapshot({ ...collectOptions(flags, config), ...asked, onProgress }));
  const target = flags['save-snapshot'];
  if (target !== undefined) writeOrExit(command, 'save-snapshot', target, () => saveSnapshot(target, snapshot));
  return snapshot;
}

function readSnapshot(command: Command, path: string): AccountSnapshot {
  return orUsageError(command, [SnapshotError], () => loadSnapshot(path));
}

/**
 * Collects every active account of the organization, or of its shard (`scan --org [--shard K/N]`),
 * and saves them in one file with `--save-snapshot`; a scan that cannot start exits with 2.
 */
export async function obtainOrganization(
  command: Command,
  flags: OrganizationFlagValues,
  config: TrailwardenConfig,
  asked: AskedOfAws = {},
): Promise<OrganizationScan> {
  const { collectOrganization } = await loadCollector();
  const { workerSetup, ...questions } = asked;
  const organization = await collectOrExit(command, flags, (onProgress) =>
    collectOrganization({
      ...collectOptions(flags, config),
      ...questions,
      roleName: flags['role-name'],
      accountConcurrency: flags['account-concurrency'],
      workers: { count: workerCount(flags.workers), entry: MEMBER_WORKER_ENTRY, setup: workerSetup },
      shard: flags.shard,
      onProgress,
    }),
  );
  const target = flags['save-snapshot'];
  if (target !== undefined) {
    const file: OrganizationSnapshot = {
      snapshotVersion: SNAPSHOT_VERSION,
      kind: 'organization',
      generator: { name: 'trailwarden', version: TOOL_VERSION },
      ...organization,
    };
    writeOrExit(command, 'save-snapshot', target, () => saveOrganizationSnapshot(target, file));
  }
  return organization;
}

/**
 * `scan --snapshot` given one or more files, directories or patterns: one account snapshot alone
 * is scanned as it always was; anything more is one organization, evaluated together.
 */
export function readSnapshots(command: Command, given: readonly string[]): { snapshot: AccountSnapshot } | { organization: OrganizationRun } {
  return orUsageError(command, [SnapshotError], () => {
    const files = expandSnapshotPaths(given).map(loadSnapshotFile);
    const [only] = files;
    if (files.length === 1 && only && 'account' in only) return { snapshot: only.account };
    return { organization: assembleOrganization(files) };
  });
}

/**
 * Runs a collection with the progress line, cleared however it ends (so that an error message does
 * not start mid-line); the collector's "cannot start" errors end the command with exit 2.
 */
async function collectOrExit<T>(
  command: Command,
  flags: { quiet: boolean; profile?: string | undefined },
  collect: (onProgress?: (event: ProgressEvent) => void) => Promise<T>,
): Promise<T> {
  const { CredentialsError, OrganizationError, RegionError } = await loadCollector();
  const progress = terminalProgress(flags.quiet);
  try {
    return await collect(progress.show);
  } catch (error) {
    exitIfUsageError(command, error, [CredentialsError, OrganizationError, RegionError], (e) =>
      e instanceof CredentialsError ? withProfileSource(e.message, flags.profile) : e.message,
    );
    throw error;
  } finally {
    progress.clear();
  }
}

/** The SDK's message says what failed, not where the profile came from; AWS_PROFILE is the usual surprise. */
function withProfileSource(message: string, profileFlag: string | undefined): string {
  const envProfile = process.env.AWS_PROFILE;
  return profileFlag === undefined && envProfile ? `${message}; the profile came from AWS_PROFILE=${envProfile}` : message;
}

function collectOptions(flags: Omit<AccountFlagValues, 'snapshot' | 'save-snapshot'>, config: TrailwardenConfig): CollectOptions {
  return {
    toolVersion: TOOL_VERSION,
    regions: flags.region,
    profile: flags.profile,
    roleArn: flags['role-arn'],
    endpointUrl: flags['endpoint-url'],
    dataEventBuckets: config.dataEventBuckets,
    timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
    requestTimeoutMs: flags['call-timeout'] === undefined ? undefined : flags['call-timeout'] * 1000,
  };
}

/** One progress line on stderr, rewritten in place: only for a person at a terminal, and not with --quiet. */
function terminalProgress(quiet: boolean): { show?: (event: ProgressEvent) => void; clear: () => void } {
  if (quiet || !process.stderr.isTTY) return { clear: () => {} };
  return {
    show: (event) => process.stderr.write(`\r\x1b[K${event.message}`),
    clear: () => process.stderr.write('\r\x1b[K'),
  };
}

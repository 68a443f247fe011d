import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readSnapshotJson, SnapshotError, snapshotProblem } from './io.js';
import { SNAPSHOT_VERSION, type AccountSnapshot, type CollectionError } from './types.js';

/**
 * An organization saved by `scan --org --save-snapshot FILE` (one file per run, or per shard with
 * `--shard K/N`): every account it covered, scanned or not, so that scanning the file again gives
 * the verdicts of the live run. Several such files (the shards), and account snapshots collected
 * apart, are evaluated together as one organization.
 */
export interface OrganizationSnapshot {
  snapshotVersion: typeof SNAPSHOT_VERSION;
  kind: 'organization';
  generator: { name: 'trailwarden'; version: string };
  /** Who scanned: the management account or a delegated administrator. */
  caller: { accountId: string; partition: string; callerArn?: string };
  organizationId?: string;
  shard?: { index: number; count: number };
  accounts: OrganizationAccount[];
}

export type OrganizationAccount =
  { account: { id: string; name: string }; snapshot: AccountSnapshot } | { account: { id: string; name: string }; error: CollectionError };

/** The accounts of one evaluation, from any mix of files: who to report as the scanning account, and every account once. */
export interface OrganizationRun {
  caller: { accountId: string; partition: string };
  accounts: OrganizationAccount[];
}

export function saveOrganizationSnapshot(path: string, organization: OrganizationSnapshot): void {
  writeFileSync(path, `${JSON.stringify(organization, null, 2)}\n`);
}

type SnapshotFile = { path: string; account: AccountSnapshot } | { path: string; organization: OrganizationSnapshot };

/**
 * The files `--snapshot` names: a file, a directory (its `.json` files), or a file name with `*`
 * and `?` in its last part (for a shell that did not expand it). A pattern or a directory that
 * names no file is an error, not an empty organization. A file named twice is an account given twice.
 */
export function expandSnapshotPaths(given: readonly string[]): string[] {
  return given.flatMap((path) => {
    if (isDirectory(path)) return jsonFilesIn(path, path);
    const name = basename(path);
    if (!/[*?]/.test(name)) return [path];
    const dir = dirname(path);
    const found = isDirectory(dir)
      ? readdirSync(dir)
          .filter((entry) => wildcardMatches(name, entry))
          .sort()
          .map((entry) => join(dir, entry))
      : [];
    if (found.length === 0) throw new SnapshotError(`snapshot pattern ${path} matches no file`);
    return found;
  });
}

function jsonFilesIn(dir: string, given: string): string[] {
  const files = readdirSync(dir)
    .filter((entry) => entry.endsWith('.json'))
    .sort()
    .map((entry) => join(dir, entry));
  if (files.length === 0) throw new SnapshotError(`snapshot directory ${given} holds no .json file`);
  return files;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** `*` any run of characters, `?` one character: a file-name wildcard, matched character by character. */
function wildcardMatches(pattern: string, name: string): boolean {
  if (pattern === '') return name === '';
  const [head, rest] = [pattern[0]!, pattern.slice(1)];
  if (head === '*') return [...Array(name.length + 1).keys()].some((skip) => wildcardMatches(rest, name.slice(skip)));
  return name !== '' && (head === '?' || head === name[0]) && wildcardMatches(rest, name.slice(1));
}

/** Reads an account snapshot or an organization snapshot; the message of a failure names the file. */
export function loadSnapshotFile(path: string): SnapshotFile {
  const raw = readSnapshotJson(path);
  if (typeof raw === 'object' && raw !== null && (raw as { kind?: unknown }).kind === 'organization') {
    const problem = organizationProblem(raw as Record<string, unknown>);
    if (problem) throw new SnapshotError(`snapshot ${path} ${problem}`);
    return { path, organization: raw as OrganizationSnapshot };
  }
  const problem = snapshotProblem(raw);
  if (problem) throw new SnapshotError(`snapshot ${path} ${problem}`);
  return { path, account: raw as AccountSnapshot };
}

function organizationProblem(raw: Record<string, unknown>): string | undefined {
  if (raw.snapshotVersion !== SNAPSHOT_VERSION) {
    return `has snapshotVersion ${JSON.stringify(raw.snapshotVersion)}, but this trailwarden reads version ${SNAPSHOT_VERSION}: collect it again with this version`;
  }
  const caller = raw.caller as Record<string, unknown> | undefined;
  if (typeof caller?.accountId !== 'string' || typeof caller.partition !== 'string') return 'is invalid: caller.accountId and caller.partition must be strings';
  if (!Array.isArray(raw.accounts)) return 'is invalid: accounts must be an array';
  for (const [i, entry] of (raw.accounts as unknown[]).entries()) {
    const item = entry as Record<string, unknown> | null;
    const account = item?.account as Record<string, unknown> | undefined;
    if (typeof account?.id !== 'string' || typeof account.name !== 'string') return `is invalid: accounts[${i}].account must have a string id and name`;
    if ('snapshot' in item!) {
      const problem = snapshotProblem(item.snapshot);
      if (problem) return `is invalid: accounts[${i}] (account ${account.id}) ${problem}`;
    } else if (typeof item!.error !== 'object' || item!.error === null) {
      return `is invalid: accounts[${i}] (account ${account.id}) has neither a snapshot nor an error`;
    }
  }
  return undefined;
}

/**
 * The files of one evaluation as one organization: every account once, in id order. Files of two
 * organizations, or an account in two files, cannot be one run.
 */
export function assembleOrganization(files: readonly SnapshotFile[]): OrganizationRun {
  const organizations = new Map<string, string>();
  const seen = new Map<string, string>();
  const accounts: OrganizationAccount[] = [];
  for (const file of files) {
    const entries = 'organization' in file ? file.organization.accounts : [{ account: { id: file.account.account.id, name: '' }, snapshot: file.account }];
    if ('organization' in file && file.organization.organizationId)
      organizations.set(file.organization.organizationId, organizations.get(file.organization.organizationId) ?? file.path);
    for (const entry of entries) {
      const earlier = seen.get(entry.account.id);
      if (earlier) throw new SnapshotError(`account ${entry.account.id} is in two snapshots, ${earlier} and ${file.path}: give each account once`);
      seen.set(entry.account.id, file.path);
      accounts.push(entry);
    }
  }
  if (organizations.size > 1) {
    const [first, second] = [...organizations].map(([id, path]) => `${path} is of ${id}`);
    throw new SnapshotError(`snapshots of two organizations: ${first}, ${second}; evaluate one organization at a time`);
  }
  const organization = files.flatMap((file) => ('organization' in file ? [file.organization] : []))[0];
  const first = files[0];
  const caller =
    organization?.caller ?? (first && 'account' in first ? { accountId: first.account.account.id, partition: first.account.account.partition } : undefined);
  if (!caller) throw new SnapshotError('no snapshot to evaluate');
  return { caller: { accountId: caller.accountId, partition: caller.partition }, accounts: accounts.sort((a, b) => a.account.id.localeCompare(b.account.id)) };
}

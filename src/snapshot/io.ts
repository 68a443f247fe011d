import { readFileSync, writeFileSync } from 'node:fs';
import { SNAPSHOT_VERSION, type AccountSnapshot } from './types.js';

/** A snapshot file that cannot be scanned; the message names the file and the problem. */
export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

export function saveSnapshot(path: string, snapshot: AccountSnapshot): void {
  writeFileSync(path, `${JSON.stringify(snapshot, null, 2)}\n`);
}

export function loadSnapshot(path: string): AccountSnapshot {
  const raw = readSnapshotJson(path);
  const problem = snapshotProblem(raw);
  if (problem) throw new SnapshotError(`snapshot ${path} ${problem}`);
  return raw as AccountSnapshot;
}

/** A snapshot file's JSON, account or organization; a file that cannot be read or parsed is a SnapshotError naming it. */
export function readSnapshotJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SnapshotError(`cannot read snapshot ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(`snapshot ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

type Shape = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'collected';

/**
 * The fields every check relies on, with their shapes. This is not a full schema: it catches the
 * files a user can realistically hand us (another tool's JSON, a truncated file, an old version)
 * with a message that names the first wrong field.
 */
const TOP_LEVEL: Record<string, Shape> = {
  generator: 'object',
  collectedAt: 'string',
  account: 'object',
  regions: 'array',
  skippedRegions: 'array',
  regionData: 'array',
  trails: 'array',
  logGroups: 'array',
  topics: 'array',
  buckets: 'array',
  kmsKeys: 'array',
  accountPublicAccessBlock: 'collected',
  errors: 'array',
  callCounts: 'object',
};

const ELEMENTS: Record<string, Record<string, Shape>> = {
  regionData: { region: 'string', trailArns: 'collected', eventRules: 'collected' },
  trails: {
    arn: 'string',
    name: 'string',
    homeRegion: 'string',
    isMultiRegionTrail: 'boolean',
    status: 'collected',
    selectors: 'collected',
    insightSelectors: 'collected',
  },
  logGroups: { region: 'string', name: 'string', arn: 'string', details: 'collected' },
  topics: { arn: 'string', region: 'string', subscriptions: 'collected' },
  buckets: {
    name: 'string',
    region: 'collected',
    policy: 'collected',
    publicAccessBlock: 'collected',
    acl: 'collected',
    logging: 'collected',
    lifecycle: 'collected',
    versioning: 'collected',
  },
  kmsKeys: { ref: 'string', region: 'string', details: 'collected' },
};

export function snapshotProblem(raw: unknown): string | undefined {
  if (!isObject(raw)) return 'is not a trailwarden snapshot (expected a JSON object)';
  if (!('snapshotVersion' in raw)) return 'is not a trailwarden snapshot (no snapshotVersion field)';
  if (raw.snapshotVersion !== SNAPSHOT_VERSION) {
    return `has snapshotVersion ${JSON.stringify(raw.snapshotVersion)}, but this trailwarden reads version ${SNAPSHOT_VERSION}: collect it again with this version`;
  }
  const top = fieldsProblem(raw, TOP_LEVEL, '');
  if (top) return top;
  const account = raw.account as Record<string, unknown>;
  if (typeof account.id !== 'string' || typeof account.partition !== 'string') return 'is invalid: account.id and account.partition must be strings';
  for (const [list, fields] of Object.entries(ELEMENTS)) {
    const items = raw[list] as unknown[];
    for (const [i, item] of items.entries()) {
      const problem = isObject(item) ? fieldsProblem(item, fields, `${list}[${i}].`) : `is invalid: ${list}[${i}] must be an object`;
      if (problem) return problem;
    }
  }
  return undefined;
}

function fieldsProblem(value: Record<string, unknown>, fields: Record<string, Shape>, prefix: string): string | undefined {
  for (const [name, shape] of Object.entries(fields)) {
    if (!hasShape(value[name], shape)) return `is invalid: ${prefix}${name} ${value[name] === undefined ? 'is missing' : `must be ${describe(shape)}`}`;
  }
  return undefined;
}

function hasShape(value: unknown, shape: Shape): boolean {
  switch (shape) {
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case 'collected':
      return isObject(value) && (value.ok === true ? 'value' in value : value.ok === false && isObject(value.error));
    default:
      return typeof value === shape;
  }
}

function describe(shape: Shape): string {
  return shape === 'collected' ? '{"ok": true, "value": …} or {"ok": false, "error": {…}}' : `a${shape === 'array' || shape === 'object' ? 'n' : ''} ${shape}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

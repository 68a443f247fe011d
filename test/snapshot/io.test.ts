import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSnapshot, saveSnapshot, SnapshotError } from '../../src/snapshot/io.js';
import { SNAPSHOT_VERSION, type AccountSnapshot } from '../../src/snapshot/types.js';

const dir = mkdtempSync(join(tmpdir(), 'tw-snapshot-'));

function emptySnapshot(): AccountSnapshot {
  return {
    snapshotVersion: SNAPSHOT_VERSION,
    generator: { name: 'trailwarden', version: '0.0.0' },
    collectedAt: '2026-11-23T00:00:00.000Z',
    account: { id: '123456789012', partition: 'aws' },
    regions: ['us-east-1'],
    skippedRegions: [],
    regionData: [{ region: 'us-east-1', trailArns: { ok: true, value: [] }, eventRules: { ok: true, value: [] } }],
    trails: [],
    logGroups: [],
    topics: [],
    buckets: [],
    kmsKeys: [],
    accountPublicAccessBlock: { ok: true, value: null },
    errors: [],
    callCounts: {},
  };
}

function fileWith(text: string): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, text);
  return path;
}

describe('snapshot files', () => {
  it('round-trips a snapshot', () => {
    const path = join(dir, 'round.json');
    saveSnapshot(path, emptySnapshot());
    expect(loadSnapshot(path)).toEqual(emptySnapshot());
  });

  it.each([
    ['{not json', /is not valid JSON/],
    ['[]', /is not a trailwarden snapshot \(expected a JSON object\)/],
    ['{"Records": []}', /no snapshotVersion field/],
    [JSON.stringify({ ...emptySnapshot(), snapshotVersion: 99 }), /has snapshotVersion 99, but this trailwarden reads version 1/],
    [JSON.stringify({ ...emptySnapshot(), trails: {} }), /trails must be an array/],
    [JSON.stringify({ ...emptySnapshot(), regions: undefined }), /regions is missing/],
    [
      JSON.stringify({ ...emptySnapshot(), trails: [{ arn: 'a', name: 'n', homeRegion: 'r', isMultiRegionTrail: true, status: { ok: 'yes' } }] }),
      /trails\[0\]\.status must be/,
    ],
  ])('refuses %s with a message naming the problem', (text, message) => {
    const path = fileWith(text);
    expect(() => loadSnapshot(path)).toThrow(SnapshotError);
    expect(() => loadSnapshot(path)).toThrow(message);
  });

  it('names a missing file', () => {
    expect(() => loadSnapshot(join(dir, 'missing.json'))).toThrow(/cannot read snapshot .*missing\.json: ENOENT/);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shardOf } from '../../src/collect/organization.js';
import { SnapshotError } from '../../src/snapshot/io.js';
import {
  assembleOrganization,
  expandSnapshotPaths,
  loadSnapshotFile,
  saveOrganizationSnapshot,
  type OrganizationSnapshot,
} from '../../src/snapshot/organization.js';
import { SNAPSHOT_VERSION } from '../../src/snapshot/types.js';
import { snapshotWith } from '../checks/fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tw-org-'));
  dirs.push(dir);
  return dir;
}

function organization(ids: string[], extra: Partial<OrganizationSnapshot> = {}): OrganizationSnapshot {
  return {
    snapshotVersion: SNAPSHOT_VERSION,
    kind: 'organization',
    generator: { name: 'trailwarden', version: '0.0.0-test' },
    caller: { accountId: '111111111111', partition: 'aws' },
    organizationId: 'o-example',
    accounts: ids.map((id) => ({ account: { id, name: `account ${id}` }, snapshot: snapshotWith({ account: { id, partition: 'aws' } }) })),
    ...extra,
  };
}

describe('organization snapshots', () => {
  it('saves and loads an organization, and assembles shards into every account once, in id order', () => {
    const dir = tempDir();
    saveOrganizationSnapshot(join(dir, 'shard-2.json'), organization(['333333333333'], { shard: { index: 2, count: 2 } }));
    saveOrganizationSnapshot(join(dir, 'shard-1.json'), organization(['111111111111', '222222222222'], { shard: { index: 1, count: 2 } }));

    const files = expandSnapshotPaths([join(dir, 'shard-?.json')]).map(loadSnapshotFile);
    const run = assembleOrganization(files);

    expect(run.caller).toEqual({ accountId: '111111111111', partition: 'aws' });
    expect(run.accounts.map((entry) => entry.account.id)).toEqual(['111111111111', '222222222222', '333333333333']);
    expect(expandSnapshotPaths([dir])).toEqual([join(dir, 'shard-1.json'), join(dir, 'shard-2.json')]);
  });

  it('takes account snapshots collected apart as accounts of the run', () => {
    const dir = tempDir();
    const path = join(dir, 'member.json');
    writeFileSync(path, JSON.stringify(snapshotWith({ account: { id: '444444444444', partition: 'aws' } })));
    saveOrganizationSnapshot(join(dir, 'org.json'), organization(['111111111111']));

    const run = assembleOrganization([loadSnapshotFile(join(dir, 'org.json')), loadSnapshotFile(path)]);

    expect(run.accounts.map((entry) => entry.account.id)).toEqual(['111111111111', '444444444444']);
  });

  it.each([
    [
      'two organizations',
      [organization(['111111111111']), organization(['222222222222'], { organizationId: 'o-other' })],
      /snapshots of two organizations: .* is of o-example, .* is of o-other/,
    ],
    ['an account twice', [organization(['111111111111']), organization(['111111111111'])], /account 111111111111 is in two snapshots/],
  ])('refuses %s', (_label, organizations, message) => {
    const dir = tempDir();
    const files = organizations.map((org, i) => {
      const path = join(dir, `org-${i}.json`);
      saveOrganizationSnapshot(path, org);
      return loadSnapshotFile(path);
    });

    expect(() => assembleOrganization(files)).toThrow(message);
  });

  it('refuses an organization file of another version, or with an invalid account, naming the file', () => {
    const dir = tempDir();
    const path = join(dir, 'old.json');
    writeFileSync(path, JSON.stringify({ ...organization(['111111111111']), snapshotVersion: 0 }));
    expect(() => loadSnapshotFile(path)).toThrow(
      new SnapshotError(`snapshot ${path} has snapshotVersion 0, but this trailwarden reads version 1: collect it again with this version`),
    );

    const broken = organization(['111111111111']);
    (broken.accounts[0] as { snapshot: { trails?: unknown } }).snapshot.trails = undefined;
    writeFileSync(path, JSON.stringify(broken));
    expect(() => loadSnapshotFile(path)).toThrow(/accounts\[0\] \(account 111111111111\) is invalid: trails is missing/);
  });

  it('refuses a directory without snapshots and a pattern matching nothing', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'empty'));
    expect(() => expandSnapshotPaths([join(dir, 'empty')])).toThrow(/holds no \.json file/);
    expect(() => expandSnapshotPaths([join(dir, 'x-*.json')])).toThrow(/matches no file/);
  });
});

describe('shardOf', () => {
  const accounts = ['1', '2', '3', '4', '5', '6', '7'].map((id) => ({ id }));

  it('splits the sorted accounts into N stable parts that together hold each account once', () => {
    const parts = [1, 2, 3].map((index) => shardOf(accounts, { index, count: 3 }).map((account) => account.id));

    expect(parts).toEqual([
      ['1', '4', '7'],
      ['2', '5'],
      ['3', '6'],
    ]);
    expect(shardOf(accounts, undefined)).toEqual(accounts);
  });
});

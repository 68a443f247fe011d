import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventMonitoringControls } from '../../src/checks/monitoring/index.js';
import { assertBuilt, emptyDir, removeTempDirs, ROOT, runCli, STACK_FRAME, type CliRun } from './cli.js';

/** `test-pattern` as a user runs it: the CIS IAM policy filter, an EventBridge IAM rule, a CloudTrail log file. */

const LOG_FILE = join(ROOT, 'test', 'workbench', 'data', 'cloudtrail-log.json');
const CIS_IAM_FILTER = eventMonitoringControls.find((control) => control.id === 'CloudWatch.4')!.spec.filterPattern;
const IAM_RULE = JSON.stringify({
  source: ['aws.iam'],
  'detail-type': ['AWS API Call via CloudTrail'],
  detail: { eventName: [{ prefix: 'Put' }, { prefix: 'Delete' }, { prefix: 'Create' }, { prefix: 'Attach' }, { prefix: 'Detach' }] },
});

function expectRefused(run: CliRun, message: string | RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(run.stderr.trim().split('\n'), 'one line, not the help').toHaveLength(1);
}

describe('test-pattern (end to end, no AWS)', () => {
  beforeAll(assertBuilt);
  afterAll(removeTempDirs);
  const dir = emptyDir();
  const file = (name: string, bytes: string | Buffer): string => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  };

  it('the CIS IAM policy filter matches every CloudWatch.4 event: exit 0, in text and JSON', async () => {
    const text = await runCli(['test-pattern', '--control', 'CloudWatch.4', CIS_IAM_FILTER]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('the metric filter pattern matches 16 of 16 required events');
    const json = await runCli(['test-pattern', '--control', 'CloudWatch.4', '--format', 'json', CIS_IAM_FILTER]);
    expect(json.json).toMatchObject({ kind: 'filter', control: 'CloudWatch.4', satisfied: true });
  });

  it('an EventBridge IAM rule from a file is told by its JSON; one it misses exits 1 and names it', async () => {
    const good = await runCli(['test-pattern', '--control', 'CloudWatch.4', '--file', file('rule.json', IAM_RULE)]);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain('the EventBridge pattern matches 16 of 16 required events');
    const narrow = await runCli(['test-pattern', '--control', 'CloudWatch.4', '{"source":["aws.iam"],"detail":{"eventName":[{"prefix":"Put"}]}}']);
    expect(narrow.code, narrow.stderr).toBe(1);
    expect(narrow.stdout).toMatch(/^ {2}MISSED +DeleteRolePolicy$/m);
    expect(narrow.stdout).toMatch(/^ {2}match +PutRolePolicy$/m);
  });

  it('prints the verdict of each record of a CloudTrail log file, plain and gzipped', async () => {
    const gzipped = file('111122223333_CloudTrail_us-east-1_20260105T1300Z_x.json.gz', gzipSync(readFileSync(LOG_FILE)));
    for (const records of [LOG_FILE, gzipped]) {
      const run = await runCli(['test-pattern', '--records', records, '--format', 'json', CIS_IAM_FILTER]);
      expect(run.code, run.stderr).toBe(0);
      const verdicts = (run.json as { records: { position: number; verdict: string }[] }).records;
      expect(verdicts.map(({ verdict }) => verdict)).toEqual(['match', 'no-match', 'no-match', 'match']);
    }
    const text = await runCli(['test-pattern', '--records', LOG_FILE, IAM_RULE]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('The EventBridge pattern matches 2 of 4 records');
    expect(text.stdout).toMatch(/^ {2}3 {2}no-match +s3 PutBucketPolicy$/m);
  });

  it('bad input: exit 2, one line naming the problem', async () => {
    expectRefused(
      await runCli(['test-pattern', '--control', 'CloudWatch.4', '{ ($.eventName = PutRolePolicy) || }']),
      /filter pattern syntax error at column 36: /,
    );
    expectRefused(await runCli(['test-pattern', '--control', 'CloudWatch.4', '{"source": "aws.iam"}']), /EventBridge pattern syntax error at column \d+: /);
    expectRefused(
      await runCli(['test-pattern', '--control', 'CloudWatch.44', CIS_IAM_FILTER]),
      /--control CloudWatch\.44: not a monitoring control \(CloudWatch\.1, /,
    );
    expectRefused(await runCli(['test-pattern', '--records', join(dir, 'absent.json'), CIS_IAM_FILTER]), /--records .*absent\.json: cannot be read \(ENOENT\)/);
    const log = readFileSync(LOG_FILE);
    const truncated = file('truncated.json', log.subarray(0, 500));
    expectRefused(
      await runCli(['test-pattern', '--records', truncated, CIS_IAM_FILTER]),
      /truncated\.json: starts as a CloudTrail log file but is not valid JSON \(truncated\?\)/,
    );
    const gz = gzipSync(log);
    const truncatedGz = file('truncated.json.gz', gz.subarray(0, gz.length / 2));
    expectRefused(await runCli(['test-pattern', '--records', truncatedGz, CIS_IAM_FILTER]), /truncated\.json\.gz: is gzipped but cannot be decompressed/);
    expectRefused(await runCli(['test-pattern', CIS_IAM_FILTER]), /give --control ID/);
  });
});

/**
 * A CloudWatch Logs endpoint that plays AWS: it matches every message that names PutRolePolicy and
 * nothing else, or refuses every call, as told.
 */
async function fakeLogs(answer: 'PutRolePolicy only' | 'AccessDenied'): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      if (answer === 'AccessDenied') {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'not authorized to perform: logs:TestMetricFilter' }));
        return;
      }
      const { logEventMessages } = JSON.parse(body) as { logEventMessages: string[] };
      const matches = logEventMessages.flatMap((message, index) =>
        message.includes('"PutRolePolicy"') ? [{ eventNumber: index + 1, eventMessage: message }] : [],
      );
      response.end(JSON.stringify({ matches }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('test-pattern --with-aws (end to end, against a fake CloudWatch Logs)', () => {
  beforeAll(assertBuilt);
  afterAll(removeTempDirs);

  it("reports every disagreement, and AWS's answer decides the exit code", async () => {
    const { url, server } = await fakeLogs('PutRolePolicy only');
    try {
      const run = await runCli(['test-pattern', '--control', 'CloudWatch.4', '--with-aws', '--endpoint-url', url, CIS_IAM_FILTER]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toContain('the metric filter pattern matches 1 of 16 required events');
      expect(run.stdout).toMatch(/^ {2}MISSED +DeleteRolePolicy \[AWS decides; trailwarden's engine said match\]$/m);
      expect(run.stdout).toContain("AWS and trailwarden's engine disagree on 15 record(s); AWS's answer was used.");
    } finally {
      server.close();
    }
  });

  it('AccessDenied: exit 2, one ERROR line naming the operation, nothing on stdout', async () => {
    const { url, server } = await fakeLogs('AccessDenied');
    try {
      const run = await runCli(['test-pattern', '--records', LOG_FILE, '--with-aws', '--endpoint-url', url, CIS_IAM_FILTER]);
      expectRefused(run, /ERROR: --with-aws: logs:TestMetricFilter in us-east-1 failed with AccessDeniedException/);
    } finally {
      server.close();
    }
  });
});

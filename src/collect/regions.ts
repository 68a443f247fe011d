import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { Collection } from './collection.js';

/** None of the Regions the user asked for can be scanned. The CLI exits with 2 and prints the message. */
export class RegionError extends Error {
  override name = 'RegionError';
}

export interface RegionPlan {
  scan: string[];
  skipped: { region: string; reason: string }[];
}

/**
 * Which regions to scan: the requested ones, or every region enabled for the account (EC2
 * DescribeRegions with AllRegions). A region the account has not opted in to refuses every call,
 * so it is skipped with the reason instead of filling the snapshot with errors. Throws
 * `RegionError`, before any other read, for a requested region that does not exist (a typo: a
 * report would say nothing about the region meant), when no region is left to scan, and when
 * the Regions cannot be listed and none were requested.
 */
export async function planRegions(collection: Collection, requested: readonly string[] | undefined): Promise<RegionPlan> {
  const region = collection.homeRegion;
  const listed = await collection.read({ operation: 'ec2:DescribeRegions', region }, async () => {
    const answer = await collection.client('ec2', region).send(new DescribeRegionsCommand({ AllRegions: true }));
    return new Map((answer.Regions ?? []).map((r) => [r.RegionName ?? '', r.OptInStatus ?? 'opt-in-not-required']));
  });
  const wanted = requested && requested.length > 0 ? [...new Set(requested)] : undefined;
  if (!listed.ok) {
    // Without the list, trust the request (the error is recorded). Unasked, scanning some Regions only would
    // judge "in every Region" (EventBridge coverage) on those, and could pass what the account fails.
    if (wanted) return { scan: wanted, skipped: [] };
    const { code, message } = listed.error;
    throw new RegionError(
      `cannot list the Regions enabled for this account: ec2:DescribeRegions in ${region} failed with ${code} (${message}); name the Regions to scan with --region`,
    );
  }

  const optInStatus = listed.value;
  const unknown = (wanted ?? []).filter((candidate) => !optInStatus.has(candidate));
  if (unknown.length > 0) {
    const [what, it] = unknown.length === 1 ? ['is not a Region', 'it'] : ['are not Regions', 'them'];
    throw new RegionError(
      `${unknown.join(', ')} ${what} of the ${collection.identity.partition} partition (EC2 DescribeRegions does not list ${it}); check the spelling`,
    );
  }
  const plan: RegionPlan = { scan: [], skipped: [] };
  for (const candidate of wanted ?? [...optInStatus.keys()].sort()) {
    if (optInStatus.get(candidate) === 'not-opted-in')
      plan.skipped.push({ region: candidate, reason: 'not enabled for this account (opt-in status: not-opted-in)' });
    else plan.scan.push(candidate);
  }
  // Scanning no Region would report an account without trails: refuse, as for any other bad request.
  if (plan.scan.length === 0) {
    throw new RegionError(
      `no Region to scan: ${plan.skipped.map((skipped) => `${skipped.region} is ${skipped.reason}`).join('; ')}; name Regions enabled for the account`,
    );
  }
  return plan;
}

import type { ProgressEvent, ProgressFacts } from './options.js';

export function progressReporter(onProgress: ((event: ProgressEvent) => void) | undefined): (facts: ProgressFacts) => void {
  return (facts) => onProgress?.({ ...facts, message: progressMessage(facts) });
}

function progressMessage(facts: ProgressFacts): string {
  switch (facts.type) {
    case 'region-done':
      return `regions ${facts.regionsDone}/${facts.regions} read (last: ${facts.region}) · ${facts.calls} calls, ${facts.errors} errors so far`;
    case 'resources-started':
      return `reading trails: ${facts.trails}, log groups: ${facts.logGroups}, buckets: ${facts.buckets}, KMS keys: ${facts.kmsKeys} (${facts.calls} calls so far)`;
    case 'verifying':
      return `asking AWS's evaluators about ${facts.patterns} patterns (${facts.questions} questions; ${facts.calls} calls so far)`;
    case 'done':
      return `collected: ${facts.calls} calls, ${facts.retries} retries, ${facts.errors} errors`;
    case 'accounts-listed':
      return `organization: ${facts.accounts} active accounts to scan`;
    case 'account-done':
      return `accounts ${facts.accountsDone}/${facts.accounts} done (last: ${facts.accountId}${facts.scanned ? '' : ', not scanned'}) · ${facts.calls} calls so far`;
    case 'workers-done':
      return `worker threads: ${facts.workers.map((w, i) => `#${i + 1} ${w.tasks} accounts, heap peak ${mebibytes(w.peakHeapTotal)} MiB${w.crashed ? ` (${w.crashed})` : ''}`).join('; ')}`;
  }
}

const mebibytes = (bytes: number): number => Math.round(bytes / 2 ** 20);

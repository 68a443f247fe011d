import type { ProgressEvent, ProgressFacts } from './options.js';

export function progressReporter(onProgress: ((event: ProgressEvent) => void) | undefined): (facts: ProgressFacts) => void {
  return (facts) => onProgress?.({ ...facts, message: progressMessage(facts) });
}

function progressMessage(facts: ProgressFacts): string {
  switch (facts.type) {
    case 'region-started':
      return `${facts.region}: reading trails and event rules (${facts.calls} calls so far)`;
    case 'region-done':
      return `${facts.region}: done (${facts.calls} calls, ${facts.errors} errors so far)`;
    case 'resources-started':
      return `reading trails: ${facts.trails}, log groups: ${facts.logGroups}, buckets: ${facts.buckets}, KMS keys: ${facts.kmsKeys} (${facts.calls} calls so far)`;
    case 'done':
      return `collected: ${facts.calls} calls, ${facts.retries} retries, ${facts.errors} errors`;
  }
}

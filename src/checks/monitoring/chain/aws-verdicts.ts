import { questionDigest } from '../../../snapshot/question-digest.js';
import type { CollectionError, PatternQuestion, VerifiedPattern } from '../../../snapshot/types.js';
import { memoKey } from '../../memo.js';
import type { OrganizationView } from '../../organization.js';

type Answered = { asked: Set<string>; matched: Set<string> };

/**
 * `scan --verify-patterns-with-aws`: AWS's verdicts (snapshot `patternVerification`) of every
 * account of the run, by pattern, consulted by the pattern caches before the engines. An answer holds
 * wherever its question comes up (it is the question's exact text), so the owner's answers decide for
 * the owner's log group whichever account's evaluation asks.
 */
export class AwsVerdicts {
  private readonly answered = new Map<string, Answered>();
  private readonly failed = new Map<string, CollectionError>();
  private readonly digests = new WeakMap<object, string>();

  constructor(verified: readonly VerifiedPattern[]) {
    for (const { kind, pattern, answers } of verified) {
      const key = patternKey(kind, pattern);
      if (!answers.ok) {
        if (!this.failed.has(key)) this.failed.set(key, answers.error);
        continue;
      }
      const entry = this.answered.get(key) ?? { asked: new Set<string>(), matched: new Set<string>() };
      for (const digest of answers.value.asked) entry.asked.add(digest);
      for (const digest of answers.value.matched) entry.matched.add(digest);
      this.answered.set(key, entry);
    }
  }

  get empty(): boolean {
    return this.answered.size === 0 && this.failed.size === 0;
  }

  answeredAbout(kind: PatternQuestion['kind'], pattern: string): boolean {
    return this.answered.has(patternKey(kind, pattern));
  }

  /** Why AWS could not decide this pattern, when `--verify-patterns-with-aws` asked and it failed. */
  failure(kind: PatternQuestion['kind'], pattern: string): CollectionError | undefined {
    return this.failed.get(patternKey(kind, pattern));
  }

  /**
   * AWS's verdict on the question (a record, or an event as sent; `text` is what was sent for it);
   * `undefined` when it was not asked.
   */
  verdict(kind: PatternQuestion['kind'], pattern: string, question: object, text: () => string): boolean | undefined {
    const entry = this.answered.get(patternKey(kind, pattern));
    if (!entry) return undefined;
    let digest = this.digests.get(question);
    if (digest === undefined) this.digests.set(question, (digest = questionDigest(text())));
    return entry.asked.has(digest) ? entry.matched.has(digest) : undefined;
  }
}

export function patternKey(kind: string, pattern: string): string {
  return `${kind}\u0000${pattern}`;
}

const AWS_VERDICTS = memoKey<AwsVerdicts>('AWS verdicts');

/** The run's AWS verdicts, gathered once per organization view. */
export function awsVerdicts(organization: OrganizationView): AwsVerdicts {
  return organization.shared(AWS_VERDICTS, (snapshots) => new AwsVerdicts(snapshots.flatMap((snapshot) => snapshot.patternVerification ?? [])));
}

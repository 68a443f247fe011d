import { digitBlind, questionKey } from '../../../snapshot/question-digest.js';
import type { CollectionError, PatternQuestion, VerifiedPattern } from '../../../snapshot/types.js';
import { memoKey } from '../../memo.js';
import type { OrganizationView } from '../../organization.js';

/** `contradicted`: questions two accounts' answers disagree on (one matched, one not). */
type Answered = { asked: Set<string>; matched: Set<string>; contradicted: Set<string> };

/**
 * `scan --verify-patterns-with-aws`: AWS's verdicts (snapshot `patternVerification`) of every
 * account of the run, by pattern, consulted by the pattern caches before the engines. An answer holds
 * wherever its question comes up (it is the question's exact text), so the owner's answers decide for
 * the owner's log group whichever account's evaluation asks.
 */
export class AwsVerdicts {
  private readonly answered = new Map<string, Answered>();
  private readonly failed = new Map<string, CollectionError>();
  /** Per question, its key as exact text and digit-blind (see questionKey), each computed once. */
  private readonly keys = new WeakMap<object, Map<boolean, string>>();

  constructor(verified: readonly VerifiedPattern[]) {
    for (const { kind, pattern, answers } of verified) {
      const key = patternKey(kind, pattern);
      if (!answers.ok) {
        if (!this.failed.has(key)) this.failed.set(key, answers.error);
        continue;
      }
      const entry = this.answered.get(key);
      if (!entry) {
        this.answered.set(key, { asked: new Set(answers.value.asked), matched: new Set(answers.value.matched), contradicted: new Set() });
        continue;
      }
      const matched = new Set(answers.value.matched);
      for (const digest of answers.value.asked) {
        if (entry.asked.has(digest) && entry.matched.has(digest) !== matched.has(digest)) entry.contradicted.add(digest);
        entry.asked.add(digest);
        if (matched.has(digest)) entry.matched.add(digest);
      }
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
   * `undefined` when it was not asked, `contradicted` when two accounts' answers about it differ.
   */
  verdict(kind: PatternQuestion['kind'], pattern: string, question: object, text: () => string): boolean | 'contradicted' | undefined {
    const entry = this.answered.get(patternKey(kind, pattern));
    if (!entry) return undefined;
    const blind = digitBlind(kind, pattern);
    let keys = this.keys.get(question);
    if (!keys) this.keys.set(question, (keys = new Map<boolean, string>()));
    let key = keys.get(blind);
    if (key === undefined) keys.set(blind, (key = questionKey(kind, pattern, text())));
    if (!entry.asked.has(key)) return undefined;
    return entry.contradicted.has(key) ? 'contradicted' : entry.matched.has(key);
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

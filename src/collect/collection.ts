import type { Collected, CollectionError } from '../snapshot/types.js';
import type { ClientOf, Clients, Service } from '../aws/clients.js';
import { toCollectionError, type CallSite } from '../aws/errors.js';
import type { CallerIdentity } from './identity.js';

/**
 * The state of one account's collection that every service module shares: the clients, the
 * scanned account, and the errors so far. `read` is the only way a module calls AWS, which is what
 * keeps a failed call from ever escaping as an exception, and a read from outlasting the deadline.
 */
export class Collection {
  readonly errors: CollectionError[] = [];
  private readonly shared = new Map<string, Promise<unknown>>();

  constructor(
    private readonly clients: Clients,
    readonly identity: CallerIdentity,
    /** The collection whose account this one reads for; failures are recorded there (see `in`). */
    private readonly readingFor?: Collection,
  ) {}

  /**
   * The same collection, reading in another account of an organization scan with that account's
   * clients: a link of this account that only its holder can read (a topic of a security account
   * that this account's alarms notify). Failures are this account's, recorded with its errors.
   */
  in(clients: Clients, identity: CallerIdentity): Collection {
    return new Collection(clients, identity, this);
  }

  client<S extends Service>(service: S, region: string): ClientOf<S> {
    return this.clients.get(service, region);
  }

  /** Where account-wide calls (EC2 DescribeRegions, S3 Control) go. */
  get homeRegion(): string {
    return this.clients.homeRegion;
  }

  /**
   * Runs one read (a call, or all pages of one); a failure is recorded and returned, never thrown.
   * Past the deadline the read fails with `Timeout`, even while the SDK still waits to retry.
   */
  async read<T>(call: CallSite, run: () => Promise<T>): Promise<Collected<T>> {
    const answer = await this.attempt(call, run);
    return answer.ok ? answer : this.fail(answer.error);
  }

  /** `read` without recording the failure: for calls of which one failure is recorded for many (see pattern-verification.ts). */
  async attempt<T>(call: CallSite, run: () => Promise<T>): Promise<Collected<T>> {
    try {
      return { ok: true, value: await this.clients.deadline.race(run) };
    } catch (error) {
      return { ok: false, error: toCollectionError(error, call) };
    }
  }

  /**
   * One read, however many resources need it (a key that encrypts a trail and several topics is
   * described once): later askers get the first read's promise.
   */
  once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let pending = this.shared.get(key) as Promise<T> | undefined;
    if (!pending) this.shared.set(key, (pending = read()));
    return pending;
  }

  /** Records a read that could not be made at all (e.g. a log group in another account). */
  fail(error: CollectionError): { ok: false; error: CollectionError } {
    (this.readingFor ?? this).errors.push(error);
    return { ok: false, error };
  }

  /**
   * Records `call`, on a resource of account `owner` that an organization shares with this one (its
   * trail's log group or tags, its event data store), as not made: this account's credentials do not
   * read it; the owner's snapshot does when that account is in the run. `what` names the resource.
   */
  crossAccount(call: CallSite, owner: string, what: string): { ok: false; error: CollectionError } {
    const scanned = this.identity.accountId;
    const message = `${what} of account ${owner}: not read with the credentials of account ${scanned}, but followed in account ${owner} when that account is scanned in the same run (scan --org, or its snapshot)`;
    return this.fail({ ...call, code: 'CrossAccount', message });
  }
}

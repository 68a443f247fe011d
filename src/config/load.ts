import { existsSync, readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { BENCHMARK_NAMES, unknownBenchmark, type BenchmarkName } from '../checks/benchmark.js';
import { SEVERITIES, type Severity } from '../checks/severity.js';
import { DEFAULT_CONFIG, type MonitorEvent, type Suppression, type TrailwardenConfig, type UserMonitor } from './types.js';

export const DEFAULT_CONFIG_FILE = 'trailwarden.config.yaml';

/** A config file that cannot be used; the message names the file, the path in it and the problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the config: the file named by `--config` (which must exist), else `trailwarden.config.yaml`
 * in the working directory if there is one, else the defaults.
 */
export function loadConfig(explicitPath?: string): { config: TrailwardenConfig; path?: string } {
  const path = explicitPath ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (!path) return { config: DEFAULT_CONFIG };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`cannot read config file ${path}: ${code === undefined ? String(error) : `${READ_FAILURES[code] ?? 'read failed'} (${code})`}`);
  }
  return { config: parseConfig(text, path), path };
}

/** The usual reasons a named file cannot be read, in words. */
const READ_FAILURES: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory, not a file',
  EACCES: 'permission denied',
};

/**
 * What `parseConfig` cannot check alone, because it does not know the built-in controls: a monitor
 * whose ID is a built-in one would be confused with it in every report, and a suppression of an
 * unknown control (a typo, a monitor since renamed) would silently suppress nothing.
 */
export function checkControlReferences(config: TrailwardenConfig, builtinIds: readonly string[], source = 'config'): void {
  const fail = (at: string, problem: string): never => {
    throw new ConfigError(`${source}: ${at}: ${problem}`);
  };
  config.monitors.forEach((monitor, i) => {
    if (builtinIds.includes(monitor.id)) fail(`monitors[${i}].id`, `"${monitor.id}" is a built-in control ID; give the monitor an ID of its own`);
  });
  const known = [...builtinIds, ...config.monitors.map((monitor) => monitor.id)];
  config.suppressions.forEach((suppression, i) => {
    if (known.includes(suppression.control)) return;
    const near = known.find((id) => id.toLowerCase() === suppression.control.toLowerCase());
    fail(
      `suppressions[${i}].control`,
      `unknown control ID "${suppression.control}"${near ? ` (did you mean ${near}?)` : ''}; \`trailwarden controls\` lists them`,
    );
  });
}

export function parseConfig(text: string, source = 'config'): TrailwardenConfig {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const syntax = document.errors[0];
  if (syntax) throw new ConfigError(`${source}: invalid YAML: ${syntax.message.split('\n')[0]}`);
  const raw: unknown = document.toJS() ?? {};
  return new ConfigReader(source).read(raw);
}

/** YYYY-MM-DD, or an ISO date-time with its offset: Date.parse alone takes "1" or "March 7" too. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A real day of the calendar: Date.parse rolls 2027-02-31 over to March 3 instead of refusing it. */
function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match || Number.isNaN(Date.parse(text))) return false;
  const [year, month, day] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  const noon = new Date(Date.UTC(year, month - 1, day, 12));
  return noon.getUTCFullYear() === year && noon.getUTCMonth() === month - 1 && noon.getUTCDate() === day;
}

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;

/**
 * Security Hub's `requiredTagKeys`: "1–6 tag keys that meet AWS requirements", case-sensitive; keys
 * beginning with `aws:` are system tags, which the tagging controls ignore and no user can add
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-9,
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions).
 */
const MAX_REQUIRED_TAG_KEYS = 6;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

/** Why a list of required tag keys cannot be used, or `undefined`. */
export function requiredTagKeysProblem(keys: readonly string[]): string | undefined {
  if (keys.length > MAX_REQUIRED_TAG_KEYS) return `at most ${MAX_REQUIRED_TAG_KEYS} tag keys (Security Hub's limit), got ${keys.length}`;
  for (const key of keys) {
    if (!TAG_KEY.test(key)) return `"${key}" is not a tag key (1-128 letters, digits, spaces and _ . : / = + - @)`;
    if (key.toLowerCase().startsWith('aws:')) return `"${key}" begins with aws:, which only AWS's system tags do (Security Hub ignores them)`;
  }
  const repeated = keys.find((key, i) => keys.indexOf(key) !== i);
  if (repeated !== undefined) return `"${repeated}" is listed twice`;
  return undefined;
}

/** A KMS key ARN (`arn:aws:kms:us-east-1:123456789012:key/…`), as CloudTrail.10's kmsKeyArns lists them. */
const KMS_KEY_ARN = /^arn:[^:]+:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/;

/** Validates field by field so that every error says exactly where it is. */
class ConfigReader {
  constructor(private readonly source: string) {}

  read(raw: unknown): TrailwardenConfig {
    const top = this.object(raw, '');
    this.noUnknownKeys(top, '', [
      'logRetentionDays',
      'deliveryMaxAgeHours',
      'dataEventBuckets',
      'dataEventFunctions',
      'requiredTagKeys',
      'kmsKeyArns',
      'monitors',
      'suppressions',
      'benchmark',
    ]);
    const requiredTagKeys = this.array(top.requiredTagKeys, 'requiredTagKeys').map((k, i) => this.string(k, `requiredTagKeys[${i}]`));
    const tagProblem = requiredTagKeysProblem(requiredTagKeys);
    if (tagProblem) this.fail('requiredTagKeys', tagProblem);
    const kmsKeyArns = this.array(top.kmsKeyArns, 'kmsKeyArns').map((k, i) => {
      const arn = this.string(k, `kmsKeyArns[${i}]`);
      if (!KMS_KEY_ARN.test(arn)) this.fail(`kmsKeyArns[${i}]`, `"${arn}" is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)`);
      return arn;
    });
    const monitors = this.array(top.monitors, 'monitors').map((m, i) => this.monitor(m, `monitors[${i}]`));
    const seen = new Set<string>();
    monitors.forEach((monitor, i) => {
      if (seen.has(monitor.id)) this.fail(`monitors[${i}].id`, `duplicate monitor id "${monitor.id}"`);
      seen.add(monitor.id);
    });
    return {
      logRetentionDays: this.integer(top.logRetentionDays, 'logRetentionDays', DEFAULT_CONFIG.logRetentionDays, 1),
      deliveryMaxAgeHours: this.integer(top.deliveryMaxAgeHours, 'deliveryMaxAgeHours', DEFAULT_CONFIG.deliveryMaxAgeHours, 1),
      dataEventBuckets: this.array(top.dataEventBuckets, 'dataEventBuckets').map((b, i) => this.bucketName(b, `dataEventBuckets[${i}]`)),
      dataEventFunctions: this.array(top.dataEventFunctions, 'dataEventFunctions').map((f, i) => this.string(f, `dataEventFunctions[${i}]`)),
      requiredTagKeys,
      kmsKeyArns,
      monitors,
      suppressions: this.array(top.suppressions, 'suppressions').map((s, i) => this.suppression(s, `suppressions[${i}]`)),
      ...(top.benchmark === undefined ? {} : { benchmark: this.benchmark(top.benchmark, 'benchmark') }),
    };
  }

  private monitor(raw: unknown, at: string): UserMonitor {
    const m = this.object(raw, at);
    this.noUnknownKeys(m, at, ['id', 'title', 'severity', 'events', 'threshold', 'periodSeconds']);
    const id = this.string(m.id, `${at}.id`);
    if (!ID_PATTERN.test(id)) this.fail(`${at}.id`, `"${id}" must start with a letter and contain only letters, digits, ".", "_" or "-" (at most 64)`);
    const events = this.array(m.events, `${at}.events`).map((e, i) => this.monitorEvent(e, `${at}.events[${i}]`));
    if (events.length === 0) this.fail(`${at}.events`, 'a monitor needs at least one event');
    const period = this.integer(m.periodSeconds, `${at}.periodSeconds`, 300, 10);
    if (period % 60 !== 0 && ![10, 30].includes(period)) this.fail(`${at}.periodSeconds`, 'must be 10, 30 or a multiple of 60 (CloudWatch alarm periods)');
    return {
      id,
      title: this.string(m.title, `${at}.title`),
      severity: this.severity(m.severity, `${at}.severity`),
      events,
      threshold: this.integer(m.threshold, `${at}.threshold`, 1, 1),
      periodSeconds: period,
    };
  }

  private monitorEvent(raw: unknown, at: string): MonitorEvent {
    const e = this.object(raw, at);
    if ('record' in e) {
      this.noUnknownKeys(e, at, ['record']);
      const record = this.object(e.record, `${at}.record`);
      for (const field of ['eventSource', 'eventName']) {
        if (typeof record[field] !== 'string') this.fail(`${at}.record.${field}`, 'a sample record needs a string eventSource and eventName');
      }
      return { record };
    }
    this.noUnknownKeys(e, at, ['eventSource', 'eventNames']);
    const eventSource = this.string(e.eventSource, `${at}.eventSource`);
    if (!/^[a-z0-9.-]+\.amazonaws\.com$/.test(eventSource)) this.fail(`${at}.eventSource`, `"${eventSource}" is not an event source like "iam.amazonaws.com"`);
    const eventNames = this.array(e.eventNames, `${at}.eventNames`).map((n, i) => this.string(n, `${at}.eventNames[${i}]`));
    if (eventNames.length === 0) this.fail(`${at}.eventNames`, 'list at least one event name');
    return { eventSource, eventNames };
  }

  private suppression(raw: unknown, at: string): Suppression {
    const s = this.object(raw, at);
    this.noUnknownKeys(s, at, ['control', 'resource', 'reason', 'expires']);
    const expires = s.expires === undefined ? undefined : this.date(s.expires, `${at}.expires`);
    return {
      control: this.string(s.control, `${at}.control`),
      ...(s.resource === undefined ? {} : { resource: this.string(s.resource, `${at}.resource`) }),
      reason: this.string(s.reason, `${at}.reason`),
      ...(expires === undefined ? {} : { expires }),
    };
  }

  private bucketName(raw: unknown, at: string): string {
    const name = this.string(raw, at);
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) this.fail(at, `"${name}" is not a valid S3 bucket name (give the name, not an ARN)`);
    return name;
  }

  private benchmark(raw: unknown, at: string): BenchmarkName {
    const value = this.string(raw, at);
    if (!(BENCHMARK_NAMES as readonly string[]).includes(value)) this.fail(at, unknownBenchmark(value));
    return value as BenchmarkName;
  }

  private severity(raw: unknown, at: string): Severity {
    const value = this.string(raw, at).toUpperCase();
    if (!(SEVERITIES as readonly string[]).includes(value)) this.fail(at, `must be one of ${SEVERITIES.join(', ')}`);
    return value as Severity;
  }

  private date(raw: unknown, at: string): string {
    // A YAML 1.1 document can turn an unquoted 2027-01-31 into a Date; accept both forms.
    if (raw instanceof Date) return raw.toISOString();
    if (typeof raw !== 'string' || !isCalendarDate(raw)) this.fail(at, `${JSON.stringify(raw)} is not a date (use YYYY-MM-DD, e.g. 2027-01-31)`);
    return new Date(raw).toISOString();
  }

  private object(raw: unknown, at: string): Record<string, unknown> {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) this.fail(at, 'must be a mapping');
    return raw as Record<string, unknown>;
  }

  private array(raw: unknown, at: string): unknown[] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) this.fail(at, 'must be a list');
    return raw as unknown[];
  }

  private string(raw: unknown, at: string): string {
    if (typeof raw !== 'string' || raw.trim() === '') this.fail(at, 'must be a non-empty string');
    return raw;
  }

  private integer(raw: unknown, at: string, fallback: number, min: number): number {
    if (raw === undefined || raw === null) return fallback;
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min) this.fail(at, `must be a whole number of at least ${min}`);
    return raw;
  }

  private noUnknownKeys(value: Record<string, unknown>, at: string, known: string[]): void {
    const unknown = Object.keys(value).find((key) => !known.includes(key));
    if (unknown !== undefined) this.fail(at ? `${at}.${unknown}` : unknown, `unknown key (expected one of: ${known.join(', ')})`);
  }

  private fail(at: string, problem: string): never {
    throw new ConfigError(`${this.source}: ${at || 'top level'}: ${problem}`);
  }
}

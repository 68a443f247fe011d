import { existsSync, readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { SEVERITIES, type Severity } from '../checks/types.js';
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
    throw new ConfigError(`cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return { config: parseConfig(text, path), path };
}

export function parseConfig(text: string, source = 'config'): TrailwardenConfig {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const syntax = document.errors[0];
  if (syntax) throw new ConfigError(`${source}: invalid YAML: ${syntax.message.split('\n')[0]}`);
  const raw: unknown = document.toJS() ?? {};
  return new ConfigReader(source).read(raw);
}

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;

/** Validates field by field so that every error says exactly where it is. */
class ConfigReader {
  constructor(private readonly source: string) {}

  read(raw: unknown): TrailwardenConfig {
    const top = this.object(raw, '');
    this.noUnknownKeys(top, '', ['logRetentionDays', 'deliveryMaxAgeHours', 'dataEventBuckets', 'dataEventFunctions', 'monitors', 'suppressions']);
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
      monitors,
      suppressions: this.array(top.suppressions, 'suppressions').map((s, i) => this.suppression(s, `suppressions[${i}]`)),
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

  private severity(raw: unknown, at: string): Severity {
    const value = this.string(raw, at).toUpperCase();
    if (!(SEVERITIES as readonly string[]).includes(value)) this.fail(at, `must be one of ${SEVERITIES.join(', ')}`);
    return value as Severity;
  }

  private date(raw: unknown, at: string): string {
    // YAML turns an unquoted 2027-01-31 into a Date; accept both forms.
    const text = raw instanceof Date ? raw.toISOString() : this.string(raw, at);
    if (Number.isNaN(Date.parse(text))) this.fail(at, `"${text}" is not a date (use YYYY-MM-DD)`);
    return new Date(text).toISOString();
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
    return raw as string;
  }

  private integer(raw: unknown, at: string, fallback: number, min: number): number {
    if (raw === undefined || raw === null) return fallback;
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min) this.fail(at, `must be a whole number of at least ${min}`);
    return raw as number;
  }

  private noUnknownKeys(value: Record<string, unknown>, at: string, known: string[]): void {
    const unknown = Object.keys(value).find((key) => !known.includes(key));
    if (unknown !== undefined) this.fail(at ? `${at}.${unknown}` : unknown, `unknown key (expected one of: ${known.join(', ')})`);
  }

  private fail(at: string, problem: string): never {
    throw new ConfigError(`${this.source}: ${at || 'top level'}: ${problem}`);
  }
}

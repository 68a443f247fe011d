import { isThrottlingError } from '@smithy/core/retry';
import type { CollectionError } from '../snapshot/types.js';

/** Where a call went: the `Collected` error of a failed call carries these. */
export interface CallSite {
  /** `service:Operation`, e.g. `cloudtrail:GetEventSelectors`. */
  operation: string;
  region: string;
  resource?: string;
}

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Names that say nothing about the failure; the HTTP status or the Node error code says more. */
const VAGUE_NAMES = new Set(['Error', 'Unknown', 'UnknownError']);

/**
 * The AWS error code of a failed call. The SDK names its errors after the service's error code
 * (`AccessDeniedException`, `NoSuchBucketPolicy`, `TimeoutError`); a network failure is a plain
 * Error with a Node code (`ECONNREFUSED`); an unmodelled answer is only an HTTP status. An answer
 * the SDK could not parse is `MalformedResponse` when it was a success, and its HTTP status
 * (`HTTP403`) when it was an error in no format the service uses (a proxy's HTML page).
 */
export function errorCode(error: unknown): string {
  const shape = shapeOf(error);
  const unparsed = unparsedAnswerStatus(shape);
  if (unparsed !== undefined) return unparsed < 300 ? 'MalformedResponse' : `HTTP${unparsed}`;
  if (typeof shape.name === 'string' && shape.name !== '' && !VAGUE_NAMES.has(shape.name)) return shape.name;
  if (typeof shape.code === 'string' && shape.code !== '') return shape.code;
  const status = shape.$metadata?.httpStatusCode;
  if (typeof status === 'number') return `HTTP${status}`;
  return 'UnknownError';
}

function shapeOf(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? error : {};
}

/**
 * The HTTP status of an answer the SDK's parser failed on: its error carries the raw response, but
 * not the `$fault` of the errors it decodes, and would otherwise be named `SyntaxError`.
 */
function unparsedAnswerStatus(shape: SdkErrorShape): number | undefined {
  const status = shape.$metadata?.httpStatusCode;
  return '$response' in shape && !('$fault' in shape) && typeof status === 'number' ? status : undefined;
}

export function toCollectionError(error: unknown, call: CallSite): CollectionError {
  const code = errorCode(error);
  const status = unparsedAnswerStatus(shapeOf(error));
  if (status !== undefined && status >= 300) {
    return {
      ...callSite(call),
      code,
      message: `the answer (HTTP ${status}) is not an error the service sends; a proxy or an emulator may have answered instead`,
    };
  }
  const text = error instanceof Error ? error.message : String(error);
  // Snapshot errors end up in one-line report reasons; SDK messages sometimes span lines.
  const message = text.split('\n')[0]!.trim() || code;
  return { ...callSite(call), code, message };
}

function callSite(call: CallSite): CallSite {
  return { operation: call.operation, region: call.region, ...(call.resource !== undefined && { resource: call.resource }) };
}

/**
 * Runs `read`, turning the errors AWS uses to say "there is none" (`NoSuchBucketPolicy`,
 * `NotFoundException`, ...) into `null`. Any other error propagates.
 */
export async function nullWhen<T>(absentCodes: readonly string[], read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (absentCodes.includes(errorCode(error))) return null;
    throw error;
  }
}

/** A throttle, as the SDK's retry strategy classifies one (throttling codes, HTTP 429). */
export function isThrottling(error: unknown): boolean {
  return isThrottlingError(shapeOf(error) as Parameters<typeof isThrottlingError>[0]);
}

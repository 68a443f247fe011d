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
 * Error with a Node code (`ECONNREFUSED`); an unmodelled answer is only an HTTP status; a
 * successful answer the SDK could not parse is `MalformedResponse`.
 */
export function errorCode(error: unknown): string {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  if (isMalformedAnswer(shape)) return 'MalformedResponse';
  if (typeof shape.name === 'string' && shape.name !== '' && !VAGUE_NAMES.has(shape.name)) return shape.name;
  if (typeof shape.code === 'string' && shape.code !== '') return shape.code;
  const status = shape.$metadata?.httpStatusCode;
  if (typeof status === 'number') return `HTTP${status}`;
  return 'UnknownError';
}

/**
 * The SDK's parser failed on a 2xx answer (garbage from a proxy, a cut-off body): its error carries
 * the raw response, but not the `$fault` of the errors AWS sends, and would otherwise be named
 * `SyntaxError` or only by its HTTP 200.
 */
function isMalformedAnswer(shape: SdkErrorShape): boolean {
  const status = shape.$metadata?.httpStatusCode;
  return '$response' in shape && !('$fault' in shape) && typeof status === 'number' && status < 300;
}

export function toCollectionError(error: unknown, call: CallSite): CollectionError {
  const code = errorCode(error);
  const text = error instanceof Error ? error.message : String(error);
  // Snapshot errors end up in one-line report reasons; SDK messages sometimes span lines.
  const message = text.split('\n')[0]!.trim() || code;
  return { operation: call.operation, region: call.region, code, message, ...(call.resource !== undefined && { resource: call.resource }) };
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

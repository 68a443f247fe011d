import type { HttpHandlerOptions } from '@smithy/types';
import type { HttpRequest } from '@smithy/protocol-http';
import type { Semaphore } from './concurrency.js';
import type { Deadline } from './deadline.js';
import { normaliseErrorAnswer } from './error-answer.js';
import type { RequestHandler } from './options.js';

/** An HTTP attempt that got no answer within the call timeout. The name is the one the SDK retries as transient. */
class CallTimeout extends Error {
  override name = 'TimeoutError';

  constructor(timeoutMs: number) {
    super(`no answer within the call timeout of ${timeoutMs / 1000} s`);
  }
}

/**
 * The HTTP handler of one service's client in one region. Every attempt (the SDK's retries included)
 * waits for a place among that service's requests in flight in that region, must be answered within the call timeout, and
 * ends when the deadline passes. It guards the attempt itself, so it holds for any handler: a hung
 * endpoint, or a stub that never answers, costs at most the call timeout per attempt.
 */
export function guardedHandler(inner: RequestHandler, permits: Semaphore, callTimeoutMs: number, deadline: Deadline): RequestHandler {
  return {
    handle: (request: HttpRequest, options?: HttpHandlerOptions) =>
      permits.use(() => attempt(inner, request, options, callTimeoutMs, deadline), deadline.signal),
  };
}

async function attempt(inner: RequestHandler, request: HttpRequest, options: HttpHandlerOptions | undefined, callTimeoutMs: number, deadline: Deadline) {
  deadline.signal.throwIfAborted();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new CallTimeout(callTimeoutMs)), callTimeoutMs);
  const stopListening = deadline.whenPassed(() => controller.abort(deadline.signal.reason));
  const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }));
  try {
    // trailwarden sends no abort signal of its own, so this one, which also closes the connection, replaces none.
    const answered = inner.handle(request, { ...options, abortSignal: controller.signal }).then(({ response }) => normaliseErrorAnswer(request, response));
    return { response: await Promise.race([answered, aborted]) };
  } finally {
    clearTimeout(timer);
    stopListening();
  }
}

/**
 * The wire format of a fake AWS for the benches: answers in each protocol's shape, paging,
 * throttling as AWS says it, and token buckets for rate limits. Lives below bench/lib so that
 * bench/run-all.js does not run it.
 */
import { performance } from 'node:perf_hooks';
import { HttpResponse } from '@smithy/protocol-http';

const QUERY_SERVICES = new Set(['sns', 'sts', 'ec2']);
const S3_SUBRESOURCES = {
  location: 'GetBucketLocation',
  policy: 'GetBucketPolicy',
  publicAccessBlock: 'GetPublicAccessBlock',
  acl: 'GetBucketAcl',
  logging: 'GetBucketLogging',
  lifecycle: 'GetBucketLifecycleConfiguration',
  versioning: 'GetBucketVersioning',
  'object-lock': 'GetObjectLockConfiguration',
};

/** What an SDK request asks: the Region and service of its signature, its parameters and operation. */
export function readRequest(request) {
  const [, region = 'us-east-1', service = ''] = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(request.headers.authorization ?? '') ?? [];
  const target = request.headers['x-amz-target'];
  const body = typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : '';
  const params = body.startsWith('{') ? JSON.parse(body) : Object.fromEntries(new URLSearchParams(body));
  const s3 = Object.keys(request.query ?? {}).find((key) => key in S3_SUBRESOURCES);
  const operation = target
    ? target.slice(target.lastIndexOf('.') + 1)
    : request.path.includes('/configuration/publicAccessBlock')
      ? 'S3Control'
      : s3
        ? S3_SUBRESOURCES[s3]
        : params.Action;
  return { region, service, params, operation };
}

export function json(body, status = 200) {
  return { status, body: JSON.stringify(body), contentType: 'application/x-amz-json-1.1' };
}

export function xml(body, status = 200) {
  return { status, body, contentType: 'text/xml' };
}

/** One page of `items` under `key`, from the numeric token, with the next token while more remain. */
export function paged(items, key, token, perPage, tokenKey = 'NextToken') {
  const start = Number(token ?? 0);
  const next = start + perPage < items.length ? { [tokenKey]: String(start + perPage) } : {};
  return json({ [key]: items.slice(start, start + perPage), ...next });
}

/** Throttling as each protocol says it, so that the SDK's retry classifies it as AWS's. */
export function throttling(service) {
  if (service === 's3') return xml('<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>', 503);
  if (QUERY_SERVICES.has(service)) return xml('<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>', 400);
  return json({ __type: 'ThrottlingException', message: 'Rate exceeded' }, 400);
}

export function respond({ status, body, contentType }) {
  return { response: new HttpResponse({ statusCode: status, headers: { 'content-type': contentType }, body: Buffer.from(body) }) };
}

/** A token bucket per key, holding one second's worth of requests. */
export class TokenBuckets {
  #buckets = new Map();

  take(key, rate) {
    const now = performance.now();
    const bucket = this.#buckets.get(key) ?? { tokens: rate, at: now };
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

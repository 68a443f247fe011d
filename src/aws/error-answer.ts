import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';

/**
 * An error answer to a JSON-protocol call (CloudTrail, CloudWatch Logs, EventBridge, KMS...) that
 * carries its error as XML instead (`<Error><Code>AccessDenied</Code>...`): emulators enforcing IAM
 * and some proxies answer so. The SDK cannot parse it and reports a JSON `SyntaxError`, hiding the
 * code; rewritten to the JSON shape the protocol uses (`{"__type": code, "message": ...}`), the SDK
 * names the error after its code as it does for AWS's own answers. Any other answer is returned as is.
 */
export async function normaliseErrorAnswer(request: HttpRequest, response: HttpResponse): Promise<HttpResponse> {
  if (response.statusCode < 400 || !isJsonProtocol(request) || isJson(contentType(response.headers))) return response;
  const body = await readBody(response.body);
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1]?.trim();
  if (!code) return new HttpResponse({ ...response, body: Buffer.from(body) });
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1]?.trim() ?? '';
  return new HttpResponse({
    ...response,
    headers: { ...withoutContentHeaders(response.headers), 'content-type': 'application/x-amz-json-1.1' },
    body: Buffer.from(JSON.stringify({ __type: code, message: unescapeXml(message) })),
  });
}

/** The JSON protocols name the operation in `X-Amz-Target`; the Query, EC2 and REST-XML ones do not. */
function isJsonProtocol(request: HttpRequest): boolean {
  return Object.keys(request.headers).some((name) => name.toLowerCase() === 'x-amz-target');
}

function contentType(headers: Record<string, string>): string {
  return Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
}

function isJson(type: string): boolean {
  return /json/i.test(type);
}

function withoutContentHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !/^content-(type|length)$/i.test(name)));
}

async function readBody(body: unknown): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, entity: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[entity] ?? '');
}

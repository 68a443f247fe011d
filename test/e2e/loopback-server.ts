import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** An HTTP server the end-to-end tests put in front of moto (see member-view.ts, cloudtrail-lake-stub.ts). */
export interface LoopbackServer {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** Stops it, keep-alive connections included. */
  close: () => Promise<void>;
}

/** Serves `handle` on a free port of 127.0.0.1; a request whose handling throws is answered 502 with the error. */
export async function serveOnLoopback(name: string, handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>): Promise<LoopbackServer> {
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`the ${name} has no port`);
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

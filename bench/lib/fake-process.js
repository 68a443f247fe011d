/**
 * Starts bench/lib/fake-server.js in a child process and talks to it over IPC (see that file):
 * `url` is its endpoint, `ask` sends a message and waits for the answer of the same type.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';

export async function startFakeAws() {
  const server = fork(new URL('./fake-server.js', import.meta.url));
  const [{ url }] = await once(server, 'message');
  return {
    url,
    async ask(message) {
      server.send(message);
      for (;;) {
        const [answer] = await once(server, 'message');
        if (answer.type === message.type) return answer;
      }
    },
    stop: () => server.disconnect(),
  };
}

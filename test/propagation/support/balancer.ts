import { request } from 'node:http';

// Load as a load balancer sends it, each request on a new connection, spread over the instances
// that answered /readyz last (polled). A refused connection is tried on the next instance, as
// balancers do: nothing was sent.
// Any other request that does not come back 2xx/3xx (reset, 5xx) is a failure clients would see.

const READINESS_POLL_MS = 100;

export interface Load {
  sent: number;
  failures: string[];
  stop(): Promise<void>;
}

function get(url: string, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = token ? { authorization: `Bearer ${token}` } : {};
    // agent: false: a new connection per request, no keep-alive.
    const sent = request(url, { agent: false, headers }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
      response.once('error', reject);
    });
    sent.once('error', reject);
    sent.end();
  });
}

/** Sends `concurrency` parallel request loops for `path` to whichever of `urls()` are ready. */
export function balancedLoad(
  urls: () => string[],
  path: string,
  token: string,
  concurrency = 4,
): Load {
  let running = true;
  const ready = new Set<string>(urls());
  const load: Load = { sent: 0, failures: [], stop: async () => {} };
  const polling = (async () => {
    while (running) {
      await Promise.all(
        urls().map(async (url) => {
          const status = await get(`${url}/readyz`).catch(() => 0);
          if (status === 200) ready.add(url);
          else ready.delete(url);
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, READINESS_POLL_MS));
    }
  })();
  let turn = 0;
  const send = async (targets: string[]): Promise<void> => {
    const [target, ...others] = targets;
    if (!target) return;
    try {
      const status = await get(`${target}${path}`, token);
      if (status < 200 || status >= 400) load.failures.push(`${target}: ${status}`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ECONNREFUSED' && others.length > 0) return send(others);
      if (code !== 'ECONNREFUSED') load.failures.push(`${target}: ${code ?? error}`);
    }
  };
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) {
      const targets = urls().filter((url) => ready.has(url));
      if (targets.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        continue;
      }
      const first = turn++ % targets.length;
      load.sent++;
      await send([...targets.slice(first), ...targets.slice(0, first)]);
    }
  });
  load.stop = async () => {
    running = false;
    await Promise.all([polling, ...loops]);
  };
  return load;
}

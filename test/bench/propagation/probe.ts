import { connect, type Socket } from 'node:net';

// The probe: N raw SSE connections from one process (far lighter than N SDK clients), each noting
// when every `change` event arrives. The same probe measures Tripswitch and the bare fan-out
// server, so its own cost is in both figures.

const CHANGE = Buffer.from('event: change');

export interface Subscribers {
  /** arrivals[k]: when each connection received change number k (performance.now()). */
  arrivals: number[][];
  /** Resolves once `count` connections have each received change number k. */
  received(k: number, timeoutMs: number): Promise<void>;
  close(): void;
}

function occurrences(bytes: Buffer, needle: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + needle.length)) {
    count++;
  }
  return count;
}

/** Opens `count` streams to `url` + `path`, in batches; resolves once each has its first bytes. */
export async function openSubscribers(
  url: string,
  path: string,
  token: string,
  count: number,
): Promise<Subscribers> {
  const { hostname, port } = new URL(url);
  const sockets: Socket[] = [];
  const arrivals: number[][] = [];
  const request = `GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`;
  let waiting: (() => void) | undefined;
  const open = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname);
      let seen = 0;
      // An event can straddle two reads: the tail of the last read is kept for the next.
      let tail: Buffer | undefined;
      socket.setNoDelay(true);
      socket.once('connect', () => socket.write(request));
      socket.once('data', () => resolve());
      socket.on('data', (chunk: Buffer) => {
        const now = performance.now();
        const bytes = tail ? Buffer.concat([tail, chunk]) : chunk;
        const found = occurrences(bytes, CHANGE);
        const complete = bytes[bytes.length - 1] === 10 && bytes[bytes.length - 2] === 10;
        tail = complete ? undefined : bytes.subarray(bytes.length - CHANGE.length + 1);
        for (let i = 0; i < found; i++, seen++) {
          const at = arrivals[seen] ?? [];
          at.push(now);
          arrivals[seen] = at;
        }
        if (found > 0) waiting?.();
      });
      socket.once('error', reject);
      sockets.push(socket);
    });
  for (let started = 0; started < count; started += 250) {
    await Promise.all(Array.from({ length: Math.min(250, count - started) }, open));
  }
  return {
    arrivals,
    async received(k, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while ((arrivals[k]?.length ?? 0) < count) {
        if (performance.now() > deadline) {
          throw new Error(`change ${k}: ${arrivals[k]?.length ?? 0} of ${count} subscribers`);
        }
        await new Promise<void>((resolve) => {
          waiting = resolve;
          setTimeout(resolve, 50);
        });
      }
    },
    close() {
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** The p-th percentile (0-100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

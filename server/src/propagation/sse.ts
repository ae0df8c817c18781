// Server-sent event frames, built once as Buffers: the same bytes go to every subscriber.

/** One event: `id` is the revision it brings an SDK to. `data` must be one line (JSON is). */
export function sseFrame(event: string, id: number, data: string): Buffer {
  return Buffer.from(`id: ${id}\nevent: ${event}\ndata: ${data}\n\n`);
}

/** How long the SDK should wait before reconnecting after this stream ends. */
export function retryFrame(ms: number): Buffer {
  return Buffer.from(`retry: ${Math.max(0, Math.round(ms))}\n\n`);
}

/** A comment line: keeps proxies from closing an idle stream and lets SDKs notice a dead one. */
export const HEARTBEAT = Buffer.from(':\n\n');

/** The revision a resuming SDK says it has, or undefined when the header is absent or garbage. */
export function parseLastEventId(header: string | string[] | undefined): number | undefined {
  if (typeof header !== 'string' || !/^\d{1,15}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

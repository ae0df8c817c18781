/** One request the load generator made. */
export interface Sent {
  startedAt: number;
  endedAt: number;
  status: number;
  /** The variant the service said it served (header x-variant). */
  variant: string | null;
  /** Which target answered. */
  target: number;
}

/**
 * Sends checkout requests for random users to `targets` from `concurrency` loops until stopped,
 * recording every one. A request that cannot reach its target counts as status 0.
 */
export function startLoad(targets: string[], concurrency: number, users = 5000) {
  const sent: Sent[] = [];
  let running = true;
  let next = 0;
  const loop = async () => {
    while (running) {
      const target = next++ % targets.length;
      const user = `user-${Math.floor(Math.random() * users)}`;
      const startedAt = Date.now();
      let status = 0;
      let variant: string | null = null;
      try {
        const response = await fetch(`${targets[target]}/checkout?user=${user}`);
        await response.arrayBuffer();
        status = response.status;
        variant = response.headers.get('x-variant');
      } catch {
        status = 0;
      }
      sent.push({ startedAt, endedAt: Date.now(), status, variant, target });
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    sent,
    async stop(): Promise<Sent[]> {
      running = false;
      await Promise.all(loops);
      return sent;
    },
  };
}

import type { Bus, BusMessage } from './types.ts';

/** The bus of a single instance: delivered in process, asynchronously like Redis. */
export function memoryBus(): Bus {
  const handlers: Array<(message: BusMessage) => void> = [];
  let closed = false;
  return {
    async publish(message) {
      if (closed) return;
      // Through a copy, as a message over Redis would be: no receiver shares the sender's objects.
      const copy = structuredClone(message);
      setImmediate(() => {
        for (const handler of handlers) handler(copy);
      });
    },
    onMessage(handler) {
      handlers.push(handler);
    },
    onReconnect() {
      // An in-process bus never disconnects.
    },
    async close() {
      closed = true;
    },
  };
}

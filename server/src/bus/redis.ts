import { Redis } from 'ioredis';
import type { Bus, BusMessage } from './types.ts';

interface Logger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

const MAX_BACKOFF_MS = 5_000;

/** Reconnect delays: doubling from 50 ms, capped, with full jitter so instances do not herd. */
function reconnectDelay(attempt: number): number {
  return Math.floor(Math.random() * Math.min(MAX_BACKOFF_MS, 50 * 2 ** Math.min(attempt, 10)));
}

function parse(text: string): BusMessage | undefined {
  try {
    const message = JSON.parse(text) as BusMessage;
    return message && (message.type === 'change' || message.type === 'token-revoked')
      ? message
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Redis pub/sub on one channel: a publishing connection and a separate subscribing one (a
 * subscribed connection can do nothing else). Both connect in the background and reconnect with
 * backoff for ever, so an instance starts and serves while Redis is down; publishing then fails
 * fast instead of queueing, since anti-entropy repairs the loss anyway.
 */
export function redisBus(url: string, prefix: string, log: Logger): Bus {
  const channel = `${prefix}:changes`;
  const options = {
    retryStrategy: reconnectDelay,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  };
  const publisher = new Redis(url, options);
  // The subscriber queues its SUBSCRIBE until connected, and resubscribes after each reconnect.
  const subscriber = new Redis(url, { ...options, enableOfflineQueue: true });
  const handlers: Array<(message: BusMessage) => void> = [];
  const reconnectHandlers: Array<() => void> = [];
  let closing = false;

  for (const [name, connection] of [
    ['publisher', publisher],
    ['subscriber', subscriber],
  ] as const) {
    // Without a listener ioredis prints every connection error; one warning per outage is enough.
    let down = false;
    connection.on('error', (error: Error) => {
      if (!down && !closing)
        log.warn({ err: error, connection: name }, 'redis bus: connection lost');
      down = true;
    });
    connection.on('ready', () => {
      if (down) log.info({ connection: name }, 'redis bus: reconnected');
      down = false;
    });
  }
  // Every (re)connection may follow lost messages: the first one too, when Redis was down at start.
  subscriber.on('ready', () => {
    for (const handler of reconnectHandlers) handler();
  });
  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    const message = parse(text);
    if (!message) {
      log.warn({ channel }, 'redis bus: ignored a message that is not ours');
      return;
    }
    for (const handler of handlers) handler(message);
  });

  subscriber.subscribe(channel).catch((error: Error) => {
    if (!closing) log.warn({ err: error }, 'redis bus: subscribe failed');
  });

  return {
    async publish(message) {
      try {
        await publisher.publish(channel, JSON.stringify(message));
      } catch (error) {
        log.warn({ err: error }, 'redis bus: publish failed; anti-entropy will repair it');
      }
    },
    onMessage(handler) {
      handlers.push(handler);
    },
    onReconnect(handler) {
      reconnectHandlers.push(handler);
    },
    async close() {
      closing = true;
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}

import { createHmac } from 'node:crypto';

/**
 * The signature header of a delivery: HMAC-SHA256 with the webhook's secret over
 * `${timestamp}.${body}`, hex, prefixed `sha256=`. Signing the timestamp too lets a receiver
 * refuse replays of an old delivery.
 */
export function signDelivery(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

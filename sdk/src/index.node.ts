// @tripswitch/sdk under the "node" export condition: the same API, and clients also send the
// outcome metrics guardrails judge. Browser bundles take index.ts, which leaves the sender out:
// sending takes a server SDK token, and those belong on servers.

export { createClient } from './client/metrics/node-client.ts';
export * from './index.ts';

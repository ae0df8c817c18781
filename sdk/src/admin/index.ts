// @tripswitch/sdk/admin: a typed client for the REST API, built from the protocol's endpoint table.

export { type ChangeFeed, type ChangeFeedOptions, followChanges } from './changes.ts';
export {
  type AdminClient,
  type AdminClientOptions,
  createAdminClient,
  type EndpointInput,
  type EndpointOutput,
} from './client.ts';
export { TripswitchApiError } from './error.ts';

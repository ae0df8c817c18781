// OpenFeature for servers (`@tripswitch/sdk/openfeature`); browsers use `@tripswitch/sdk/openfeature/web`,
// so neither loads the other paradigm's SDK.
export type { TripswitchProviderOptions } from './follower.ts';
export { TripswitchServerProvider } from './server-provider.ts';

// React bindings (`@tripswitch/sdk/react`): a provider and hooks over useSyncExternalStore.
export { useFlag, useTripswitchStatus, useVariation, useVariationDetail } from './hooks.ts';
export { TripswitchProvider, type TripswitchProviderProps } from './provider.tsx';

import type { Static, TSchema } from '@sinclair/typebox';
import { type ApiEndpointName, type ApiEndpoints, api } from '../protocol/index.ts';
import { readProblem, TripswitchApiError } from './error.ts';

type Empty = Record<never, never>;
type ParamsPart<E> = E extends { params: infer S extends TSchema } ? { params: Static<S> } : Empty;
// Query values may be undefined so that unset filters can be passed through as they are.
type QueryPart<E> = E extends { query: infer S extends TSchema }
  ? { query?: { [K in keyof Static<S>]?: Static<S>[K] | undefined } }
  : Empty;
// A body whose fields are all optional (kill, enable, rollback) may be left out.
type BodyPart<E> = E extends { body: infer S extends TSchema }
  ? Empty extends Static<S>
    ? { body?: Static<S> }
    : { body: Static<S> }
  : Empty;

/** What `call` takes for an endpoint: its path params, query and body, typed from the endpoint table. */
export type EndpointInput<N extends ApiEndpointName> = ParamsPart<ApiEndpoints[N]> &
  QueryPart<ApiEndpoints[N]> &
  BodyPart<ApiEndpoints[N]> & { signal?: AbortSignal };

/** What `call` resolves to for an endpoint: its response body, or undefined for 204. */
export type EndpointOutput<N extends ApiEndpointName> = ApiEndpoints[N] extends {
  response: infer S extends TSchema;
}
  ? Static<S>
  : undefined;

type CallArgs<N extends ApiEndpointName> =
  Empty extends EndpointInput<N> ? [input?: EndpointInput<N>] : [input: EndpointInput<N>];

/** Options of `createAdminClient`. */
export interface AdminClientOptions {
  /** The server's base URL, e.g. `http://localhost:4000`; `''` means the page's own origin. */
  url: string;
  /** An admin token, sent as `Authorization: Bearer`. */
  token: string;
  /** The fetch to use; defaults to the global one (Node 20+ and browsers). */
  fetch?: typeof fetch;
  /** Recorded as the source of the changes this client makes. */
  source?: 'dashboard' | 'api';
}

/** A typed client for the Tripswitch REST API. */
export interface AdminClient {
  /** Calls one endpoint of the API table by name; throws `TripswitchApiError` on an error answer. */
  call<N extends ApiEndpointName>(name: N, ...args: CallArgs<N>): Promise<EndpointOutput<N>>;
}

/** Creates a typed client for the REST API from the endpoint table in the protocol. */
export function createAdminClient(options: AdminClientOptions): AdminClient {
  const base = options.url.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    authorization: `Bearer ${options.token}`,
  };
  if (options.source) headers['x-tripswitch-source'] = options.source;

  return {
    async call(name, ...args) {
      const endpoint = api[name];
      const input = (args[0] ?? {}) as RawInput;
      const init: RequestInit = { method: endpoint.method, headers };
      if (input.signal) init.signal = input.signal;
      if ('body' in endpoint) {
        init.headers = { ...headers, 'content-type': 'application/json' };
        init.body = JSON.stringify(input.body ?? {});
      }
      const url = base + fillPath(endpoint.path, input.params) + toQueryString(input.query);
      const response = await fetchImpl(url, init);
      if (!response.ok) throw new TripswitchApiError(await readProblem(response));
      if (response.status === 204) return undefined as never;
      return (await response.json()) as never;
    },
  };
}

interface RawInput {
  params?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

function fillPath(path: string, params: RawInput['params'] = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`Missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
}

function toQueryString(query: RawInput['query'] = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

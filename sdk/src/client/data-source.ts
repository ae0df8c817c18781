/** What applying an incremental change did; `gap` means the source must fetch a whole snapshot. */
export type ChangeOutcome = 'applied' | 'stale' | 'gap' | 'invalid';

/** A failure of a data source. `fatal` failures (a refused SDK key) stop it for good. */
export interface SourceFailure {
  message: string;
  fatal?: boolean;
}

/**
 * The client's side of a data source. Sources hand over unvalidated wire data; the client
 * validates it, keeps serving its last good snapshot when it is refused, and tracks health.
 */
export interface DataSourceSink {
  /** A whole snapshot; false when it was refused (malformed, newer major, older revision). */
  snapshot(input: unknown): boolean;
  /** An incremental change event (the stream's `change`). */
  change(event: unknown): ChangeOutcome;
  /** The revision being served, for `If-None-Match` and `Last-Event-ID`. */
  revision(): number | undefined;
  /** The source reached the server and the served snapshot is current. */
  healthy(): void;
  /** The source could not reach the server or was refused; the client keeps serving. */
  failed(failure: SourceFailure): void;
}

/**
 * Keeps the client's snapshot current: HTTP polling today, the SSE stream beside it later. A source
 * retries by itself until `stop`.
 */
export interface DataSource {
  start(sink: DataSourceSink): void;
  stop(): void;
}

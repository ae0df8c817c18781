import type { FieldError, Problem } from '../protocol/index.ts';

/** An error answer from the Tripswitch REST API, carrying its problem+json details. */
export class TripswitchApiError extends Error {
  /** The HTTP status, e.g. 400, 404 or 409. */
  readonly status: number;
  /** The stable error code to branch on, e.g. `TS_VALIDATION` or `TS_VERSION_CONFLICT`. */
  readonly code: string;
  /** A short human summary of the problem. */
  readonly title: string;
  /** More words about this occurrence, when the server gave them. */
  readonly detail: string | undefined;
  /** Field-level errors, each with a JSON pointer such as `/body/config/rules/0/serve`. */
  readonly errors: FieldError[];
  /** On a version conflict (409), the current state of what the stale write was aimed at. */
  readonly current: unknown;
  /** The whole problem document as received. */
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'TripswitchApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.current = problem.current;
    this.problem = problem;
  }
}

/** Turns a failed response into a problem, even when the body is not problem+json (a proxy's 502). */
export async function readProblem(response: Response): Promise<Problem> {
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isProblem(parsed)) return parsed;
  return {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    code: `TS_HTTP_${response.status}`,
    ...(text ? { detail: text.slice(0, 500) } : {}),
  };
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.code === 'string' &&
    typeof candidate.title === 'string' &&
    typeof candidate.status === 'number'
  );
}

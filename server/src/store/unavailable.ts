// Whether an error means the store cannot be reached (as opposed to a bug or a refused write), so
// the error handler answers 503 TS_STORE_UNAVAILABLE instead of 500. Errors reach us from Prisma
// (the connection codes and pool timeouts in PRISMA_CODES, or a driver adapter error whose cause says what
// the socket saw), from pg directly (socket codes, SQLSTATE class 08, a backend terminated), or
// as pg's bare messages for a dropped connection; the cause chain is followed a few steps.

/** Prisma: unreachable, timed out, closed, pool timeout, transaction not started in time, too many connections. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2037']);
/** What a socket says when the other end is gone or never answered. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);
/** SQLSTATE: terminated by an administrator or a crash, not accepting connections, too many. */
const SQL_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Driver adapter error kinds for the same situations. */
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
/** pg's own errors carry no code, only these words. */
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Can't reach database server|the database system is (starting up|shutting down|in recovery mode)/i;

function unreachable(error: Record<string, unknown>): boolean {
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (code && (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || SQL_STATES.has(code))) {
    return true;
  }
  if (code?.startsWith('08')) return true;
  if (typeof error.kind === 'string' && ADAPTER_KINDS.has(error.kind)) return true;
  return typeof error.message === 'string' && MESSAGES.test(error.message);
}

/** True when `error` (or what caused it) says the database cannot be reached. */
export function isStoreUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if (unreachable(current as Record<string, unknown>)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** One line for an error of any shape, with its cause when it has one (fetch hides the real one). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

/**
 * Why `ready()` rejects when the server refused the SDK key (HTTP 401 or 403): final, unlike a
 * timeout, so the OpenFeature providers report it as PROVIDER_FATAL.
 */
export class SdkKeyRefusedError extends Error {
  override readonly name = 'SdkKeyRefusedError';
}

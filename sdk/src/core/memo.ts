/**
 * Wraps a parser of context strings with a one-entry memory: evaluateAll tests the same context
 * value (an app version, a date) against many flags, and parsing allocates, matching does not.
 */
export function rememberLast<T>(parse: (text: string) => T): (text: string) => T {
  let lastText: string | undefined;
  let lastResult = undefined as T;
  return (text) => {
    if (text !== lastText) {
      lastResult = parse(text);
      lastText = text;
    }
    return lastResult;
  };
}

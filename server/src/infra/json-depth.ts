import type { FastifyInstance } from 'fastify';
import { BodyTooDeepError, problem } from '../errors.ts';

/** No wire schema of ours nests deeper than this (a JSON variant value included). */
export const MAX_BODY_DEPTH = 64;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * How deep the brackets of a JSON text nest, stopping as soon as `limit` is passed. One linear
 * pass that skips string contents: cheaper than walking the parsed value, and it runs before
 * anything recursive (the validator's pointer code overflowed the stack at ~3,000 levels).
 */
export function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return false;
}

/** JSON bodies are parsed by Fastify's own parser once their nesting is known to be bounded. */
export function useJsonDepthLimit(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (exceedsDepth(text, MAX_BODY_DEPTH)) {
      done(
        problem(BodyTooDeepError, `The body nests deeper than ${MAX_BODY_DEPTH} levels.`),
        undefined,
      );
      return;
    }
    parse(request, text, done);
  });
}

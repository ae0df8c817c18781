import type { FieldError } from '@tripswitch/sdk/protocol';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';

// Two validators: bodies are JSON and must be exactly right (no coercion, unknown fields
// rejected: Fastify's default would strip them silently); query strings and path parameters are
// text, so numbers and booleans are coerced there and only there.

function createAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes,
    removeAdditional: false,
    useDefaults: true,
    allErrors: false,
    // Errors carry their schema so messages can use its description.
    verbose: true,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

/** The JSON pointer of the first string (or key) in `value` holding a NUL character. */
function nulPointer(value: unknown, at = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? at : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const path = `${at}/${key}`;
    if (key.includes('\u0000')) return path;
    const found = nulPointer(child, path);
    if (found !== undefined) return found;
  }
  return undefined;
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

// Postgres text and jsonb cannot hold NUL, so it is refused here as a field error rather than
// failing in the database.
function refusingNul(validate: Validator): Validator {
  const checked: Validator = (data) => {
    if (!validate(data)) {
      checked.errors = validate.errors ?? null;
      return false;
    }
    const at = nulPointer(data);
    checked.errors =
      at === undefined
        ? null
        : [
            {
              instancePath: at,
              schemaPath: '',
              keyword: 'nul',
              params: {},
              message: 'must not contain NUL characters',
            },
          ];
    return at === undefined;
  };
  return checked;
}

/** Sets the app's validator compiler: strict for bodies, coercing for the other parts. */
export function useValidators(app: FastifyInstance): void {
  const strict = createAjv(false);
  const coercing = createAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    refusingNul(
      (httpPart === 'body' ? strict : coercing).compile(schema as FastifySchema & object),
    ),
  );
}

const PART_NAMES: Record<string, string> = { querystring: 'query' };

function describe(error: ErrorObject): string {
  const schema = error.parentSchema as
    | { description?: string; anyOf?: { type?: string }[] }
    | undefined;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'pattern':
      return schema?.description ? `must be: ${schema.description}` : `${error.message}`;
    case 'anyOf': {
      const types = schema?.anyOf?.map((branch) => branch.type).filter(Boolean);
      return types?.length ? `must be ${types.join(' or ')}` : `${error.message}`;
    }
    default:
      return `${error.message}`;
  }
}

/** Turns Ajv's errors into field errors with pointers like `/body/rules/0/serve`. */
export function fieldErrors(errors: ErrorObject[], part: string): FieldError[] {
  const base = `/${PART_NAMES[part] ?? part}`;
  const byField = new Map<string, string>();
  for (const error of errors) {
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    const child = params.missingProperty ?? params.additionalProperty;
    const field = `${base}${error.instancePath}${child === undefined ? '' : `/${child}`}`;
    // A failed anyOf lists each branch's error first, then its own summary: keep the summary.
    byField.set(field, describe(error));
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

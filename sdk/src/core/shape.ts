// Hand-written validation of wire input while it is compiled: TypeBox's checker would add tens
// of kilobytes to browser bundles and its compiler needs `new Function` (not CSP-safe). Errors
// name the path of the offending value; unknown fields are ignored (newer minors add fields).

/** A wire value that cannot be evaluated, with the path of the offending value. */
export class MalformedInput extends Error {
  override readonly name = 'MalformedInput';
}

/** Refuses the input: `path: problem`. */
export function refuse(path: string, problem: string): never {
  throw new MalformedInput(`${path}: ${problem}`);
}

export type Fields = Record<string, unknown>;

/** The path of field `name` under `path`; the root path is empty. */
function child(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** The value as a plain object (not null, not an array). */
export function objectAt(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    refuse(path, `expected an object, got ${describe(value)}`);
  }
  return value as Fields;
}

/** The value as an array. */
export function arrayAt(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) refuse(path, `expected an array, got ${describe(value)}`);
  return value;
}

/** A required non-empty string field. */
export function stringField(fields: Fields, name: string, path: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || value === '') {
    refuse(child(path, name), `expected a non-empty string, got ${describe(value)}`);
  }
  return value;
}

/** A required integer field, at least `minimum`. */
export function integerField(fields: Fields, name: string, path: string, minimum: number): number {
  const value = fields[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    refuse(child(path, name), `expected an integer >= ${minimum}, got ${describe(value)}`);
  }
  return value;
}

/** A required boolean field. */
export function booleanField(fields: Fields, name: string, path: string): boolean {
  const value = fields[name];
  if (typeof value !== 'boolean')
    refuse(child(path, name), `expected a boolean, got ${describe(value)}`);
  return value;
}

/** An array of non-empty strings. */
export function stringsAt(value: unknown, path: string): string[] {
  return arrayAt(value, path).map((item, i) => {
    if (typeof item !== 'string' || item === '') {
      refuse(`${path}[${i}]`, `expected a non-empty string, got ${describe(item)}`);
    }
    return item;
  });
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : String(typeof value);
}

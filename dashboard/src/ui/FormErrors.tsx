import { TripswitchApiError } from '@tripswitch/sdk/admin';
import type { FieldError } from '@tripswitch/sdk/protocol';
import { createContext, useContext } from 'react';
import { errorsAt } from '../api/fieldErrors.ts';

const FormErrorsContext = createContext<readonly FieldError[]>([]);

/** Makes the field errors of a failed save available to every field of the form. */
export const FormErrors = FormErrorsContext;

/** A save stopped before sending: the shared validators found these field errors. */
export class InvalidInput extends Error {
  readonly errors: FieldError[];
  constructor(errors: FieldError[], prefix = '') {
    super('Fix the fields marked below; nothing was saved.');
    this.errors = errors.map((error) => ({ ...error, field: `${prefix}${error.field}` }));
  }
}

/** Throws InvalidInput when the shared validators found errors; pointers get `prefix`. */
export function assertValid(errors: FieldError[], prefix: string): void {
  if (errors.length > 0) throw new InvalidInput(errors, prefix);
}

/** The field errors carried by an API error or a failed client-side check. */
export function fieldErrorsOf(error: unknown): FieldError[] {
  if (error instanceof TripswitchApiError || error instanceof InvalidInput) return error.errors;
  return [];
}

/** The messages for the field at `pointer` (or inside it). */
export function useFieldErrors(pointer: string | undefined): string[] {
  const errors = useContext(FormErrorsContext);
  return pointer ? errorsAt(errors, pointer) : [];
}

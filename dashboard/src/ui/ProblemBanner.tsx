import { TripswitchApiError } from '@tripswitch/sdk/admin';
import type { FieldError } from '@tripswitch/sdk/protocol';
import { describePointer } from '../api/fieldErrors.ts';
import { InvalidInput } from './FormErrors.tsx';

/** An error in words, with the fields it concerns; renders nothing without an error. */
export function ProblemBanner({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof InvalidInput) {
    return (
      <div className="banner danger" role="alert">
        <strong>{error.message}</strong>
        <FieldErrorList errors={error.errors} />
      </div>
    );
  }
  if (!(error instanceof TripswitchApiError)) {
    const message = error instanceof Error ? error.message : String(error);
    return (
      <div className="banner danger" role="alert">
        <strong>Something went wrong.</strong> {message}
      </div>
    );
  }
  return (
    <div className="banner danger" role="alert">
      <strong>{error.title}.</strong> {error.detail}
      <FieldErrorList errors={error.errors} />
    </div>
  );
}

function FieldErrorList({ errors }: { errors: readonly FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <ul>
      {errors.map((fieldError) => (
        <li key={`${fieldError.field}:${fieldError.message}`}>
          {describePointer(fieldError.field)}: {fieldError.message}
        </li>
      ))}
    </ul>
  );
}

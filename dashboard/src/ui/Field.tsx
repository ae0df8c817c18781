import { type ReactNode, useId } from 'react';
import { useFieldErrors } from './FormErrors.tsx';

/** The props a control needs to be labelled and described by its field. */
export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

interface FieldProps {
  label: string;
  /** Where this field sits in the request body, to show the server's errors about it. */
  pointer?: string;
  /** A client-side check's message, shown like the server's. */
  error?: string | null;
  hint?: string;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

/** A labelled control with its hint and its errors next to it. */
export function Field({ label, pointer, error, hint, className, children }: FieldProps) {
  const id = useId();
  const messages = [...(error ? [error] : []), ...useFieldErrors(pointer)];
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = messages.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(errorId ? { 'aria-invalid': true as const } : {}),
      })}
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {errorId && (
        <p id={errorId} className="field-error" role="alert">
          {messages.join('; ')}
        </p>
      )}
    </div>
  );
}

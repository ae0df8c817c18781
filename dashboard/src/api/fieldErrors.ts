import type { FieldError } from '@tripswitch/sdk/protocol';

// Problem `errors[].field` pointers address the request (`/body/config/rules/0/serve`); form
// fields name the same place without the `/body` prefix, so one pointer serves both.
function normalize(pointer: string): string {
  const withoutBody = pointer.replace(/^\/body(?=\/|$)/, '');
  return withoutBody === '' ? '/' : withoutBody;
}

/** The messages of errors at this field's pointer or anywhere inside it. */
export function errorsAt(errors: readonly FieldError[], pointer: string): string[] {
  const target = normalize(pointer);
  return errors
    .filter((error) => {
      const at = normalize(error.field);
      return at === target || at.startsWith(`${target}/`);
    })
    .map((error) => error.message);
}

const labels: Record<string, string> = {
  config: '',
  rules: 'rule',
  conditions: 'condition',
  targets: 'target',
  variants: 'variant',
  variations: 'share',
  defaultServe: 'default rule',
  offVariation: 'off variation',
  steps: 'step',
  holdSeconds: 'hold',
  minimumSample: 'minimum sample',
  windowSeconds: 'window',
  controlVariant: 'control variant',
  treatmentVariant: 'treatment variant',
};

/** A pointer in words for people: `/body/config/rules/0/serve` becomes `rule 1 › serve`. */
export function describePointer(pointer: string): string {
  const parts = normalize(pointer).split('/').filter(Boolean);
  const words: string[] = [];
  for (const part of parts) {
    const index = Number(part);
    if (Number.isInteger(index) && words.length > 0) {
      words[words.length - 1] = `${words[words.length - 1]} ${index + 1}`;
    } else {
      const label = labels[part] ?? part;
      if (label) words.push(label);
    }
  }
  return words.join(' › ') || 'request';
}

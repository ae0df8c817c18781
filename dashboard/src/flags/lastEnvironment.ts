// The environment a person last worked in, per browser, so a flag opens where they were (in an
// incident, production) rather than on the first environment. Storage may be unavailable (private
// modes, quotas): then flags open on the first environment as before.

const KEY = 'tripswitch.lastEnvironment';

export function rememberEnvironment(environment: string): void {
  try {
    localStorage.setItem(KEY, environment);
  } catch {
    // Not remembered; nothing else depends on it.
  }
}

export function lastEnvironment(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

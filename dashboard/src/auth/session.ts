// The admin token lives in memory and in sessionStorage: a reload in the same tab stays signed in,
// but the token never outlives the tab and is not shared with other tabs (unlike localStorage).
const STORAGE_KEY = 'tripswitch.adminToken';

export function loadToken(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(STORAGE_KEY, token);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (private modes); the token then lives in memory only.
  }
}

import { useQueryClient } from '@tanstack/react-query';
import { type AdminClient, createAdminClient, TripswitchApiError } from '@tripswitch/sdk/admin';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { loadToken, storeToken } from './session.ts';

interface Auth {
  admin: AdminClient | null;
  /** The signed-in admin token, for what the admin client does not cover (the change feed). */
  token: string | null;
  signIn(token: string): void;
  signOut(): void;
}

const AuthContext = createContext<Auth | null>(null);

/** Creates the API client for the signed-in admin token, talking to the page's own origin. */
export function clientFor(token: string): AdminClient {
  return createAdminClient({ url: '', token, source: 'dashboard' });
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState(loadToken);
  const signIn = useCallback((next: string) => {
    storeToken(next);
    setToken(next);
  }, []);
  const signOut = useCallback(() => {
    storeToken(null);
    setToken(null);
    queryClient.clear();
  }, [queryClient]);
  // A token revoked (or rotated) while the dashboard is open: every read now fails with 401, so
  // sign out and ask for a token instead of showing the same error on every page.
  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        const error = event.query.state.error;
        if (
          event.type === 'updated' &&
          error instanceof TripswitchApiError &&
          error.status === 401
        ) {
          signOut();
        }
      }),
    [queryClient, signOut],
  );
  const value = useMemo(
    () => ({ admin: token ? clientFor(token) : null, token, signIn, signOut }),
    [token, signIn, signOut],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth must be used inside <AuthProvider>');
  return auth;
}

/** The API client of the signed-in user; pages behind <RequireAuth> can rely on it. */
export function useAdmin(): AdminClient {
  const { admin } = useAuth();
  if (!admin) throw new Error('useAdmin needs a signed-in user');
  return admin;
}

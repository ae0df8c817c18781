import { useQueryClient } from '@tanstack/react-query';
import { type AdminClient, createAdminClient } from '@tripswitch/sdk/admin';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { loadToken, storeToken } from './session.ts';

interface Auth {
  admin: AdminClient | null;
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
  const value = useMemo(
    () => ({ admin: token ? clientFor(token) : null, signIn, signOut }),
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

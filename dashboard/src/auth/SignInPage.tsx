import { type FormEvent, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { clientFor, useAuth } from './AuthProvider.tsx';

export function SignInPage() {
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/flags';
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // Check the token before keeping it, so a typo is reported here and not on every page.
      await clientFor(token.trim()).call('listEnvironments');
      signIn(token.trim());
      navigate(from, { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <h1>Tripswitch</h1>
      <form onSubmit={submit} className="card stack">
        <h2>Sign in</h2>
        <label htmlFor="admin-token">Admin token</label>
        <input
          id="admin-token"
          type="password"
          autoComplete="off"
          required
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-describedby="admin-token-hint"
        />
        <p id="admin-token-hint" className="hint">
          Kept for this browser tab only; closing the tab signs you out.
        </p>
        <ProblemBanner error={error} />
        <button type="submit" className="primary" disabled={busy || !token.trim()}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

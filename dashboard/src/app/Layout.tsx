import { NavLink, Outlet } from 'react-router';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useLiveUpdates } from '../live/useLiveUpdates.ts';

const sections = [
  { to: '/flags', label: 'Flags' },
  { to: '/audit', label: 'Audit log' },
  { to: '/environments', label: 'Environments' },
  { to: '/tokens', label: 'API tokens' },
  { to: '/webhooks', label: 'Webhooks' },
];

export function Layout() {
  const { signOut } = useAuth();
  useLiveUpdates();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Tripswitch</span>
        <nav aria-label="Sections">
          <ul className="sections">
            {sections.map((section) => (
              <li key={section.to}>
                <NavLink to={section.to}>{section.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" className="sign-out" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

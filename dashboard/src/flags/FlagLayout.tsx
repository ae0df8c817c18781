import { useQuery } from '@tanstack/react-query';
import type { Environment, Flag } from '@tripswitch/sdk/protocol';
import { useEffect } from 'react';
import { Navigate, NavLink, Outlet, useLocation, useOutletContext, useParams } from 'react-router';
import { environmentsQuery, flagQuery } from '../api/queries.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { lastEnvironment, rememberEnvironment } from './lastEnvironment.ts';

interface FlagContext {
  flag: Flag;
  environments: Environment[];
}

/** The flag and the environments, for the pages under a flag. */
export function useFlagContext(): FlagContext {
  return useOutletContext<FlagContext>();
}

/** A flag's header and its environment switcher; the page for one environment goes below. */
export function FlagLayout() {
  const admin = useAdmin();
  const { flagKey = '', environment } = useParams();
  useEffect(() => {
    if (environment) rememberEnvironment(environment);
  }, [environment]);
  // Switching environment keeps the section open (history, guardrails) rather than the targeting.
  const section = useLocation().pathname.match(/\/(history|guardrails)$/)?.[0] ?? '';
  const flag = useQuery(flagQuery(admin, flagKey));
  const environments = useQuery(environmentsQuery(admin));
  if (flag.isError) return <ProblemBanner error={flag.error} />;
  if (environments.isError) return <ProblemBanner error={environments.error} />;
  if (!flag.data || !environments.data) return <p className="muted">Loading…</p>;

  return (
    <div className="stack">
      <div>
        <h1>
          {flag.data.name || flag.data.key}{' '}
          {flag.data.archived && <span className="pill">archived</span>}
        </h1>
        <p className="muted">
          <code>{flag.data.key}</code> · {flag.data.kind} · {flag.data.variants.length} variants
          {flag.data.description && ` · ${flag.data.description}`}
        </p>
      </div>
      <nav aria-label="Environment">
        <ul className="tabs">
          {environments.data.map((env) => (
            <li key={env.key}>
              <NavLink to={`/flags/${flagKey}/environments/${env.key}${section}`}>
                {env.name || env.key}{' '}
                <span className={`pill ${flag.data.environments[env.key]?.on ? 'on' : 'off'}`}>
                  {flag.data.environments[env.key]?.on ? 'on' : 'off'}
                </span>
              </NavLink>
            </li>
          ))}
          <li>
            <NavLink to={`/flags/${flagKey}/settings`}>Settings and variants</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet context={{ flag: flag.data, environments: environments.data }} />
    </div>
  );
}

/** Opens a flag on the environment last worked in, else its first. */
export function FlagIndexRedirect() {
  const { flag, environments } = useFlagContext();
  const remembered = lastEnvironment();
  const first = environments.find((env) => env.key === remembered) ?? environments[0];
  if (!first) return <Navigate to={`/flags/${flag.key}/settings`} replace />;
  return <Navigate to={`/flags/${flag.key}/environments/${first.key}`} replace />;
}

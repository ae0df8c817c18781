import { useQuery } from '@tanstack/react-query';
import type { ListFlagsQuery } from '@tripswitch/sdk/protocol';
import { useDeferredValue, useState } from 'react';
import { Link } from 'react-router';
import { environmentsQuery, flagListQuery } from '../api/queries.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { Field } from '../ui/Field.tsx';
import { Pager, useCursorPages } from '../ui/Pager.tsx';
import { QueryState } from '../ui/QueryState.tsx';
import { EnvironmentStates } from './EnvironmentStates.tsx';

type Status = NonNullable<ListFlagsQuery['status']>;

export function FlagListPage() {
  const admin = useAdmin();
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState('');
  const [status, setStatus] = useState<Status>('active');
  const pages = useCursorPages();
  const filters = {
    q: useDeferredValue(search.trim()) || undefined,
    tag: tag.trim() || undefined,
    status,
    cursor: pages.cursor,
  };
  const flags = useQuery(flagListQuery(admin, filters));
  const environments = useQuery(environmentsQuery(admin));
  const filter =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      pages.reset();
    };

  return (
    <div className="stack">
      <div className="spread">
        <h1>Flags</h1>
        <Link className="button primary" to="/flags/new">
          New flag
        </Link>
      </div>
      <search className="row">
        <Field label="Search" hint="Key, name or description">
          {(control) => (
            <input
              {...control}
              type="search"
              value={search}
              onChange={(event) => filter(setSearch)(event.target.value)}
            />
          )}
        </Field>
        <Field label="Tag">
          {(control) => (
            <input
              {...control}
              value={tag}
              onChange={(event) => filter(setTag)(event.target.value)}
            />
          )}
        </Field>
        <Field label="Status">
          {(control) => (
            <select
              {...control}
              value={status}
              onChange={(event) => filter(setStatus)(event.target.value as Status)}
            >
              <option value="active">Active</option>
              <option value="archived">Archived</option>
              <option value="all">All</option>
            </select>
          )}
        </Field>
      </search>
      <QueryState query={flags}>
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">No flags match.</p>
          ) : (
            <>
              <ul className="list" aria-label="Flags">
                {page.items.map((flag) => (
                  <li key={flag.key}>
                    <div className="primary-cell">
                      <Link to={`/flags/${flag.key}`}>{flag.name || flag.key}</Link>{' '}
                      <code>{flag.key}</code>
                      {flag.archived && <span className="pill"> archived</span>}
                      {flag.tags.length > 0 && (
                        <ul className="pills" aria-label="Tags">
                          {flag.tags.map((t) => (
                            <li key={t} className="pill">
                              {t}
                            </li>
                          ))}
                        </ul>
                      )}
                    </div>
                    <EnvironmentStates flag={flag} environments={environments.data ?? []} />
                  </li>
                ))}
              </ul>
              <Pager pages={pages} nextCursor={page.nextCursor} label="Flag pages" />
            </>
          )
        }
      </QueryState>
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import type { AuditEntry, AuditQuery } from '@tripswitch/sdk/protocol';
import { useState } from 'react';
import { Link } from 'react-router';
import { auditQuery, environmentsQuery } from '../api/queries.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { Field } from '../ui/Field.tsx';
import { Pager, useCursorPages } from '../ui/Pager.tsx';
import { QueryState } from '../ui/QueryState.tsx';

type Filters = Pick<AuditQuery, 'flag' | 'environment' | 'actor' | 'action' | 'from' | 'to'>;
const textFilters = [
  ['flag', 'Flag key'],
  ['actor', 'Actor'],
  ['action', 'Action', 'e.g. flagEnvironment.killed'],
] as const;

// datetime-local inputs give local wall time; the API wants RFC 3339.
const toInstant = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** Every recorded change in the project, filtered and paged, newest first. */
export function AuditPage() {
  const admin = useAdmin();
  const environments = useQuery(environmentsQuery(admin));
  const [filters, setFilters] = useState<Record<keyof Filters, string>>({
    flag: '',
    environment: '',
    actor: '',
    action: '',
    from: '',
    to: '',
  });
  const pages = useCursorPages();
  const query: AuditQuery = {
    ...Object.fromEntries(
      (['flag', 'environment', 'actor', 'action'] as const)
        .filter((name) => filters[name].trim())
        .map((name) => [name, filters[name].trim()]),
    ),
    ...(filters.from ? { from: toInstant(filters.from) } : {}),
    ...(filters.to ? { to: toInstant(filters.to) } : {}),
    limit: 25,
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
  };
  const entries = useQuery(auditQuery(admin, query));
  const set = (name: keyof Filters, value: string) => {
    setFilters({ ...filters, [name]: value });
    pages.reset();
  };

  return (
    <div className="stack">
      <h1>Audit log</h1>
      <search className="row">
        {textFilters.map(([name, label, hint]) => (
          <Field key={name} label={label} {...(hint ? { hint } : {})}>
            {(control) => (
              <input
                {...control}
                value={filters[name]}
                onChange={(e) => set(name, e.target.value)}
              />
            )}
          </Field>
        ))}
        <Field label="Environment">
          {(control) => (
            <select
              {...control}
              value={filters.environment}
              onChange={(e) => set('environment', e.target.value)}
            >
              <option value="">All</option>
              {(environments.data ?? []).map((env) => (
                <option key={env.key} value={env.key}>
                  {env.key}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="From">
          {(control) => (
            <input
              {...control}
              type="datetime-local"
              value={filters.from}
              onChange={(e) => set('from', e.target.value)}
            />
          )}
        </Field>
        <Field label="To">
          {(control) => (
            <input
              {...control}
              type="datetime-local"
              value={filters.to}
              onChange={(e) => set('to', e.target.value)}
            />
          )}
        </Field>
      </search>
      <QueryState query={entries}>
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">No entries match.</p>
          ) : (
            <>
              <ol className="list" aria-label="Audit entries">
                {page.items.map((entry) => (
                  <AuditItem key={entry.id} entry={entry} />
                ))}
              </ol>
              <Pager pages={pages} nextCursor={page.nextCursor} label="Audit pages" />
            </>
          )
        }
      </QueryState>
    </div>
  );
}

function AuditItem({ entry }: { entry: AuditEntry }) {
  const target =
    entry.flagKey && entry.environment ? (
      <Link to={`/flags/${entry.flagKey}/environments/${entry.environment}/history`}>
        {entry.flagKey} in {entry.environment}
      </Link>
    ) : entry.flagKey ? (
      <Link to={`/flags/${entry.flagKey}`}>{entry.flagKey}</Link>
    ) : (
      (entry.segmentKey ?? entry.environment ?? '')
    );
  return (
    <li>
      <div className="primary-cell">
        <code>{entry.action}</code> {target}
        {entry.version !== null && <> · version {entry.version}</>}
        {entry.comment && <p className="muted">“{entry.comment}”</p>}
      </div>
      <div className="muted">
        {entry.actor} · {entry.source} ·{' '}
        <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>
      </div>
    </li>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { segmentsQuery } from '../api/queries.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { QueryState } from '../ui/QueryState.tsx';
import { SegmentForm } from './SegmentForm.tsx';

/** The segments of one environment: list, create, edit, delete. */
export function SegmentsPage() {
  const admin = useAdmin();
  const { environment = '' } = useParams();
  const segments = useQuery(segmentsQuery(admin, environment));
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div className="stack">
      <h1>Segments in {environment}</h1>
      <QueryState query={segments}>
        {(page) => (
          <ul className="list" aria-label="Segments">
            {page.items.length === 0 && <li className="muted">No segments yet.</li>}
            {page.items.map((segment) => (
              <li key={segment.key}>
                <div className="primary-cell">
                  <strong>{segment.name || segment.key}</strong> <code>{segment.key}</code>
                  <span className="muted">
                    {' '}
                    · {segment.rules.included.length} included · {segment.rules.conditions.length}{' '}
                    conditions · version {segment.version}
                  </span>
                </div>
                <button
                  type="button"
                  aria-expanded={editing === segment.key}
                  onClick={() => setEditing(editing === segment.key ? null : segment.key)}
                >
                  {editing === segment.key ? 'Close' : `Edit ${segment.key}`}
                </button>
                {editing === segment.key && (
                  <SegmentForm
                    environment={environment}
                    segment={segment}
                    onDone={() => setEditing(null)}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
      <SegmentForm environment={environment} onDone={() => {}} />
    </div>
  );
}

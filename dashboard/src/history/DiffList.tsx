import type { ConfigChange } from './configDiff.ts';

/** Changes as a list: the path, then what it was and what it became. */
export function DiffList({ changes, label }: { changes: ConfigChange[]; label: string }) {
  if (changes.length === 0) return <p className="muted">No configuration change.</p>;
  return (
    <ul className="diff" aria-label={label}>
      {changes.map((change) => (
        <li key={change.path}>
          <strong>{change.path}</strong>:{' '}
          {change.before !== undefined && (
            <del>
              <span className="visually-hidden">was </span>
              {change.before}
            </del>
          )}
          {change.before !== undefined && change.after !== undefined && ' → '}
          {change.after !== undefined && (
            <ins>
              <span className="visually-hidden">now </span>
              {change.after}
            </ins>
          )}
        </li>
      ))}
    </ul>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Environment, FlagVersion } from '@tripswitch/sdk/protocol';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { versionQuery, versionsQuery } from '../api/queries.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { useFlagContext } from '../flags/FlagLayout.tsx';
import { useConfirm } from '../ui/ConfirmProvider.tsx';
import { Pager, useCursorPages } from '../ui/Pager.tsx';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { QueryState } from '../ui/QueryState.tsx';
import { diffConfigs } from './configDiff.ts';
import { DiffList } from './DiffList.tsx';

/** A flag's versions in one environment, each with its diff, and rollback to any of them. */
export function HistoryPage() {
  const admin = useAdmin();
  const { flag, environments } = useFlagContext();
  const { environment: environmentKey = '' } = useParams();
  const environment = environments.find((env) => env.key === environmentKey);
  const pages = useCursorPages();
  const versions = useQuery(versionsQuery(admin, environmentKey, flag.key, pages.cursor));
  if (!environment) return <p>There is no environment “{environmentKey}”.</p>;

  return (
    <section className="stack" aria-labelledby="history-title">
      <div className="spread">
        <h2 id="history-title">History in {environment.name || environment.key}</h2>
        <Link to=".." relative="path">
          Back to targeting
        </Link>
      </div>
      <QueryState query={versions}>
        {(page) => (
          <>
            <ol className="list" aria-label="Versions">
              {page.items.map((version, index) => (
                <VersionItem
                  key={version.version}
                  version={version}
                  previous={page.items[index + 1]}
                  latest={pages.page === 1 && index === 0}
                  environment={environment}
                  currentlyOn={flag.environments[environment.key]?.on ?? false}
                />
              ))}
            </ol>
            <Pager pages={pages} nextCursor={page.nextCursor} label="Version pages" />
          </>
        )}
      </QueryState>
    </section>
  );
}

interface VersionItemProps {
  version: FlagVersion;
  /** The version before, when it is on the same page; fetched on demand otherwise. */
  previous: FlagVersion | undefined;
  latest: boolean;
  environment: Environment;
  /** Whether the flag is on now, so the rollback can say when it switches it. */
  currentlyOn: boolean;
}

/** What rolling back does to the switch, in words; nothing when it stays as it is. */
function switchChange(flagKey: string, to: FlagVersion, currentlyOn: boolean): string {
  if (to.config.on === currentlyOn) return '';
  return to.config.on
    ? ` It turns ${flagKey} back on: targets, rules and the default rule apply again.`
    : ` It turns ${flagKey} off: everyone gets "${to.config.offVariation}".`;
}

function VersionItem({ version, previous, latest, environment, currentlyOn }: VersionItemProps) {
  const admin = useAdmin();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(latest);
  const { flagKey } = version;
  const previousNumber = version.version - 1;
  const fetched = useQuery({
    ...versionQuery(admin, environment.key, flagKey, previousNumber),
    enabled: open && !previous && previousNumber >= 1,
  });
  const before = previous ?? fetched.data;
  const rollback = useMutation({
    mutationFn: (comment: string) =>
      admin.call('rollbackFlag', {
        params: { flagKey, environment: environment.key, version: version.version },
        body: comment ? { comment } : {},
      }),
    onSuccess: (next) => {
      queryClient.setQueryData(queryKeys.flagEnvironment(environment.key, flagKey), next);
      void queryClient.invalidateQueries({
        queryKey: queryKeys.versions(environment.key, flagKey),
      });
      void queryClient.invalidateQueries({ queryKey: queryKeys.flags });
    },
  });

  async function rollBack() {
    const answer = await confirm({
      title: `Roll ${flagKey} back to version ${version.version}?`,
      body: `This writes a new version in ${environment.name || environment.key} equal to version ${version.version}; history is kept.${switchChange(flagKey, version, currentlyOn)}`,
      confirmLabel: `Roll back to version ${version.version}`,
      danger: true,
      reason: { label: 'Reason', hint: 'Optional; kept in the history and the audit log.' },
    });
    if (!answer) return;
    const rolledBack = `Rollback to version ${version.version}`;
    rollback.mutate(answer.reason ? `${rolledBack}: ${answer.reason}` : rolledBack);
  }

  return (
    <li>
      <div className="primary-cell stack">
        <div>
          <strong>Version {version.version}</strong> · {version.actor} · {version.source} ·{' '}
          <time dateTime={version.createdAt}>{new Date(version.createdAt).toLocaleString()}</time>
          {version.comment && <p className="muted">“{version.comment}”</p>}
        </div>
        {open &&
          (before ? (
            <DiffList
              changes={diffConfigs(before.config, version.config)}
              label={`Changes in version ${version.version}`}
            />
          ) : previousNumber < 1 ? (
            <p className="muted">The first version.</p>
          ) : (
            <p className="muted">Loading…</p>
          ))}
        <ProblemBanner error={rollback.error ?? fetched.error} />
      </div>
      <div className="row">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide changes' : 'Show changes'}
        </button>
        {!latest && (
          <button type="button" onClick={rollBack} disabled={rollback.isPending}>
            Roll back to version {version.version}
          </button>
        )}
      </div>
    </li>
  );
}

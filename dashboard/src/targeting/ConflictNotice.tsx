import type { FlagEnvironment } from '@tripswitch/sdk/protocol';
import { diffConfigs } from '../history/configDiff.ts';
import { DiffList } from '../history/DiffList.tsx';

interface ConflictNoticeProps {
  base: FlagEnvironment;
  current: FlagEnvironment;
  /** True when a save was refused with 409, not only noticed by the live update. */
  refused: boolean;
  onReload(): void;
  onReapply(): void;
}

/** Explains that someone else saved while the user was editing, and what they changed. */
export function ConflictNotice({
  base,
  current,
  refused,
  onReload,
  onReapply,
}: ConflictNoticeProps) {
  const when = new Date(current.updatedAt).toLocaleString();
  return (
    <div className="banner warning stack" role="alert" aria-labelledby="conflict-title">
      <h2 id="conflict-title">
        {refused
          ? 'Not saved: this flag changed while you were editing'
          : 'This flag changed while you were editing'}
      </h2>
      <p>
        You started from version {base.version}. {current.updatedBy} saved version {current.version}{' '}
        at {when}. Their changes:
      </p>
      <DiffList changes={diffConfigs(base.config, current.config)} label="Their changes" />
      <p>Your edit is kept below. Nothing is overwritten until you choose.</p>
      <div className="actions">
        <button type="button" onClick={onReload}>
          Discard my edit and load theirs
        </button>
        <button type="button" className="primary" onClick={onReapply}>
          Reapply my edit on their version
        </button>
      </div>
    </div>
  );
}

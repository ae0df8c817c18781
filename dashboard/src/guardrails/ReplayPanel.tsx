import { useMutation } from '@tanstack/react-query';
import type { Guardrail, GuardrailReplay } from '@tripswitch/sdk/protocol';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';

/** How far back a replay from the card looks. */
const REPLAY_HOURS = [1, 6, 24] as const;

/** The answer in one sentence: when it would have tripped, or that it would not have. */
function replayText(replay: GuardrailReplay): string {
  const range = `${new Date(replay.from).toLocaleString()} to ${new Date(replay.to).toLocaleString()}`;
  return replay.trippedAt
    ? `From ${range}, it would have tripped at ${new Date(replay.trippedAt).toLocaleString()} (look ${replay.looks}): ${replay.evaluation.summary}`
    : `From ${range}, it would not have tripped (${replay.looks} looks): ${replay.evaluation.summary}`;
}

/** Re-judges the stored metrics of the last hours with this guardrail's test (POST .../guardrails/replay). */
export function ReplayPanel({ guardrail }: { guardrail: Guardrail }) {
  const admin = useAdmin();
  const replay = useMutation({
    mutationFn: (hours: number) =>
      admin.call('replayGuardrail', {
        params: { flagKey: guardrail.flagKey, environment: guardrail.environment },
        body: {
          guardrailId: guardrail.id,
          from: new Date(Date.now() - hours * 3_600_000).toISOString(),
        },
      }),
  });
  return (
    <details className="replay">
      <summary>Replay on stored metrics</summary>
      <p className="muted">
        Judge the metrics already stored with this guardrail's test, as if it had been armed then:
        when would it have tripped?
      </p>
      <div className="actions">
        {REPLAY_HOURS.map((hours) => (
          <button
            key={hours}
            type="button"
            disabled={replay.isPending}
            onClick={() => replay.mutate(hours)}
          >
            Last {hours === 1 ? 'hour' : `${hours} hours`}
          </button>
        ))}
      </div>
      <ProblemBanner error={replay.error} />
      {replay.data && (
        <p role="status" data-testid="replay-result">
          {replayText(replay.data)}
        </p>
      )}
    </details>
  );
}

-- Guardrails judge with sequential tests: evidence accumulates from arming, and a window is an
-- option for long-lived guardrails (tumbling windows, each with its own budget). Null means no
-- window. Guardrails left at the old default sliding window (300 s) move to the new default; a
-- previous release reading a null window sees an empty window and waits (no trips, rollouts held)
-- until the new release takes over.

ALTER TABLE "guardrails" ALTER COLUMN "window_seconds" DROP NOT NULL;
UPDATE "guardrails" SET "window_seconds" = NULL WHERE "window_seconds" = 300;

-- Shadow mode: a guardrail that judges and records its would-be trip without acting. Additive: the
-- previous release ignores the columns (and would act on a shadow guardrail, so do not create
-- shadow guardrails until every instance runs this release).
ALTER TABLE "guardrails" ADD COLUMN "shadow" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "guardrails" ADD COLUMN "shadow_tripped_at" TIMESTAMPTZ(3);
ALTER TABLE "guardrails" ADD COLUMN "shadow_evaluation" JSONB;

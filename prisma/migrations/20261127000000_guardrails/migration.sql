-- Guardrails and progressive rollouts: SDK metric buckets, guardrails, rollouts, webhooks.

-- CreateTable
CREATE TABLE "metric_buckets" (
    "environment_key" TEXT NOT NULL,
    "flag_key" TEXT NOT NULL,
    "variant" TEXT NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "evaluations" BIGINT NOT NULL DEFAULT 0,
    "outcomes" BIGINT NOT NULL DEFAULT 0,
    "errors" BIGINT NOT NULL DEFAULT 0,
    "latency" BIGINT[],
    "value_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "value_count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "metric_buckets_pkey" PRIMARY KEY ("environment_key","flag_key","variant","bucket_start")
);

-- CreateTable
CREATE TABLE "event_buckets" (
    "environment_key" TEXT NOT NULL,
    "flag_key" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "variant" TEXT NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    "value_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "event_buckets_pkey" PRIMARY KEY ("environment_key","flag_key","event","variant","bucket_start")
);

-- CreateTable
CREATE TABLE "guardrails" (
    "id" TEXT NOT NULL,
    "flag_key" TEXT NOT NULL,
    "environment_key" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "event" TEXT,
    "threshold_kind" TEXT NOT NULL,
    "threshold_value" DOUBLE PRECISION NOT NULL,
    "minimum_sample" INTEGER NOT NULL,
    "window_seconds" INTEGER NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "action" TEXT NOT NULL,
    "control_variant" TEXT,
    "state" TEXT NOT NULL DEFAULT 'armed',
    "armed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "tripped_at" TIMESTAMPTZ(3),
    "trip_evaluation" JSONB,
    "trip_version" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "guardrails_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rollouts" (
    "id" TEXT NOT NULL,
    "flag_key" TEXT NOT NULL,
    "environment_key" TEXT NOT NULL,
    "control_variant" TEXT NOT NULL,
    "treatment_variant" TEXT NOT NULL,
    "bucket_by" TEXT,
    "steps" JSONB NOT NULL,
    "state" TEXT NOT NULL,
    "step_index" INTEGER NOT NULL,
    "step_started_at" TIMESTAMPTZ(3) NOT NULL,
    "base_version" INTEGER NOT NULL,
    "started_by" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "reason" TEXT,

    CONSTRAINT "rollouts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhooks" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "events" TEXT[],
    "environments" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_status" INTEGER,
    "last_error" TEXT,
    "next_attempt_at" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "metric_buckets_bucket_start_idx" ON "metric_buckets"("bucket_start");

-- CreateIndex
CREATE INDEX "event_buckets_bucket_start_idx" ON "event_buckets"("bucket_start");

-- CreateIndex
CREATE INDEX "guardrails_flag_key_environment_key_idx" ON "guardrails"("flag_key", "environment_key");

-- CreateIndex
CREATE INDEX "guardrails_state_idx" ON "guardrails"("state");

-- CreateIndex
CREATE INDEX "rollouts_flag_key_environment_key_started_at_idx" ON "rollouts"("flag_key", "environment_key", "started_at");

-- CreateIndex
CREATE INDEX "rollouts_state_idx" ON "rollouts"("state");

-- CreateIndex
CREATE INDEX "webhook_deliveries_webhook_id_id_idx" ON "webhook_deliveries"("webhook_id", "id");

-- CreateIndex
CREATE INDEX "webhook_deliveries_state_next_attempt_at_idx" ON "webhook_deliveries"("state", "next_attempt_at");

-- AddForeignKey
ALTER TABLE "guardrails" ADD CONSTRAINT "guardrails_flag_key_environment_key_fkey" FOREIGN KEY ("flag_key", "environment_key") REFERENCES "flag_configs"("flag_key", "environment_key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_flag_key_environment_key_fkey" FOREIGN KEY ("flag_key", "environment_key") REFERENCES "flag_configs"("flag_key", "environment_key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

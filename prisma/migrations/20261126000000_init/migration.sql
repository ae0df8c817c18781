-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "environments" (
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "confirm_changes" BOOLEAN NOT NULL DEFAULT false,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "environments_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "flags" (
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" TEXT NOT NULL,
    "variants" JSONB NOT NULL,
    "tags" TEXT[],
    "owner" TEXT,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "salt" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "flags_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "flag_configs" (
    "flag_key" TEXT NOT NULL,
    "environment_key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "config" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "flag_configs_pkey" PRIMARY KEY ("flag_key","environment_key")
);

-- CreateTable
CREATE TABLE "flag_versions" (
    "flag_key" TEXT NOT NULL,
    "environment_key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "config" JSONB NOT NULL,
    "actor" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "comment" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "flag_versions_pkey" PRIMARY KEY ("flag_key","environment_key","version")
);

-- CreateTable
CREATE TABLE "segments" (
    "environment_key" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "rules" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "segments_pkey" PRIMARY KEY ("environment_key","key")
);

-- CreateTable
CREATE TABLE "tokens" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "environment_key" TEXT,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entries" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "flag_key" TEXT,
    "environment_key" TEXT,
    "segment_key" TEXT,
    "version" INTEGER,
    "comment" TEXT,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "flag_configs_environment_key_idx" ON "flag_configs"("environment_key");

-- CreateIndex
CREATE INDEX "flag_versions_environment_key_idx" ON "flag_versions"("environment_key");

-- CreateIndex
CREATE UNIQUE INDEX "tokens_secret_hash_key" ON "tokens"("secret_hash");

-- CreateIndex
CREATE INDEX "tokens_environment_key_idx" ON "tokens"("environment_key");

-- CreateIndex
CREATE INDEX "audit_entries_flag_key_id_idx" ON "audit_entries"("flag_key", "id");

-- CreateIndex
CREATE INDEX "audit_entries_environment_key_id_idx" ON "audit_entries"("environment_key", "id");

-- CreateIndex
CREATE INDEX "audit_entries_segment_key_id_idx" ON "audit_entries"("segment_key", "id");

-- CreateIndex
CREATE INDEX "audit_entries_actor_id_idx" ON "audit_entries"("actor", "id");

-- CreateIndex
CREATE INDEX "audit_entries_at_idx" ON "audit_entries"("at");

-- AddForeignKey
ALTER TABLE "flag_configs" ADD CONSTRAINT "flag_configs_flag_key_fkey" FOREIGN KEY ("flag_key") REFERENCES "flags"("key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flag_configs" ADD CONSTRAINT "flag_configs_environment_key_fkey" FOREIGN KEY ("environment_key") REFERENCES "environments"("key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flag_versions" ADD CONSTRAINT "flag_versions_flag_key_fkey" FOREIGN KEY ("flag_key") REFERENCES "flags"("key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flag_versions" ADD CONSTRAINT "flag_versions_environment_key_fkey" FOREIGN KEY ("environment_key") REFERENCES "environments"("key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segments" ADD CONSTRAINT "segments_environment_key_fkey" FOREIGN KEY ("environment_key") REFERENCES "environments"("key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_environment_key_fkey" FOREIGN KEY ("environment_key") REFERENCES "environments"("key") ON DELETE CASCADE ON UPDATE CASCADE;

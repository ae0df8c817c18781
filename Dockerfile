# syntax=docker/dockerfile:1
# Tripswitch server with its dashboard. Multi-stage: `build` installs the workspace and makes the
# deploy folder (scripts/deploy-folder.mjs); the runtime image holds that folder alone, JavaScript
# and production dependencies, no TypeScript loader, and runs as the unprivileged `node` user.

FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm install -g pnpm@10.34.9
# Manifests first, so the dependency layer is reused while only sources change.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .pnpmfile.cjs ./
COPY sdk/package.json sdk/
COPY server/package.json server/
COPY dashboard/package.json dashboard/
COPY test/package.json test/
COPY prisma prisma
COPY scripts scripts
RUN pnpm install --frozen-lockfile
COPY . .
# The folder the runtime runs: compiled server, its production node_modules (with the SDK's built
# package), migrations and the dashboard. test/packaging/server-deploy.test.ts builds it the same
# way and starts it with this file's CMD.
RUN node scripts/deploy-folder.mjs /deploy

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    TRIPSWITCH_DATA_DIR=/data
WORKDIR /app
COPY --from=build /deploy ./
# The embedded database's folder, for runs without DATABASE_URL.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 4000
HEALTHCHECK --interval=5s --timeout=2s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM drains: readiness fails at once, streams end with jittered retry hints, then exit.
STOPSIGNAL SIGTERM
CMD ["node", "server/dist/main.js"]

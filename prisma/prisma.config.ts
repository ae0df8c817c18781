// Prisma 7 reads the datasource URL from here, not from schema.prisma. The Prisma CLI is only
// used to generate the client (scripts/prisma-generate.mjs); migrations run through our own
// runner (server/src/store/migrations), so the URL matters only to users running Prisma by hand.
export default {
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tripswitch',
  },
};

#!/bin/sh
# Stands in for Prisma's native schema engine, which cannot be downloaded here.
# `prisma generate` does not use it; see scripts/prisma-generate.mjs.
echo "the Prisma schema engine is not installed (scripts/prisma-generate.mjs set this stand-in)" >&2
exit 1

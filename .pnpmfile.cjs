// @prisma/client declares the Prisma CLI and TypeScript as optional peers; pnpm then links both
// into every install that has them anywhere, the deploy folder's production install included
// (about 200 MB). Nothing at run time uses them: the generated client imports the runtime only.
function readPackage(pkg) {
  if (pkg.name === '@prisma/client') {
    // pnpm counts a name in peerDependenciesMeta as an optional peer on its own.
    for (const field of ['peerDependencies', 'peerDependenciesMeta']) {
      delete pkg[field]?.prisma;
      delete pkg[field]?.typescript;
    }
  }
  return pkg;
}

module.exports = { hooks: { readPackage } };

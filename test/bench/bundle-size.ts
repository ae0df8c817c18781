import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface BundleSize {
  /** What was bundled: an entry point, or the names an app imports from it. */
  name: string;
  minified: number;
  gzipped: number;
  /** Whether TypeBox made it into the bundle (it must not: only protocol types are imported). */
  hasTypeBox: boolean;
}

/**
 * esbuild's browser bundle of an SDK entry point, minified, and its gzip size. With `names`, the
 * bundle of an app importing only those from it: what tree shaking leaves, so each client mode
 * is measured by what an app using it ships.
 */
export async function bundleSize(entry: string, names?: string[]): Promise<BundleSize> {
  const sources = new URL('../../sdk/src/', import.meta.url).pathname;
  const input = names
    ? {
        stdin: {
          contents: `export { ${names.join(', ')} } from './${entry}';`,
          resolveDir: sources,
          loader: 'ts' as const,
        },
      }
    : { entryPoints: [`${sources}${entry}`] };
  const result = await build({
    ...input,
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return {
    name: names ? `{ ${names.join(', ')} } from sdk/src/${entry}` : `sdk/src/${entry}`,
    minified: code.length,
    gzipped: gzipSync(code, { level: 9 }).length,
    hasTypeBox: Object.keys(result.metafile.inputs).some((input) => input.includes('typebox')),
  };
}

import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface BundleSize {
  entry: string;
  minified: number;
  gzipped: number;
  /** Whether TypeBox made it into the bundle (it must not: only protocol types are imported). */
  hasTypeBox: boolean;
}

/** esbuild's browser bundle of an SDK entry point, minified, and its gzip size. */
export async function bundleSize(entry: string): Promise<BundleSize> {
  const result = await build({
    entryPoints: [new URL(`../../sdk/src/${entry}`, import.meta.url).pathname],
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
    entry,
    minified: code.length,
    gzipped: gzipSync(code, { level: 9 }).length,
    hasTypeBox: Object.keys(result.metafile.inputs).some((input) => input.includes('typebox')),
  };
}

// How a handler becomes what Lambda runs: one set of esbuild options for the stack's assets and for the
// benchmark that measures their cold start, so the bench times the files we ship.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/** The project's root: the working directory of every build, and what CDK stages assets from. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Lambda's NODE_OPTIONS: stack traces in the logs point at the TypeScript source, not the minified bundle. */
export const handlerNodeOptions = '--enable-source-maps';

/** The module Lambda loads (`index.handler`); code behind a dynamic `import()` lands beside it in chunks/. */
export const handlerEntryFile = 'index.mjs';

/**
 * Bundles `entry` as an ESM module with everything in it, the AWS SDK included (decision 0010): the SDK we
 * test against is the SDK that runs, and a minified bundle loads faster than the runtime's copy. Splitting
 * keeps a lazily imported library (exceljs, for the Excel report alone) out of the module every request of
 * that function loads. Plain data, so that CDK's asset cache, keyed by it, sees every option; the caller
 * adds `outdir`.
 */
export function handlerBuildOptions(entry: string): BuildOptions {
  return {
    entryPoints: { index: entry },
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    absWorkingDir: repoRoot,
    // Packages written for both resolve to their ES module build, which esbuild can tree-shake.
    mainFields: ['module', 'main'],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: true,
    sourcemap: true,
    // Stack traces need only the mappings; leaving the sources out keeps the maps small to load.
    sourcesContent: false,
    // esbuild wraps CommonJS dependencies in a shim that calls `require`, which ESM lacks; every output file
    // (chunks too) gets one, or a bundled CJS package that requires a Node built-in fails when it loads.
    banner: {
      js: "import { createRequire as pledgeTrackerCreateRequire } from 'node:module'; const require = pledgeTrackerCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  };
}

/** The source of a handler: a file in functions/ that exports `handler`. */
export const handlerSource = (handler: string) => join(repoRoot, 'functions', `${handler}.ts`);

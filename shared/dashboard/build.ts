// `npm run build:dashboard`: bundles the dashboard's script and styles with esbuild into generated/assets.ts,
// the module the page handlers import, so the same strings are served by Lambda and by the local runtime.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { renderConsolePage } from './console-page';
import { renderDashboardPage } from './page';

const clientDir = fileURLToPath(new URL('./client/', import.meta.url));
export const generatedAssetsPath = fileURLToPath(new URL('./generated/assets.ts', import.meta.url));

export interface AssetFile {
  contentType: string;
  body: string;
}

export interface DashboardAssets {
  page: string;
  /** The staff console (GET /console): its own script and styles, the same icon. */
  consolePage: string;
  files: Record<string, AssetFile>;
}

/** Browsers of the last few years, without a transpile step that would grow the script. */
const browserTargets = ['chrome109', 'edge109', 'firefox115', 'safari15.6'];

async function bundle(entry: string, extra: Parameters<typeof build>[0] = {}): Promise<string> {
  const result = await build({
    entryPoints: [`${clientDir}${entry}`],
    bundle: true,
    minify: true,
    write: false,
    charset: 'utf8',
    legalComments: 'none',
    target: browserTargets,
    logLevel: 'silent',
    ...extra,
  });
  const output = result.outputFiles?.[0];
  if (!output) throw new Error(`esbuild produced nothing for ${entry}`);
  return output.text;
}

function hashedName(stem: string, extension: string, body: string): string {
  return `${stem}-${createHash('sha256').update(body, 'utf8').digest('hex').slice(0, 12)}.${extension}`;
}

/**
 * The dashboard's script with code splitting: main.ts's dynamic import('./staff') becomes a chunk named by its
 * own content hash (staff-<12 hex>.js), fetched from /assets/ only when a signed-in admin needs it, so a first
 * visit by the public downloads just the entry. The entry's name is hashed after the fact, like the others.
 */
async function bundleDashboardScript(): Promise<{ script: string; chunks: Record<string, string> }> {
  const result = await build({
    entryPoints: [`${clientDir}main.ts`],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    tsconfig: `${clientDir}tsconfig.json`,
    outdir: '/assets',
    entryNames: 'dashboard',
    chunkNames: '[name]-[hash]',
    minify: true,
    write: false,
    charset: 'utf8',
    legalComments: 'none',
    target: browserTargets,
    logLevel: 'silent',
  });
  const outputs = result.outputFiles ?? [];
  const entry = outputs.find((file) => file.path === '/assets/dashboard.js');
  if (!entry) throw new Error('esbuild produced no dashboard.js');
  // esbuild's hashes are upper-case base32, which GET /assets/{file} refuses: each chunk is renamed to the
  // lower-case sha256 form the other assets use, and the entry's import() of it rewritten to match.
  let script = entry.text;
  const chunks: Record<string, string> = {};
  for (const file of outputs) {
    if (file === entry) continue;
    const esbuildName = file.path.slice('/assets/'.length);
    if (!/^staff-[A-Z0-9]+\.js$/.test(esbuildName)) throw new Error(`unexpected chunk ${esbuildName}`);
    const name = hashedName('staff', 'js', file.text);
    if (!script.includes(`"./${esbuildName}"`))
      throw new Error(`dashboard.js does not import ${esbuildName}`);
    script = script.replaceAll(`"./${esbuildName}"`, `"./${name}"`);
    chunks[name] = file.text;
  }
  return { script, chunks };
}

export async function buildDashboardAssets(): Promise<DashboardAssets> {
  const { script, chunks } = await bundleDashboardScript();
  const style = await bundle('dashboard.css');
  const consoleScript = await bundle('console.ts', {
    format: 'esm',
    platform: 'browser',
    tsconfig: `${clientDir}tsconfig.json`,
  });
  const consoleStyle = await bundle('console.css');
  const icon = readFileSync(`${clientDir}icon.svg`, 'utf8').trim();
  const names = {
    script: hashedName('dashboard', 'js', script),
    style: hashedName('dashboard', 'css', style),
    icon: hashedName('icon', 'svg', icon),
  };
  const consoleNames = {
    script: hashedName('console', 'js', consoleScript),
    style: hashedName('console', 'css', consoleStyle),
    icon: names.icon,
  };
  const js = 'text/javascript; charset=utf-8';
  const css = 'text/css; charset=utf-8';
  return {
    page: renderDashboardPage(names),
    consolePage: renderConsolePage(consoleNames),
    files: {
      [names.script]: { contentType: js, body: script },
      [names.style]: { contentType: css, body: style },
      [names.icon]: { contentType: 'image/svg+xml; charset=utf-8', body: icon },
      ...Object.fromEntries(Object.entries(chunks).map(([name, body]) => [name, { contentType: js, body }])),
      [consoleNames.script]: { contentType: js, body: consoleScript },
      [consoleNames.style]: { contentType: css, body: consoleStyle },
    },
  };
}

export function renderAssetsModule(assets: DashboardAssets): string {
  const files = Object.entries(assets.files)
    .map(
      ([name, file]) =>
        `  ${JSON.stringify(name)}: {\n    contentType: ${JSON.stringify(file.contentType)},\n    body: ${JSON.stringify(file.body)},\n  },\n`,
    )
    .join('');
  return [
    '// Generated by `npm run build:dashboard` (shared/dashboard/build.ts) from shared/dashboard/: do not edit.',
    '// test/unit/dashboard-assets.test.ts fails while this is stale.',
    '',
    `export const dashboardPage: string = ${JSON.stringify(assets.page)};`,
    '',
    `export const consolePage: string = ${JSON.stringify(assets.consolePage)};`,
    '',
    'export const dashboardFiles: Readonly<Record<string, { contentType: string; body: string }>> = {',
    `${files}};`,
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const assets = await buildDashboardAssets();
  writeFileSync(generatedAssetsPath, renderAssetsModule(assets));
  const sizes = Object.entries(assets.files).map(
    ([name, file]) => `${name} ${Buffer.byteLength(file.body)} B`,
  );
  process.stdout.write(
    `Wrote ${generatedAssetsPath}: page ${Buffer.byteLength(assets.page)} B, console page ${Buffer.byteLength(assets.consolePage)} B, ${sizes.join(', ')}\n`,
  );
}

// The dashboard's generated assets and the handlers that serve them: fresh, self-contained, strict headers.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildDashboardAssets,
  type DashboardAssets,
  generatedAssetsPath,
  renderAssetsModule,
} from '../../shared/dashboard/build';
import { consolePage, dashboardFiles, dashboardPage } from '../../shared/dashboard/generated/assets';
import type { Answer, EventOptions } from '../support/http-events';
import { loadHandler, requestIdHeader } from './handlers/support';

let built: DashboardAssets;
let getDashboard: (options?: EventOptions) => Promise<Answer>;
let getAsset: (options?: EventOptions) => Promise<Answer>;
let getConsole: (options?: EventOptions) => Promise<Answer>;

beforeAll(async () => {
  built = await buildDashboardAssets();
  getDashboard = await loadHandler('GetDashboard');
  getAsset = await loadHandler('GetDashboardAsset');
  getConsole = await loadHandler('GetConsole');
});

const names = () => Object.keys(dashboardFiles).sort();
const named = (extension: string, stem = 'dashboard') =>
  names().find(
    (name) => name.endsWith(extension) && (extension === '.svg' || name.startsWith(stem)),
  ) as string;

describe('shared/dashboard/generated/assets.ts', () => {
  it('is what `npm run build:dashboard` writes today (run it after changing shared/dashboard/)', () => {
    // Compared as a whole but reported in one line: a diff of minified code helps nobody.
    const fresh = readFileSync(generatedAssetsPath, 'utf8') === renderAssetsModule(built);

    expect(fresh, 'shared/dashboard/generated/assets.ts is stale: run `npm run build:dashboard`').toBe(true);
  });

  it('holds a content-hashed script, stylesheet and icon, each linked from the page', () => {
    expect(
      names()
        .map((name) => name.replace(/-[0-9a-f]{12}\./, '-HASH.'))
        .sort(),
    ).toEqual([
      'console-HASH.css',
      'console-HASH.js',
      'dashboard-HASH.css',
      'dashboard-HASH.js',
      'icon-HASH.svg',
      'staff-HASH.js',
    ]);
    for (const [page, stem] of [
      [dashboardPage, 'dashboard'],
      [consolePage, 'console'],
    ] as const) {
      expect(page).toContain(`<script type="module" src="/assets/${named('.js', stem)}"></script>`);
      expect(page).toContain(`<link rel="stylesheet" href="/assets/${named('.css', stem)}">`);
      expect(page).toContain(`<link rel="icon" href="/assets/${named('.svg')}" type="image/svg+xml">`);
    }
  });

  it.each([
    ['dashboard', dashboardPage],
    ['console', consolePage],
  ] as const)(
    'has no inline script or style in the %s page, which the Content-Security-Policy would refuse',
    (stem, page) => {
      expect(page.match(/<script\b[^>]*>/g)).toEqual([
        `<script type="module" src="/assets/${named('.js', stem)}">`,
      ]);
      expect(page).not.toMatch(/<style|\sstyle=|\son[a-z]+=|javascript:/i);
    },
  );

  it('loads nothing from another host: no absolute URL in the pages, the scripts or the styles', () => {
    const texts = [dashboardPage, consolePage, ...Object.values(dashboardFiles).map((file) => file.body)];
    const urls = texts.flatMap(
      (text) => text.match(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'`)]*/gi) ?? [],
    );

    // The SVG namespace is a name, never fetched.
    expect(urls.filter((url) => url !== 'http://www.w3.org/2000/svg')).toEqual([]);
    expect(dashboardFiles[named('.css')]?.body).not.toMatch(/@import|@font-face/);
  });

  it('keeps what a first visit downloads (page, script, styles, icon) under its 50 KB budget', () => {
    // The dashboard's own files: those its page names (the console's are its own, measured apart).
    const own = Object.entries(dashboardFiles).filter(([name]) => dashboardPage.includes(`/assets/${name}`));
    const bytes = [dashboardPage, ...own.map(([, file]) => file.body)].reduce(
      (sum, text) => sum + Buffer.byteLength(text, 'utf8'),
      0,
    );

    expect(bytes).toBeLessThan(50 * 1000);
  });

  it('splits the admin staff section into a chunk the script imports lazily and the page never names', async () => {
    const chunk = named('.js', 'staff');
    const script = dashboardFiles[named('.js')]?.body ?? '';

    // Fetched by import() when a signed-in admin opens the section, never by <script> or a static import.
    expect(dashboardPage).not.toContain(chunk);
    expect(dashboardPage).not.toMatch(/assets\/staff-/);
    expect(script).toContain(`import("./${chunk}")`);
    expect(script.match(/(?:^|[;}\s])import\s*[{*"\w]|from\s*"\.\//g)).toBeNull();
    // The staff section's own code went with it.
    expect(dashboardFiles[chunk]?.body).toContain('/v1/users/audit');
    expect(script).not.toContain('/v1/users/audit');
    const answer = await getAsset({ pathParameters: { file: chunk } });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(dashboardFiles[chunk]?.body);
    expect(answer.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
  });

  it('is in Vietnamese first: the pages declare lang="vi" and their labels are Vietnamese', () => {
    expect(dashboardPage).toContain('<html lang="vi">');
    expect(dashboardPage).toContain('<label for="campaign" data-i18n="campaignLabel">Đợt thi đua</label>');
    expect(consolePage).toContain('<html lang="vi">');
    expect(consolePage).toContain(
      '<h2 id="handover-heading" tabindex="-1" data-i18n="handoverHeading">Ghi bàn giao</h2>',
    );
  });
});

describe('GET /', () => {
  it('serves the page with a strict Content-Security-Policy and the other security headers, never stored (the back button refetches it)', async () => {
    const answer = await getDashboard();

    expect(answer).toEqual({
      status: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy':
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
          "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
        'cross-origin-opener-policy': 'same-origin',
        'cache-control': 'no-store',
        ...requestIdHeader,
      },
      text: dashboardPage,
      body: undefined,
    });
  });
});

describe('GET /console', () => {
  it('serves the console with the same strict policy, never stored', async () => {
    const answer = await getConsole();

    expect(answer).toEqual({
      status: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy':
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
          "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
        'cross-origin-opener-policy': 'same-origin',
        'cache-control': 'no-store',
        ...requestIdHeader,
      },
      text: consolePage,
      body: undefined,
    });
  });
});

describe('GET /assets/{file}', () => {
  it.each([
    ['.js', 'text/javascript; charset=utf-8'],
    ['.css', 'text/css; charset=utf-8'],
    ['.svg', 'image/svg+xml; charset=utf-8'],
  ])(
    'serves the %s file with its type, nosniff, cached for good under its hashed name',
    async (extension, type) => {
      const file = named(extension);

      const answer = await getAsset({ pathParameters: { file } });

      expect(answer).toEqual({
        status: 200,
        headers: {
          'content-type': type,
          'x-content-type-options': 'nosniff',
          'cache-control': 'public, max-age=31536000, immutable',
          ...requestIdHeader,
        },
        text: dashboardFiles[file]?.body,
        body: undefined,
      });
    },
  );

  it.each([
    ['an unknown name', 'dashboard-000000000000.js', 'Asset dashboard-000000000000.js was not found'],
    ['an inherited property', 'constructor.js', 'Asset constructor.js was not found'],
    ['a name that is not an asset', '..%2Fpackage.json', 'Nothing is found at /assets/..%2Fpackage.json'],
  ])('answers 404 for %s', async (_, file, message) => {
    const answer = await getAsset({ pathParameters: { file } });

    expect([answer.status, answer.body]).toEqual([404, { error: { code: 'not_found', message } }]);
  });
});

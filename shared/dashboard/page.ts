// The dashboard's HTML: a static skeleton in Vietnamese that the script fills; no inline script or style (strict CSP).
import { escapeHtml } from '../domain/report-html';
import { type Labels, labels, type StaticLabel } from './i18n';

export interface PageAssets {
  script: string;
  style: string;
  icon: string;
}

export function renderDashboardPage(assets: PageAssets): string {
  const t: Labels = labels.vi;
  const label = (key: StaticLabel, tag = 'span', attributes = '') =>
    `<${tag}${attributes} data-i18n="${key}">${escapeHtml(t[key])}</${tag}>`;
  const section = (id: string, heading: StaticLabel, body: string) =>
    `<section class="panel" id="${id}-section" aria-labelledby="${id}-heading">` +
    label(heading, 'h2', ` id="${id}-heading"`) +
    body +
    '</section>';
  return [
    '<!doctype html>',
    '<html lang="vi">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    label('pageTitle', 'title'),
    `<link rel="icon" href="/assets/${assets.icon}" type="image/svg+xml">`,
    `<link rel="stylesheet" href="/assets/${assets.style}">`,
    `<script type="module" src="/assets/${assets.script}"></script>`,
    '</head>',
    '<body>',
    label('skipLink', 'a', ' class="skip-link" href="#main"'),
    '<header class="site-header">',
    label('title', 'h1'),
    `<button type="button" id="language-toggle" lang="en" data-i18n="languageToggle">${t.languageToggle}</button>`,
    '</header>',
    '<main id="main" tabindex="-1">',
    '<div class="campaign-bar">',
    label('campaignLabel', 'label', ' for="campaign"'),
    '<select id="campaign" disabled></select>',
    '<p id="campaign-period" class="muted"></p>',
    label('loading', 'p', ' id="updated" class="muted"'),
    '</div>',
    '<p id="announce" class="visually-hidden" aria-live="polite"></p>',
    section('categories', 'categoriesHeading', '<ul id="categories" class="bars"></ul>'),
    section('organizations', 'organizationsHeading', '<div id="organizations"></div>'),
    section('wards', 'wardsHeading', `<div id="wards"></div>${label('heatNote', 'p', ' class="muted"')}`),
    section('forecast', 'forecastHeading', '<div id="forecast"></div>'),
    section(
      'notifications',
      'notificationsHeading',
      `${label('publicView', 'p', ' id="feed-intro"')}` +
        '<form id="token-form" class="token-form" novalidate>' +
        label('tokenLabel', 'label', ' for="token"') +
        '<input id="token" name="token" type="password" autocomplete="off" spellcheck="false" aria-describedby="token-hint" required>' +
        label('tokenHint', 'p', ' id="token-hint" class="muted"') +
        label('showNotifications', 'button', ' type="submit"') +
        '</form>' +
        `${label('signOut', 'button', ' type="button" id="sign-out" hidden')}` +
        '<div id="feed"></div>',
    ),
    section(
      'reports',
      'reportsHeading',
      `${label('reportsNote', 'p', ' id="reports-note"')}<ul id="report-links" class="links"></ul>`,
    ),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

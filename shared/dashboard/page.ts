// The dashboard's HTML: a static skeleton in Vietnamese that the script fills; no inline script or style (strict CSP).
import { escapeHtml } from '../domain/report-html';
import { type Labels, labels, type StaticLabel } from './i18n';
import { identityMetaName } from './identity-config';

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
  const field = (id: string, key: StaticLabel, type: string, autocomplete: string, extra = '') =>
    `<div class="field">${label(key, 'label', ` for="${id}"`)}` +
    `<input id="${id}" name="${id}" type="${type}" autocomplete="${autocomplete}"${extra}></div>`;
  return [
    '<!doctype html>',
    '<html lang="vi">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    // Filled by the page's function from its environment (identity-config.ts); empty means no sign-in here.
    `<meta name="${identityMetaName}" content="">`,
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
    '<div id="account" class="account" hidden>',
    `<p id="account-who" hidden>${label('signedInAs')} <strong id="account-name"></strong> <span id="account-role"></span></p>`,
    label(
      'signIn',
      'button',
      ' type="button" id="sign-in-open" aria-controls="sign-in-section" aria-expanded="false"',
    ),
    label('signOut', 'button', ' type="button" id="sign-out" hidden'),
    '</div>',
    '</header>',
    '<main id="main" tabindex="-1">',
    '<div class="campaign-bar">',
    label('campaignLabel', 'label', ' for="campaign"'),
    '<select id="campaign" disabled></select>',
    '<p id="campaign-period" class="muted"></p>',
    label('loading', 'p', ' id="updated" class="muted"'),
    '</div>',
    '<p id="announce" class="visually-hidden" aria-live="polite"></p>',
    '<section class="panel" id="sign-in-section" aria-labelledby="sign-in-heading" hidden>',
    label('signInHeading', 'h2', ' id="sign-in-heading"'),
    '<form id="sign-in-form" class="sign-in-form" novalidate>',
    field('username', 'username', 'text', 'username', ' autocapitalize="none" spellcheck="false"'),
    field('password', 'password', 'password', 'current-password'),
    `<div id="new-password-step" hidden>${field('new-password', 'newPassword', 'password', 'new-password', ' aria-describedby="new-password-hint"')}${label('newPasswordHint', 'p', ' id="new-password-hint" class="muted"')}</div>`,
    '<div id="enrol-step" hidden>' +
      label('totpSetupHint', 'p', ' id="totp-setup-hint"') +
      `<p>${label('totpSecret')} <code id="totp-secret" class="totp-secret"></code></p>` +
      `<p>${label('totpLink')} <code id="totp-uri" class="totp-uri"></code></p>` +
      '</div>',
    `<div id="code-step" hidden>${field('code', 'totpCode', 'text', 'one-time-code', ' inputmode="numeric" pattern="[0-9]*" maxlength="6"')}</div>`,
    '<p id="sign-in-error" class="error" role="alert"></p>',
    '<div class="actions">',
    label('signIn', 'button', ' type="submit" id="sign-in-submit"'),
    label('forgotPassword', 'button', ' type="button" id="forgot-password" class="link-button"'),
    label('cancel', 'button', ' type="button" id="sign-in-cancel" class="link-button"'),
    '</div>',
    '</form>',
    '</section>',
    // Admins only: the script shows it to a signed-in admin; the API refuses everyone else anyway.
    '<section class="panel" id="staff-section" aria-labelledby="staff-heading" hidden>',
    label('staffHeading', 'h2', ' id="staff-heading"'),
    '<form id="invite-form" class="sign-in-form" novalidate>',
    label('inviteHeading', 'h3'),
    field(
      'invite-email',
      'inviteEmail',
      'email',
      'off',
      ' autocapitalize="none" spellcheck="false" required',
    ),
    `<div class="field">${label('inviteRole', 'label', ' for="invite-role"')}<select id="invite-role" name="invite-role">` +
      (['roleFrontCommittee', 'roleOrganization', 'roleLeadership', 'roleAdmin'] as const)
        .map((key, i) =>
          label(key, 'option', ` value="${['front-committee', 'organization', 'leadership', 'admin'][i]}"`),
        )
        .join('') +
      '</select></div>',
    field(
      'invite-organization',
      'inviteOrganization',
      'text',
      'off',
      ' autocapitalize="none" spellcheck="false"',
    ),
    field('invite-name', 'inviteName', 'text', 'off'),
    '<p id="invite-result" role="status"></p>',
    `<div class="actions">${label('invite', 'button', ' type="submit" id="invite-submit"')}</div>`,
    '</form>',
    '<div id="staff-list"></div>',
    '</section>',
    section('categories', 'categoriesHeading', '<ul id="categories" class="bars"></ul>'),
    section('organizations', 'organizationsHeading', '<div id="organizations"></div>'),
    section('wards', 'wardsHeading', `<div id="wards"></div>${label('heatNote', 'p', ' class="muted"')}`),
    section('forecast', 'forecastHeading', '<div id="forecast"></div>'),
    section(
      'notifications',
      'notificationsHeading',
      `${label('publicView', 'p', ' id="feed-intro"')}<div id="feed"></div>`,
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

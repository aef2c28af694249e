// The staff console's HTML: a static skeleton in Vietnamese that the script fills; no inline script or style.
import { categories, categoryCodes } from '../domain/categories';
import { escapeHtml } from '../domain/report-html';
import { organizationKinds } from '../domain/roles';
import {
  type ConsoleLabels,
  type ConsoleStaticLabel,
  consoleLabels,
  organizationKindLabels,
} from './console-i18n';
import { identityMetaName } from './identity-config';
import type { PageAssets } from './page';

export function renderConsolePage(assets: PageAssets): string {
  const t: ConsoleLabels = consoleLabels.vi;
  const label = (key: ConsoleStaticLabel, tag = 'span', attributes = '') =>
    `<${tag}${attributes} data-i18n="${key}">${escapeHtml(t[key])}</${tag}>`;
  const optional = ` ${label('optional', 'span', ' class="muted"')}`;
  /** A labelled control; `hint` adds a description the screen reader reads with it. */
  const field = (
    id: string,
    key: ConsoleStaticLabel,
    control: string,
    options: { optional?: boolean; hint?: ConsoleStaticLabel } = {},
  ) =>
    `<div class="field"><label for="${id}"><span data-i18n="${key}">${escapeHtml(t[key])}</span>${options.optional ? optional : ''}</label>` +
    control +
    (options.hint ? label(options.hint, 'p', ` id="${id}-hint" class="muted"`) : '') +
    '</div>';
  const input = (id: string, type: string, extra = '') =>
    `<input id="${id}" name="${id}" type="${type}"${extra}>`;
  const select = (id: string, options = '', extra = '') =>
    `<select id="${id}" name="${id}"${extra}>${options}</select>`;
  const categoryOptions = (withAny: boolean) =>
    (withAny ? label('any', 'option', ' value=""') : '') +
    categoryCodes
      .map(
        (code) =>
          `<option value="${code}" data-i18n="category:${code}">${escapeHtml(categories[code].label.vi)}</option>`,
      )
      .join('');
  const kindOptions = organizationKinds
    .map(
      (kind) =>
        `<option value="${kind}" data-i18n="kind:${kind}">${escapeHtml(organizationKindLabels.vi[kind])}</option>`,
    )
    .join('');
  const section = (id: string, heading: ConsoleStaticLabel, body: string) =>
    `<section class="panel" id="${id}-section" aria-labelledby="${id}-heading" hidden>` +
    label(heading, 'h2', ` id="${id}-heading" tabindex="-1"`) +
    body +
    '</section>';
  const status = (id: string) => `<p id="${id}" class="result" role="status"></p>`;
  const actions = (...buttons: string[]) => `<div class="actions">${buttons.join('')}</div>`;

  const handoverForm = [
    label('handoverIntro', 'p', ' class="muted"'),
    '<form id="handover-form" class="console-form" novalidate>',
    field('h-ward', 'ward', select('h-ward', '', ' required')),
    field('h-organization', 'organization', select('h-organization', '', ' required')),
    field('h-category', 'category', select('h-category', categoryOptions(false), ' required')),
    field('h-date', 'handedOverOn', input('h-date', 'date', ' required')),
    field('h-name', 'beneficiaryName', input('h-name', 'text', ' autocomplete="off" maxlength="200"'), {
      optional: true,
    }),
    field(
      'h-address',
      'beneficiaryAddress',
      input('h-address', 'text', ' autocomplete="off" maxlength="500"'),
      {
        optional: true,
      },
    ),
    `<fieldset id="h-cofunders-set"><legend><span data-i18n="coFunders">${escapeHtml(t.coFunders)}</span>${optional}</legend><div id="h-cofunders" class="checks"></div></fieldset>`,
    field('h-value', 'valueVnd', input('h-value', 'text', ' inputmode="numeric" autocomplete="off"'), {
      optional: true,
    }),
    `<fieldset><legend><span data-i18n="fundingHeading">${escapeHtml(t.fundingHeading)}</span>${optional}</legend>`,
    '<div class="pair">',
    field(
      'h-cash-source',
      'cashSource',
      input('h-cash-source', 'text', ' autocomplete="off" maxlength="200"'),
    ),
    field(
      'h-cash-amount',
      'cashAmount',
      input('h-cash-amount', 'text', ' inputmode="numeric" autocomplete="off"'),
    ),
    '</div><div class="pair">',
    field(
      'h-materials',
      'materialsVnd',
      input('h-materials', 'text', ' inputmode="numeric" autocomplete="off"'),
    ),
    field('h-labor', 'laborDays', input('h-labor', 'text', ' inputmode="decimal" autocomplete="off"')),
    '</div></fieldset>',
    field(
      'h-note',
      'note',
      '<textarea id="h-note" name="h-note" rows="2" maxlength="1000" aria-describedby="h-note-hint"></textarea>',
      { optional: true, hint: 'noteHint' },
    ),
    '<div id="handover-errors" class="error" role="alert" tabindex="-1"></div>',
    // Shown only when the API answers possible_duplicate: recording the same household again needs a reason.
    `<div id="h-duplicate" hidden>${field('h-dup-reason', 'duplicateReason', '<textarea id="h-dup-reason" name="h-dup-reason" rows="2" maxlength="500"></textarea>')}</div>`,
    actions(
      label('record', 'button', ' type="submit" id="h-submit"'),
      label('newDraft', 'button', ' type="button" id="h-new-draft" class="secondary"'),
    ),
    '</form>',
    '<div id="handover-result" class="result" role="status"></div>',
  ].join('');

  const register = [
    '<form id="filter-form" class="console-form filters" novalidate>',
    label('filtersHeading', 'h3'),
    '<div class="grid">',
    field('f-ward', 'ward', select('f-ward', label('any', 'option', ' value=""'))),
    `<div id="f-organization-field">${field('f-organization', 'organization', select('f-organization', label('any', 'option', ' value=""')))}</div>`,
    field('f-category', 'category', select('f-category', categoryOptions(true))),
    field('f-from', 'from', input('f-from', 'date')),
    field('f-to', 'to', input('f-to', 'date')),
    field(
      'f-state',
      'state',
      select(
        'f-state',
        label('any', 'option', ' value=""') +
          label('stateRecorded', 'option', ' value="recorded"') +
          label('stateVoided', 'option', ' value="voided"'),
      ),
    ),
    '</div>',
    actions(
      label('apply', 'button', ' type="submit" id="f-apply"'),
      label('export', 'button', ' type="button" id="export" class="secondary" hidden'),
    ),
    '</form>',
    status('register-status'),
    '<div id="register"></div>',
    actions(label('more', 'button', ' type="button" id="register-more" class="secondary" hidden')),
  ].join('');

  const pledges = [
    '<div id="pledges"></div>',
    '<form id="pledge-form" class="console-form" novalidate>',
    label('registerPledgeHeading', 'h3'),
    `<div id="p-organization-field">${field('p-organization', 'organization', select('p-organization'))}</div>`,
    field('p-category', 'category', select('p-category', categoryOptions(false))),
    field('p-target', 'target', input('p-target', 'number', ' min="1" max="1000000" step="1" required')),
    field('p-note', 'note', '<textarea id="p-note" name="p-note" rows="2" maxlength="1000"></textarea>', {
      optional: true,
    }),
    actions(label('registerPledge', 'button', ' type="submit" id="p-submit"')),
    status('pledge-result'),
    '</form>',
    '<form id="revise-form" class="console-form" novalidate>',
    label('revisePledgeHeading', 'h3'),
    field('r-pledge', 'pledge', select('r-pledge')),
    `<fieldset><legend data-i18n="change">${escapeHtml(t.change)}</legend><div class="checks">` +
      `<label><input type="radio" name="r-kind" id="r-kind-revise" value="revise" checked> ${label('changeRevise')}</label>` +
      `<label><input type="radio" name="r-kind" id="r-kind-withdraw" value="withdraw"> ${label('changeWithdraw')}</label>` +
      '</div></fieldset>',
    `<div id="r-target-field">${field('r-target', 'newTarget', input('r-target', 'number', ' min="1" max="1000000" step="1"'))}</div>`,
    field(
      'r-reason',
      'reason',
      '<textarea id="r-reason" name="r-reason" rows="2" maxlength="500" required></textarea>',
    ),
    actions(label('save', 'button', ' type="submit" id="r-submit"')),
    status('revise-result'),
    '</form>',
  ].join('');

  const admin = [
    '<form id="campaign-form" class="console-form" novalidate>',
    label('campaignsHeading', 'h3'),
    field('c-id', 'campaignId', input('c-id', 'text', ' autocapitalize="none" spellcheck="false" required')),
    field('c-name', 'campaignName', input('c-name', 'text', ' maxlength="300" required')),
    '<div class="pair">',
    field('c-starts', 'startsOn', input('c-starts', 'date', ' required')),
    field('c-ends', 'endsOn', input('c-ends', 'date', ' required')),
    '</div>',
    field('c-wards', 'wards', '<textarea id="c-wards" name="c-wards" rows="4" required></textarea>'),
    actions(label('createCampaign', 'button', ' type="submit" id="c-submit"')),
    status('campaign-result'),
    '</form>',
    '<form id="edit-campaign-form" class="console-form" novalidate>',
    label('editCampaignHeading', 'h3'),
    label('editCampaignNote', 'p', ' class="muted"'),
    field('e-name', 'campaignName', input('e-name', 'text', ' maxlength="300" required')),
    '<div class="pair">',
    field('e-starts', 'startsOn', input('e-starts', 'date', ' required')),
    field('e-ends', 'endsOn', input('e-ends', 'date', ' required')),
    '</div>',
    field('e-wards', 'wards', '<textarea id="e-wards" name="e-wards" rows="4" required></textarea>'),
    field(
      'e-reason',
      'reason',
      '<textarea id="e-reason" name="e-reason" rows="2" maxlength="500"></textarea>',
      {
        optional: true,
      },
    ),
    actions(label('save', 'button', ' type="submit" id="e-submit"')),
    status('edit-campaign-result'),
    '</form>',
    '<form id="organization-form" class="console-form" novalidate>',
    label('organizationsHeading', 'h3'),
    field(
      'o-id',
      'organizationId',
      input('o-id', 'text', ' autocapitalize="none" spellcheck="false" required'),
    ),
    field('o-name', 'organizationName', input('o-name', 'text', ' maxlength="200" required')),
    field('o-kind', 'organizationKind', select('o-kind', kindOptions)),
    actions(label('createOrganization', 'button', ' type="submit" id="o-submit"')),
    status('organization-result'),
    '</form>',
    '<form id="rename-form" class="console-form" novalidate>',
    label('renameHeading', 'h3'),
    field('n-organization', 'organization', select('n-organization')),
    field('n-name', 'newName', input('n-name', 'text', ' maxlength="200" required')),
    actions(label('save', 'button', ' type="submit" id="n-submit"')),
    status('rename-result'),
    '</form>',
    `<p id="users-note">${label('usersNote')} ${label('staffLink', 'a', ' href="/#staff-section"')}</p>`,
  ].join('');

  const importer = [
    label('importIntro', 'p', ' class="muted"'),
    actions(label('downloadTemplate', 'button', ' type="button" id="template" class="secondary"')),
    '<form id="import-form" class="console-form" novalidate>',
    field(
      'import-file',
      'importFile',
      input(
        'import-file',
        'file',
        ' accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" aria-describedby="import-file-hint"',
      ),
      { hint: 'importFileHint' },
    ),
    actions(label('preview', 'button', ' type="submit" id="import-preview"')),
    '</form>',
    status('import-status'),
    '<div id="import-preview-result"></div>',
    actions(
      label('commitImport', 'button', ' type="button" id="import-commit" hidden'),
      label('downloadResult', 'button', ' type="button" id="import-download" class="secondary" hidden'),
    ),
    '<div id="import-result"></div>',
  ].join('');

  const dialog = (id: string, heading: ConsoleStaticLabel, body: string, confirm: ConsoleStaticLabel) =>
    `<dialog id="${id}" aria-labelledby="${id}-heading">` +
    `<form method="dialog" id="${id}-form" class="console-form" novalidate>` +
    label(heading, 'h2', ` id="${id}-heading"`) +
    body +
    `<p id="${id}-error" class="error" role="alert"></p>` +
    actions(
      label(confirm, 'button', ` type="submit" id="${id}-confirm" value="confirm"`),
      label('cancel', 'button', ` type="button" id="${id}-cancel" class="secondary"`),
    ) +
    '</form></dialog>';

  return [
    '<!doctype html>',
    '<html lang="vi">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
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
    '<nav class="header-links">',
    label('dashboardLink', 'a', ' href="/"'),
    '</nav>',
    `<button type="button" id="language-toggle" lang="en" data-i18n="languageToggle">${t.languageToggle}</button>`,
    '<div id="account" class="account" hidden>',
    `<p>${label('signedInAs')} <strong id="account-name"></strong> <span id="account-role"></span></p>`,
    label('signOut', 'button', ' type="button" id="sign-out"'),
    '</div>',
    '</header>',
    '<main id="main" tabindex="-1">',
    '<section class="panel" id="sign-in-section" aria-labelledby="sign-in-heading">',
    label('signInHeading', 'h2', ' id="sign-in-heading"'),
    label('signedOutIntro', 'p', ' id="signed-out-intro"'),
    '<form id="sign-in-form" class="console-form" novalidate>',
    field(
      'username',
      'username',
      input('username', 'text', ' autocomplete="username" autocapitalize="none" spellcheck="false"'),
    ),
    `<div id="password-step">${field('password', 'password', input('password', 'password', ' autocomplete="current-password"'))}</div>`,
    `<div id="new-password-step" hidden>${field('new-password', 'newPassword', input('new-password', 'password', ' autocomplete="new-password" aria-describedby="new-password-hint"'))}${label('newPasswordHint', 'p', ' id="new-password-hint" class="muted"')}</div>`,
    `<div id="code-step" hidden>${field('code', 'totpCode', input('code', 'text', ' autocomplete="one-time-code" inputmode="numeric" maxlength="6"'))}</div>`,
    '<p id="sign-in-error" class="error" role="alert"></p>',
    actions(label('signIn', 'button', ' type="submit" id="sign-in-submit"')),
    '</form>',
    '</section>',
    '<div id="workspace" hidden>',
    '<nav id="sections" class="sections" aria-labelledby="sections-label">',
    label('sectionsLabel', 'h2', ' id="sections-label" class="visually-hidden"'),
    '<ul class="links" id="section-links"></ul>',
    '</nav>',
    '<div class="campaign-bar">',
    label('campaignLabel', 'label', ' for="campaign"'),
    '<select id="campaign" disabled></select>',
    '</div>',
    label('noRole', 'p', ' id="no-role" class="error" hidden'),
    section('handover', 'handoverHeading', handoverForm),
    section('register', 'registerHeading', register),
    section('pledges', 'pledgesHeading', pledges),
    section('import', 'importHeading', importer),
    section('admin', 'adminHeading', admin),
    '</div>',
    '</main>',
    dialog(
      'void-dialog',
      'voidHeading',
      '<p id="void-dialog-what"></p>' +
        field(
          'void-reason',
          'reason',
          '<textarea id="void-reason" name="void-reason" rows="2" maxlength="500" required></textarea>',
        ),
      'confirmVoid',
    ),
    dialog(
      'erase-dialog',
      'eraseHeading',
      `<p id="erase-dialog-what"></p>${label('eraseWarning', 'p', ' class="warning"')}`,
      'confirmErase',
    ),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

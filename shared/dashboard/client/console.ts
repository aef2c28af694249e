// The staff console in the browser: signs staff in, records handovers once per draft, keeps the register, pledges,
// campaigns and organizations; every call goes to this origin's API with the session's token.
import { type Category, categories } from '../../domain/categories';
import { localDate } from '../../domain/dates';
import type { Campaign, CampaignSummary, Organization } from '../../domain/model';
import type { PledgeStatus } from '../../domain/progress';
import type { OrganizationKind, Role } from '../../domain/roles';
import {
  type ConsoleLabels,
  type ConsoleStaticLabel,
  consoleLabels,
  consoleStaticLabel,
  organizationKindLabels,
} from '../console-i18n';
import { formatCount, formatDate, formatPercent } from '../format';
import { type Lang, parseLang, statusLabel } from '../i18n';
import { chunksOf, csvOf, inPool } from '../import-result';
import { type SignedInUser, signedInUser } from '../session-claims';
import {
  answerChallenge,
  IdentityError,
  type IdentityFailure,
  loadSession,
  readIdentityConfig,
  refresh,
  type Session,
  type SignInStep,
  signIn,
  signOut,
  storeSession,
} from './identity';

interface HandoverItem {
  id: string;
  organizationId: string;
  category: Category;
  ward: string;
  handedOverOn: string;
  beneficiary?: { name: string; address?: string };
  valueVnd?: number;
  pledgeId?: string;
  status: 'recorded' | 'voided';
  voidReason?: string;
  beneficiaryErasedAt?: string;
}

interface PledgeItem {
  id: string;
  organizationId: string;
  organizationName: string;
  category: Category;
  target: number;
  delivered: number;
  surplus: number;
  percent: number | null;
  status: PledgeStatus;
}

interface ApiAnswer<T> {
  status: number;
  body?: T;
  error?: {
    code: string;
    message: string;
    details?: { path: string; message: string }[];
    duplicateOf?: { handoverId: string; campaignId: string };
  };
  replayed?: boolean;
}

const identity = readIdentityConfig();
const langKey = 'pledge-tracker.lang';
const draftKey = 'pledge-tracker.handover-draft';
const refreshMarginMs = 60_000;

const state = {
  lang: 'vi' as Lang,
  session: identity ? loadSession() : undefined,
  signIn: { kind: 'password' } as { kind: 'password' } | Exclude<SignInStep, { kind: 'signed-in' }>,
  campaigns: [] as CampaignSummary[],
  campaign: undefined as Campaign | undefined,
  organizations: [] as Organization[],
  pledges: [] as PledgeItem[],
  register: { items: [] as HandoverItem[], cursor: undefined as string | undefined, query: '' },
  /** The handover the open dialog acts on. */
  acting: undefined as HandoverItem | undefined,
  preview: undefined as PreviewRow[] | undefined,
  importResults: [] as { row: number; result: BatchResult }[],
  /** The register's export route, when this API has one (found in its OpenAPI document). */
  exportPath: undefined as string | undefined,
};

const t = (): ConsoleLabels => consoleLabels[state.lang];
const user = (): SignedInUser | undefined =>
  state.session ? signedInUser(state.session.idToken) : undefined;
const role = (): Role | undefined => user()?.role;
const canRecord = () => role() === 'front-committee';
const isStaff = () => role() === 'admin' || role() === 'front-committee';
const canPledge = () => role() === 'front-committee' || role() === 'organization';

interface PreviewRow {
  row: number;
  idempotencyKey: string;
  handover: Record<string, unknown> | null;
  problems: { column: string; code: string; message: string }[];
  duplicateOfRow?: number;
  likelyDuplicateOf?: string;
}

interface BatchResult {
  idempotencyKey: string;
  status: 'recorded' | 'already_recorded' | 'failed';
  handoverId?: string;
  error?: { code: string; message: string };
}

/** Rows per batch request (the route's bound) and batches in flight at once. */
const batchSize = 100;
const batchesInFlight = 3;
/** Failures that say nothing about the row: sent again under the same key. */
const retryable = new Set(['deadline', 'internal', 'offline']);

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}
const value = (id: string) => byId<HTMLInputElement>(id).value.trim();

type Child = Node | string | null | undefined | false;
function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, v] of Object.entries(props)) {
    if (v === undefined || v === false) continue;
    element.setAttribute(name, v === true ? '' : String(v));
  }
  for (const child of children)
    if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

function storageGet(area: Storage | undefined, key: string): string | null {
  try {
    return area?.getItem(key) ?? null;
  } catch {
    return null;
  }
}
function storageSet(area: Storage | undefined, key: string, v: string | null): void {
  try {
    if (v === null) area?.removeItem(key);
    else area?.setItem(key, v);
  } catch {
    // Storage refused: the page forgets between loads.
  }
}

const categoryName = (category: Category) => categories[category].label[state.lang];
const organizationName = (id: string) => state.organizations.find((o) => o.id === id)?.name ?? id;

// ---------------------------------------------------------------- the API

async function currentToken(forceRefresh = false): Promise<string | undefined> {
  const session = state.session;
  if (!session || !identity) return undefined;
  if (!forceRefresh && session.expiresAt - refreshMarginMs > Date.now()) return session.idToken;
  try {
    setSession(await refresh(identity, session));
    return state.session?.idToken;
  } catch {
    setSession(undefined);
    return undefined;
  }
}

function setSession(session: Session | undefined): void {
  state.session = session;
  storeSession(session);
}

/** A request with the session's token (refreshed once on 401); undefined once the session is over. */
async function authorized(
  method: string,
  path: string,
  init: RequestInit = {},
): Promise<Response | undefined> {
  const send = async (token: string | undefined) =>
    fetch(path, {
      ...init,
      method,
      cache: 'no-store',
      headers: {
        'accept-language': state.lang,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  let response = await send(await currentToken());
  if (response.status === 401 && state.session) response = await send(await currentToken(true));
  if (response.status === 401) {
    void endSession(t().sessionEnded);
    return undefined;
  }
  return response;
}

/** One JSON call to the API; a network failure throws. */
async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  raw?: { body: Blob; contentType: string },
): Promise<ApiAnswer<T>> {
  const response = await authorized(method, path, {
    headers: {
      accept: 'application/json',
      ...(raw ? { 'content-type': raw.contentType } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(raw ? { body: raw.body } : body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response) return { status: 401 };
  const json: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (response.ok) {
    return {
      status: response.status,
      body: json as T,
      replayed: response.headers.get('idempotent-replayed') === 'true',
    };
  }
  return { status: response.status, error: (json as { error?: ApiAnswer<T>['error'] })?.error };
}

/** Saves a blob under `name` through a temporary link: the page never navigates, CSP allows it. */
function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads an authorized file (a template, an export) under the name its Content-Disposition gives. */
async function download(path: string, fallbackName: string, status: HTMLElement): Promise<void> {
  status.textContent = t().loading;
  const response = await authorized('GET', path).catch(() => undefined);
  if (!response?.ok) {
    status.textContent = response ? t().failed : t().offline;
    return;
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  saveFile(await response.blob(), name ? decodeURIComponent(name) : fallbackName);
  status.textContent = '';
}

/** Every page of a list (a picker needs them all; ten pages are a thousand items). */
async function all<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const answer = await api<{ items: T[]; nextCursor?: string }>(
      'GET',
      cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path,
    );
    if (!answer.body) break;
    items.push(...answer.body.items);
    cursor = answer.body.nextCursor;
    if (!cursor) break;
  }
  return items;
}

/** What went wrong, in the page's words, with the API's details per field. */
function problemText(answer: ApiAnswer<unknown>): string {
  const details = answer.error?.details?.map((d) => `${d.path}: ${d.message}`).join('; ');
  switch (answer.status) {
    case 400:
      return `${t().invalid} ${details ?? answer.error?.message ?? ''}`;
    case 403:
      return t().forbidden;
    case 404:
      return t().notFound;
    case 409:
      return `${t().conflict} ${answer.error?.message ?? ''}`;
    case 401:
      return t().sessionEnded;
    default:
      return answer.error?.message ?? t().failed;
  }
}

const campaignPath = (suffix = '') =>
  `/v1/campaigns/${encodeURIComponent(state.campaign?.id ?? '')}${suffix}`;

// ---------------------------------------------------------------- rendering

function renderStaticLabels(): void {
  document.documentElement.lang = state.lang;
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = element.dataset.i18n ?? '';
    const text = key.startsWith('category:')
      ? categoryName(key.slice(9) as Category)
      : key.startsWith('kind:')
        ? organizationKindLabels[state.lang][key.slice(5) as OrganizationKind]
        : consoleStaticLabel(state.lang, key);
    if (text !== undefined) element.textContent = text;
  }
  byId('language-toggle').lang = state.lang === 'vi' ? 'en' : 'vi';
}

const roleLabels: Record<Role, ConsoleStaticLabel> = {
  admin: 'roleAdmin',
  'front-committee': 'roleFrontCommittee',
  organization: 'roleOrganization',
  leadership: 'roleLeadership',
};

const sections: { id: string; heading: ConsoleStaticLabel; visible: () => boolean }[] = [
  { id: 'handover', heading: 'handoverHeading', visible: canRecord },
  { id: 'register', heading: 'registerHeading', visible: () => role() !== undefined },
  { id: 'pledges', heading: 'pledgesHeading', visible: () => role() !== undefined },
  // Recording a batch is the front committee's, as recording one handover is.
  { id: 'import', heading: 'importHeading', visible: canRecord },
  { id: 'admin', heading: 'adminHeading', visible: isStaff },
];

function renderAccount(): void {
  const who = user();
  byId('account').hidden = !who;
  byId('sign-in-section').hidden = Boolean(who);
  byId('workspace').hidden = !who;
  byId('account-name').textContent = who?.name ?? '';
  byId('account-role').textContent = who?.role
    ? `(${t()[roleLabels[who.role]]}${who.organizationId ? `: ${who.organizationId}` : ''})`
    : '';
  byId('no-role').hidden = !who || who.role !== undefined;
  const step = state.signIn;
  byId('password-step').hidden = step.kind !== 'password';
  byId('new-password-step').hidden = step.kind !== 'new-password';
  byId('code-step').hidden = step.kind !== 'totp';
  byId<HTMLInputElement>('username').readOnly = step.kind !== 'password';
  if (!identity) byId('signed-out-intro').textContent = t().noIdentity;
  for (const s of sections) byId(`${s.id}-section`).hidden = !who || !s.visible();
  byId('section-links').replaceChildren(
    ...sections
      .filter((s) => who && s.visible())
      .map((s) => h('li', {}, h('a', { href: `#${s.id}-heading`, 'data-i18n': s.heading }, t()[s.heading]))),
  );
  // An organization sees its own pledges and handovers only: no organization to pick.
  const own = who?.role === 'organization';
  byId('f-organization-field').hidden = own;
  byId('p-organization-field').hidden = own;
  byId('pledge-form').hidden = !canPledge();
  byId('revise-form').hidden = !canPledge();
  byId('users-note').hidden = role() !== 'admin';
  byId('export').hidden = !state.exportPath;
}

function options(select: HTMLSelectElement, items: { value: string; text: string }[], any = false): void {
  const current = select.value;
  select.replaceChildren(
    ...(any ? [h('option', { value: '', 'data-i18n': 'any' }, t().any)] : []),
    ...items.map((item) => h('option', { value: item.value }, item.text)),
  );
  if ([...select.options].some((o) => o.value === current)) select.value = current;
}

function renderPickers(): void {
  const campaign = byId<HTMLSelectElement>('campaign');
  options(
    campaign,
    state.campaigns.map((c) => ({ value: c.id, text: c.name })),
  );
  campaign.value = state.campaign?.id ?? '';
  campaign.disabled = state.campaigns.length === 0;
  const wards = (state.campaign?.wards ?? []).map((w) => ({ value: w, text: w }));
  options(byId('h-ward'), wards);
  options(byId('f-ward'), wards, true);
  const organizations = state.organizations.map((o) => ({ value: o.id, text: o.name }));
  options(byId('h-organization'), organizations);
  options(byId('f-organization'), organizations, true);
  options(byId('p-organization'), organizations);
  options(byId('n-organization'), organizations);
  const chosen = new Set(draftCoFunders());
  byId('h-cofunders').replaceChildren(
    ...state.organizations.map((o) =>
      h(
        'label',
        {},
        h('input', { type: 'checkbox', name: 'h-cofunder', value: o.id, checked: chosen.has(o.id) }),
        ` ${o.name}`,
      ),
    ),
  );
  const dates = state.campaign ? { min: state.campaign.startsOn, max: state.campaign.endsOn } : undefined;
  for (const id of ['h-date', 'f-from', 'f-to']) {
    const input = byId<HTMLInputElement>(id);
    input.min = dates?.min ?? '';
    input.max = dates?.max ?? '';
  }
}

function statusChip(status: PledgeStatus): HTMLElement {
  return h('span', { class: `status status-${status}` }, statusLabel(status, state.lang));
}

function tableOf(
  id: string,
  caption: string,
  headings: string[],
  rows: HTMLElement[],
  numeric: number[] = [],
) {
  return h(
    'div',
    { class: 'table-scroll', role: 'region', tabindex: 0, 'aria-labelledby': `${id}-caption` },
    h(
      'table',
      { id },
      h('caption', { id: `${id}-caption` }, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...headings.map((text, i) =>
            h('th', { scope: 'col', class: numeric.includes(i) ? 'num' : undefined }, text),
          ),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}

function visiblePledges(): PledgeItem[] {
  const own = user()?.organizationId;
  return role() === 'organization' ? state.pledges.filter((p) => p.organizationId === own) : state.pledges;
}

function renderPledges(): void {
  const pledges = visiblePledges();
  const rows = pledges.map((p) =>
    h(
      'tr',
      { 'data-pledge': p.id },
      h('th', { scope: 'row' }, p.organizationName),
      h('td', {}, categoryName(p.category)),
      h('td', { class: 'num' }, formatCount(p.target, state.lang)),
      h('td', { class: 'num' }, formatCount(p.delivered, state.lang)),
      h('td', { class: 'num' }, formatPercent(p.percent, state.lang)),
      h(
        'td',
        {},
        statusChip(p.status),
        p.surplus > 0 && p.status !== 'withdrawn'
          ? h('span', { class: 'badge' }, ` ${t().exceededBadge(formatCount(p.surplus, state.lang))}`)
          : null,
      ),
    ),
  );
  byId('pledges').replaceChildren(
    pledges.length === 0
      ? h('p', {}, t().noPledges)
      : tableOf(
          'pledges-table',
          t().pledgesCaption,
          [t().organization, t().category, t().target, t().delivered, t().percent, t().status],
          rows,
          [2, 3, 4],
        ),
  );
  options(
    byId('r-pledge'),
    pledges
      .filter((p) => p.status !== 'withdrawn')
      .map((p) => ({
        value: p.id,
        text: `${p.organizationName}: ${categoryName(p.category)} (${formatCount(p.target, state.lang)})`,
      })),
  );
}

function handoverLabel(item: HandoverItem): string {
  return `${categoryName(item.category)}, ${item.ward}, ${formatDate(item.handedOverOn, state.lang)}`;
}

function renderRegister(): void {
  const staff = isStaff();
  const items = state.register.items;
  const headings = [
    t().handedOverOn,
    t().ward,
    t().organization,
    t().category,
    ...(staff ? [t().beneficiary] : []),
    t().value,
    t().state,
    ...(canRecord() || staff ? [t().actions] : []),
  ];
  const rows = items.map((item) => {
    const voided = item.status === 'voided';
    const beneficiary = item.beneficiaryErasedAt
      ? t().erased
      : item.beneficiary
        ? [item.beneficiary.name, item.beneficiary.address].filter(Boolean).join(', ')
        : '—';
    const buttons = [
      canRecord() && !voided
        ? h(
            'button',
            {
              type: 'button',
              class: 'link-button',
              'data-void': item.id,
              'aria-label': t().voidLabel(handoverLabel(item)),
            },
            t().voidAction,
          )
        : null,
      staff && item.beneficiary
        ? h(
            'button',
            {
              type: 'button',
              class: 'link-button',
              'data-erase': item.id,
              'aria-label': t().eraseLabel(handoverLabel(item)),
            },
            t().eraseAction,
          )
        : null,
    ];
    return h(
      'tr',
      { 'data-handover': item.id, class: voided ? 'voided' : undefined },
      h('th', { scope: 'row' }, formatDate(item.handedOverOn, state.lang)),
      h('td', {}, item.ward),
      h('td', {}, organizationName(item.organizationId)),
      h('td', {}, categoryName(item.category)),
      staff ? h('td', {}, beneficiary) : null,
      h('td', { class: 'num' }, item.valueVnd === undefined ? '—' : formatCount(item.valueVnd, state.lang)),
      h(
        'td',
        {},
        voided ? `${t().stateVoided}${item.voidReason ? `: ${item.voidReason}` : ''}` : t().stateRecorded,
      ),
      canRecord() || staff ? h('td', {}, ...buttons) : null,
    );
  });
  byId('register').replaceChildren(
    items.length === 0
      ? h('p', {}, t().noHandovers)
      : tableOf('register-table', t().registerCaption, headings, rows, [headings.indexOf(t().value)]),
  );
  byId('register-more').hidden = !state.register.cursor;
}

function renderAll(): void {
  renderStaticLabels();
  renderAccount();
  renderPickers();
  renderPledges();
  renderRegister();
}

// ---------------------------------------------------------------- loading

async function loadCampaign(id: string): Promise<void> {
  const answer = await api<Campaign>('GET', `/v1/campaigns/${encodeURIComponent(id)}`);
  if (!answer.body) return;
  state.campaign = answer.body;
  const url = new URL(location.href);
  url.searchParams.set('campaign', id);
  history.replaceState(null, '', url);
  renderPickers();
  fillCampaignEdit();
  restoreDraft();
  await Promise.all([loadPledges(), loadRegister(false)]);
}

async function loadPledges(): Promise<void> {
  if (!state.campaign) return;
  state.pledges = await all<PledgeItem>(campaignPath('/pledges'));
  renderPledges();
}

function registerQuery(): string {
  const query = new URLSearchParams();
  const add = (name: string, id: string) => {
    const v = value(id);
    if (v) query.set(name, v);
  };
  add('ward', 'f-ward');
  if (role() !== 'organization') add('organizationId', 'f-organization');
  add('category', 'f-category');
  add('from', 'f-from');
  add('to', 'f-to');
  add('status', 'f-state');
  return query.toString();
}

/** The register's first page for the filters, or (`more`) the next page after what is shown. */
async function loadRegister(more: boolean): Promise<void> {
  if (!state.campaign) return;
  const query = more ? state.register.query : registerQuery();
  const params = new URLSearchParams(query);
  if (more && state.register.cursor) params.set('cursor', state.register.cursor);
  const status = byId('register-status');
  status.textContent = t().loading;
  const answer = await api<{ items: HandoverItem[]; nextCursor?: string }>(
    'GET',
    `${campaignPath('/handovers')}?${params}`,
  ).catch(() => undefined);
  if (!answer?.body) {
    status.textContent = answer ? problemText(answer) : t().offline;
    return;
  }
  state.register = {
    items: more ? [...state.register.items, ...answer.body.items] : answer.body.items,
    cursor: answer.body.nextCursor,
    query,
  };
  renderRegister();
  status.textContent = t().shown(formatCount(state.register.items.length, state.lang));
}

// ---------------------------------------------------------------- the handover draft

interface Draft {
  campaignId: string;
  /** Minted at the first attempt to record, kept until that draft is recorded: retries reuse it. */
  key?: string;
  fields: Record<string, string>;
  coFunders: string[];
}

const draftFields = [
  'h-ward',
  'h-organization',
  'h-category',
  'h-date',
  'h-name',
  'h-address',
  'h-value',
  'h-cash-source',
  'h-cash-amount',
  'h-materials',
  'h-labor',
  'h-note',
];

function readDraft(): Draft | undefined {
  try {
    const stored = storageGet(sessionStorage, draftKey);
    return stored ? (JSON.parse(stored) as Draft) : undefined;
  } catch {
    return undefined;
  }
}

function draftCoFunders(): string[] {
  const draft = readDraft();
  return draft && draft.campaignId === state.campaign?.id ? draft.coFunders : [];
}

function saveDraft(key = readDraft()?.key): Draft | undefined {
  if (!state.campaign) return undefined;
  const draft: Draft = {
    campaignId: state.campaign.id,
    ...(key ? { key } : {}),
    fields: Object.fromEntries(draftFields.map((id) => [id, byId<HTMLInputElement>(id).value])),
    coFunders: [...document.querySelectorAll<HTMLInputElement>('input[name="h-cofunder"]:checked')].map(
      (c) => c.value,
    ),
  };
  storageSet(sessionStorage, draftKey, JSON.stringify(draft));
  return draft;
}

function restoreDraft(): void {
  const draft = readDraft();
  if (!draft || draft.campaignId !== state.campaign?.id) return;
  for (const id of draftFields) {
    const v = draft.fields[id];
    if (v !== undefined) byId<HTMLInputElement>(id).value = v;
  }
  if (draft.key) byId('handover-result').textContent = t().draftRestored;
}

/** Starts a new draft: a new key at the next attempt; the ward, organization, category and date stay. */
function newDraft(clearAll: boolean): void {
  for (const id of [
    'h-name',
    'h-address',
    'h-value',
    'h-cash-source',
    'h-cash-amount',
    'h-materials',
    'h-labor',
    'h-note',
  ]) {
    byId<HTMLInputElement>(id).value = '';
  }
  for (const box of document.querySelectorAll<HTMLInputElement>('input[name="h-cofunder"]'))
    box.checked = false;
  saveDraft(undefined);
  const stored = readDraft();
  if (stored) storageSet(sessionStorage, draftKey, JSON.stringify({ ...stored, key: undefined }));
  if (clearAll) {
    byId('handover-result').textContent = '';
    byId('handover-errors').textContent = '';
  }
}

/** Whole đồng typed with dots, commas or spaces as a Vietnamese clerk writes them (1.500.000). */
function amount(id: string): number | undefined {
  const raw = value(id).replace(/[\s.,]/g, '');
  return raw === '' ? undefined : Number(raw);
}

function handoverBody(): Record<string, unknown> {
  const cashSource = value('h-cash-source');
  const cashAmount = amount('h-cash-amount');
  const materials = amount('h-materials');
  const labor = value('h-labor').replace(',', '.');
  const funding = {
    ...(cashSource || cashAmount !== undefined
      ? { cashVnd: [{ source: cashSource, amount: cashAmount ?? 0 }] }
      : {}),
    ...(materials !== undefined ? { materialsVnd: materials } : {}),
    ...(labor ? { laborDays: Number(labor) } : {}),
  };
  const name = value('h-name');
  const address = value('h-address');
  const coFunders = [...document.querySelectorAll<HTMLInputElement>('input[name="h-cofunder"]:checked')].map(
    (c) => c.value,
  );
  const valueVnd = amount('h-value');
  const note = value('h-note');
  const duplicateReason = byId('h-duplicate').hidden ? '' : value('h-dup-reason');
  return {
    organizationId: value('h-organization'),
    category: value('h-category'),
    ward: value('h-ward'),
    handedOverOn: value('h-date'),
    ...(name ? { beneficiary: { name, ...(address ? { address } : {}) } } : {}),
    ...(valueVnd !== undefined ? { valueVnd } : {}),
    ...(note ? { note } : {}),
    ...(Object.keys(funding).length > 0 ? { funding } : {}),
    ...(coFunders.length > 0 ? { coFunders } : {}),
    ...(duplicateReason ? { duplicateConfirmation: { reason: duplicateReason } } : {}),
  };
}

let recording = false;

async function submitHandover(): Promise<void> {
  // A second click while the first is in flight does nothing; a later one reuses the draft's key.
  if (recording || !state.campaign) return;
  recording = true;
  const submit = byId<HTMLButtonElement>('h-submit');
  submit.disabled = true;
  const errors = byId('handover-errors');
  const result = byId('handover-result');
  errors.textContent = '';
  result.textContent = t().recording;
  const draft = saveDraft(readDraft()?.key ?? crypto.randomUUID());
  try {
    const answer = await api<HandoverItem>('POST', campaignPath('/handovers'), handoverBody(), {
      'idempotency-key': draft?.key ?? '',
    });
    if (answer.status === 201 && answer.body) {
      newDraft(false);
      await showRecorded(answer.body, answer.replayed === true);
      void loadRegister(false);
      return;
    }
    result.textContent = '';
    errors.textContent =
      answer.error?.code === 'idempotency_key_reused' ? t().keyReused : problemText(answer);
    errors.focus();
  } catch {
    // The request may have been recorded: the draft keeps its key, so trying again records it once.
    result.textContent = '';
    errors.textContent = t().unknownOutcome;
  } finally {
    recording = false;
    submit.disabled = false;
  }
}

async function showRecorded(handover: HandoverItem, replayed: boolean): Promise<void> {
  await loadPledges();
  const pledge = handover.pledgeId ? state.pledges.find((p) => p.id === handover.pledgeId) : undefined;
  const figure = pledge
    ? h(
        'p',
        { class: 'figure' },
        t().pledgeFigure(
          pledge.organizationName,
          categoryName(pledge.category),
          formatCount(pledge.delivered, state.lang),
          formatCount(pledge.target, state.lang),
        ),
        pledge.surplus > 0
          ? h(
              'span',
              { class: 'badge', id: 'handover-exceeded' },
              t().exceededBadge(formatCount(pledge.surplus, state.lang)),
            )
          : null,
      )
    : h('p', {}, t().noPledgeCredited);
  byId('handover-result').replaceChildren(
    h('strong', {}, replayed ? t().alreadyRecorded : t().recorded),
    ' ',
    h(
      'span',
      { 'data-handover-id': handover.id },
      `${organizationName(handover.organizationId)}: ${handoverLabel(handover)}`,
    ),
    figure,
  );
}

// ---------------------------------------------------------------- void and erase

function openDialog(kind: 'void' | 'erase', id: string): void {
  const item = state.register.items.find((i) => i.id === id);
  if (!item) return;
  state.acting = item;
  const dialog = byId<HTMLDialogElement>(`${kind}-dialog`);
  byId(`${kind}-dialog-what`).textContent =
    `${organizationName(item.organizationId)}: ${handoverLabel(item)}`;
  byId(`${kind}-dialog-error`).textContent = '';
  if (kind === 'void') byId<HTMLTextAreaElement>('void-reason').value = '';
  dialog.showModal();
}

async function confirmDialog(kind: 'void' | 'erase'): Promise<void> {
  const item = state.acting;
  if (!item) return;
  const error = byId(`${kind}-dialog-error`);
  const path = campaignPath(`/handovers/${encodeURIComponent(item.id)}`);
  const answer =
    kind === 'void'
      ? await api('POST', `${path}/void`, { reason: value('void-reason') }).catch(() => undefined)
      : await api('DELETE', `${path}/beneficiary`).catch(() => undefined);
  if (!answer || answer.status >= 300) {
    error.textContent = answer ? problemText(answer) : t().offline;
    return;
  }
  byId<HTMLDialogElement>(`${kind}-dialog`).close();
  state.acting = undefined;
  byId('register-status').textContent = kind === 'void' ? t().voided : t().erasedDone;
  await Promise.all([loadRegister(false), kind === 'void' ? loadPledges() : undefined]);
  byId('register-status').textContent = kind === 'void' ? t().voided : t().erasedDone;
}

// ---------------------------------------------------------------- pledges

async function submitPledge(): Promise<void> {
  const result = byId('pledge-result');
  const organizationId = role() === 'organization' ? (user()?.organizationId ?? '') : value('p-organization');
  const note = value('p-note');
  result.textContent = t().loading;
  const answer = await api('POST', campaignPath('/pledges'), {
    organizationId,
    category: value('p-category'),
    target: Number(value('p-target')),
    ...(note ? { note } : {}),
  }).catch(() => undefined);
  if (answer?.status === 201) {
    byId<HTMLFormElement>('pledge-form').reset();
    await loadPledges();
    result.textContent = t().pledgeRegistered;
  } else {
    result.textContent = answer ? problemText(answer) : t().offline;
  }
}

async function submitRevision(): Promise<void> {
  const result = byId('revise-result');
  const withdraw = byId<HTMLInputElement>('r-kind-withdraw').checked;
  const pledgeId = value('r-pledge');
  result.textContent = t().loading;
  const answer = await api('PATCH', campaignPath(`/pledges/${encodeURIComponent(pledgeId)}`), {
    ...(withdraw ? { status: 'withdrawn' } : { target: Number(value('r-target')) }),
    reason: value('r-reason'),
  }).catch(() => undefined);
  if (answer?.status === 200) {
    byId<HTMLFormElement>('revise-form').reset();
    await loadPledges();
    result.textContent = t().pledgeRevised;
  } else {
    result.textContent = answer ? problemText(answer) : t().offline;
  }
}

// ---------------------------------------------------------------- admin

async function submitCampaign(): Promise<void> {
  const result = byId('campaign-result');
  result.textContent = t().loading;
  const id = value('c-id');
  const answer = await api('POST', '/v1/campaigns', {
    id,
    name: value('c-name'),
    startsOn: value('c-starts'),
    endsOn: value('c-ends'),
    wards: value('c-wards')
      .split('\n')
      .map((w) => w.trim())
      .filter(Boolean),
  }).catch(() => undefined);
  if (answer?.status === 201) {
    byId<HTMLFormElement>('campaign-form').reset();
    state.campaigns = await all<CampaignSummary>('/v1/campaigns');
    await loadCampaign(id);
    result.textContent = t().campaignCreated;
  } else {
    result.textContent = answer ? problemText(answer) : t().offline;
  }
}

function fillCampaignEdit(): void {
  const campaign = state.campaign;
  if (!campaign) return;
  byId<HTMLInputElement>('e-name').value = campaign.name;
  byId<HTMLInputElement>('e-starts').value = campaign.startsOn;
  byId<HTMLInputElement>('e-ends').value = campaign.endsOn;
  byId<HTMLTextAreaElement>('e-wards').value = campaign.wards.join('\n');
  byId<HTMLTextAreaElement>('e-reason').value = '';
}

async function submitCampaignEdit(): Promise<void> {
  const campaign = state.campaign;
  if (!campaign) return;
  const result = byId('edit-campaign-result');
  result.textContent = t().loading;
  const reason = value('e-reason');
  const answer = await api<Campaign>('PATCH', campaignPath(), {
    name: value('e-name'),
    startsOn: value('e-starts'),
    endsOn: value('e-ends'),
    wards: value('e-wards')
      .split('\n')
      .map((w) => w.trim())
      .filter(Boolean),
    ...(reason ? { reason } : {}),
  }).catch(() => undefined);
  if (answer?.status === 200) {
    state.campaigns = await all<CampaignSummary>('/v1/campaigns');
    await loadCampaign(campaign.id);
    result.textContent = t().campaignSaved;
  } else {
    result.textContent = answer ? problemText(answer) : t().offline;
  }
}

async function submitRename(): Promise<void> {
  const result = byId('rename-result');
  result.textContent = t().loading;
  const answer = await api('PATCH', `/v1/organizations/${encodeURIComponent(value('n-organization'))}`, {
    name: value('n-name'),
  }).catch(() => undefined);
  if (answer?.status === 200) {
    byId<HTMLInputElement>('n-name').value = '';
    state.organizations = await all<Organization>('/v1/organizations');
    renderPickers();
    renderRegister();
    result.textContent = t().renamed;
  } else {
    result.textContent = answer ? problemText(answer) : t().offline;
  }
}

async function submitOrganization(): Promise<void> {
  const result = byId('organization-result');
  result.textContent = t().loading;
  const answer = await api('POST', '/v1/organizations', {
    id: value('o-id'),
    name: value('o-name'),
    kind: value('o-kind'),
  }).catch(() => undefined);
  if (answer?.status === 201) {
    byId<HTMLFormElement>('organization-form').reset();
    state.organizations = await all<Organization>('/v1/organizations');
    renderPickers();
    result.textContent = t().organizationCreated;
  } else {
    result.textContent = answer ? problemText(answer) : t().offline;
  }
}

// ---------------------------------------------------------------- import

const ready = (rows: PreviewRow[]) =>
  rows.filter((r) => r.handover && r.problems.length === 0 && r.duplicateOfRow === undefined);

function problemsOf(row: PreviewRow): { column: string; message: string }[] {
  return [
    ...row.problems.map((p) => ({ column: p.column, message: p.message })),
    ...(row.duplicateOfRow !== undefined && !row.problems.some((p) => /dup/i.test(p.code))
      ? [{ column: '', message: t().duplicateOfRow(String(row.duplicateOfRow)) }]
      : []),
    ...(row.likelyDuplicateOf ? [{ column: '', message: t().likelyDuplicate }] : []),
  ];
}

async function previewImport(): Promise<void> {
  const file = byId<HTMLInputElement>('import-file').files?.[0];
  const status = byId('import-status');
  state.preview = undefined;
  state.importResults = [];
  byId('import-result').replaceChildren();
  byId('import-commit').hidden = true;
  byId('import-download').hidden = true;
  byId('import-preview-result').replaceChildren();
  if (!file || !/\.(xlsx|csv)$/i.test(file.name)) {
    status.textContent = t().chooseFile;
    return;
  }
  status.textContent = t().loading;
  const contentType = /\.csv$/i.test(file.name)
    ? 'text/csv'
    : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const answer = await api<{
    rows: PreviewRow[];
    summary: { rows: number; ready: number; withProblems: number };
  }>('POST', campaignPath('/handover-imports/preview'), undefined, {}, { body: file, contentType }).catch(
    () => undefined,
  );
  if (!answer?.body) {
    status.textContent = answer ? problemText(answer) : t().offline;
    return;
  }
  state.preview = answer.body.rows;
  const readyRows = ready(state.preview);
  const withProblems = state.preview.filter((r) => problemsOf(r).length > 0);
  status.textContent = t().previewSummary(
    formatCount(state.preview.length, state.lang),
    formatCount(readyRows.length, state.lang),
    formatCount(state.preview.length - readyRows.length, state.lang),
  );
  byId('import-preview-result').replaceChildren(
    withProblems.length === 0
      ? ''
      : tableOf(
          'import-problems',
          t().problemsCaption,
          [t().row, t().column, t().problem],
          withProblems.flatMap((row) =>
            problemsOf(row).map((problem) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row', class: 'num' }, String(row.row)),
                h('td', {}, problem.column),
                h('td', {}, problem.message),
              ),
            ),
          ),
          [0],
        ),
  );
  byId('import-commit').hidden = readyRows.length === 0;
}

async function commitImport(): Promise<void> {
  const rows = ready(state.preview ?? []);
  if (rows.length === 0) return;
  const commit = byId<HTMLButtonElement>('import-commit');
  commit.disabled = true;
  const status = byId('import-status');
  let done = 0;
  status.textContent = t().committing('0', formatCount(rows.length, state.lang));
  const send = async (chunk: PreviewRow[]) => {
    const answer = await api<{ results: BatchResult[] }>('POST', campaignPath('/handovers/batch'), {
      items: chunk.map((row) => ({ idempotencyKey: row.idempotencyKey, handover: row.handover })),
    }).catch(() => undefined);
    // A chunk that got no answer is reported failed, and sent again: the keys make that safe.
    return chunk.map((row, i) => ({
      row: row.row,
      result: answer?.body?.results[i] ?? {
        idempotencyKey: row.idempotencyKey,
        status: 'failed' as const,
        error: {
          code: answer ? 'internal' : 'offline',
          message: answer ? problemText(answer) : t().offline,
        },
      },
    }));
  };
  const outcome = new Map<number, { row: number; result: BatchResult }>();
  let pending = rows;
  // Rows the server did not get to (its deadline, a lost answer, a 5xx) are sent again, twice at most.
  for (let round = 0; round < 3 && pending.length > 0; round++) {
    const results = await inPool(chunksOf(pending, batchSize), batchesInFlight, async (chunk) => {
      const sent = await send(chunk);
      if (round === 0) done += chunk.length;
      status.textContent = t().committing(
        formatCount(done, state.lang),
        formatCount(rows.length, state.lang),
      );
      return sent;
    });
    for (const result of results.flat()) outcome.set(result.row, result);
    const retry = new Set(
      results
        .flat()
        .filter((r) => r.result.status === 'failed' && retryable.has(r.result.error?.code ?? ''))
        .map((r) => r.row),
    );
    pending = pending.filter((row) => retry.has(row.row));
  }
  const results = [[...outcome.values()].sort((a, b) => a.row - b.row)];
  state.importResults = results.flat();
  commit.disabled = false;
  commit.hidden = true;
  const count = (s: BatchResult['status']) => state.importResults.filter((r) => r.result.status === s).length;
  const summary = t().importDone(
    formatCount(count('recorded'), state.lang),
    formatCount(count('already_recorded'), state.lang),
    formatCount(count('failed'), state.lang),
  );
  status.textContent = summary;
  const failed = state.importResults.filter((r) => r.result.status === 'failed');
  byId('import-result').replaceChildren(
    h('p', { id: 'import-summary' }, summary),
    failed.length === 0
      ? ''
      : tableOf(
          'import-failures',
          t().failedCaption,
          [t().row, t().problem],
          failed.map((r) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row', class: 'num' }, String(r.row)),
              h('td', {}, r.result.error?.message ?? ''),
            ),
          ),
          [0],
        ),
  );
  byId('import-download').hidden = false;
  void loadRegister(false);
  void loadPledges();
}

function downloadImportResult(): void {
  const labels = {
    recorded: t().resultRecorded,
    already_recorded: t().resultAlready,
    failed: t().resultFailed,
  };
  const problemRows = (state.preview ?? [])
    .filter((row) => problemsOf(row).length > 0)
    .map((row) => [
      row.row,
      t().resultFailed,
      '',
      problemsOf(row)
        .map((p) => `${p.column}: ${p.message}`)
        .join('; '),
    ]);
  const csv = csvOf(
    [t().row, t().state, 'ID', t().problem],
    [
      ...state.importResults.map((r) => [
        r.row,
        labels[r.result.status],
        r.result.handoverId,
        r.result.error?.message,
      ]),
      ...problemRows,
    ].sort((a, b) => Number(a[0]) - Number(b[0])),
  );
  saveFile(
    new Blob([csv], { type: 'text/csv;charset=utf-8' }),
    `ket-qua-nhap-${state.campaign?.id ?? ''}.csv`,
  );
}

/** The export route of the register, if this API has one: the button stays hidden otherwise. */
async function detectExport(): Promise<void> {
  const response = await fetch('/v1/openapi.json', { cache: 'no-store' }).catch(() => undefined);
  const document_ = (await response?.json().catch(() => undefined)) as
    | { paths?: Record<string, Record<string, unknown>> }
    | undefined;
  const path = Object.entries(document_?.paths ?? {}).find(
    ([candidate, operations]) =>
      candidate.startsWith('/v1/campaigns/{campaignId}/handovers') &&
      /export/i.test(candidate) &&
      'get' in operations,
  )?.[0];
  state.exportPath = path;
  renderAccount();
}

function exportRegister(): void {
  if (!state.exportPath || !state.campaign) return;
  const path = state.exportPath.replace('{campaignId}', encodeURIComponent(state.campaign.id));
  void download(
    `${path}?${state.register.query}`,
    `so-ban-giao-${state.campaign.id}.xlsx`,
    byId('register-status'),
  );
}

// ---------------------------------------------------------------- signing in and out

const failureLabels: Record<IdentityFailure, ConsoleStaticLabel> = {
  incorrect: 'incorrectSignIn',
  'locked-out': 'lockedOut',
  'invalid-code': 'invalidCode',
  'weak-password': 'weakPassword',
  failed: 'signInFailed',
};

async function submitSignIn(): Promise<void> {
  if (!identity) return;
  const message = byId('sign-in-error');
  const submit = byId<HTMLButtonElement>('sign-in-submit');
  submit.disabled = true;
  message.textContent = t().signingIn;
  try {
    const step = state.signIn;
    const next =
      step.kind === 'password'
        ? await signIn(identity, value('username'), byId<HTMLInputElement>('password').value)
        : await answerChallenge(
            identity,
            step,
            step.kind === 'totp' ? value('code') : byId<HTMLInputElement>('new-password').value,
          );
    byId<HTMLInputElement>('password').value = '';
    message.textContent = '';
    if (next.kind === 'signed-in') {
      setSession(next.session);
      state.signIn = { kind: 'password' };
      await start();
      byId('main').focus();
      return;
    }
    state.signIn = next;
    renderAccount();
    byId(next.kind === 'totp' ? 'code' : 'new-password').focus();
  } catch (error) {
    const failure = error instanceof IdentityError ? error.failure : 'failed';
    if (failure === 'incorrect' || failure === 'locked-out') state.signIn = { kind: 'password' };
    renderAccount();
    message.textContent = t()[failureLabels[failure]];
  } finally {
    submit.disabled = false;
  }
}

async function endSession(reason?: string): Promise<void> {
  const session = state.session;
  setSession(undefined);
  state.pledges = [];
  state.register = { items: [], cursor: undefined, query: '' };
  renderAll();
  byId('sign-in-error').textContent = reason ?? '';
  byId('username').focus();
  if (session && identity) await signOut(identity, session);
}

async function start(): Promise<void> {
  renderAll();
  if (!state.session) return;
  const [campaigns, organizations] = await Promise.all([
    all<CampaignSummary>('/v1/campaigns'),
    all<Organization>('/v1/organizations'),
  ]).catch(() => [[], []] as [CampaignSummary[], Organization[]]);
  state.campaigns = campaigns;
  state.organizations = organizations;
  const wanted = new URLSearchParams(location.search).get('campaign');
  const draft = readDraft();
  const today = localDate(new Date());
  const chosen =
    campaigns.find((c) => c.id === wanted) ??
    campaigns.find((c) => c.id === draft?.campaignId) ??
    campaigns.find((c) => c.startsOn <= today && today <= c.endsOn) ??
    campaigns[0];
  renderPickers();
  if (chosen) await loadCampaign(chosen.id);
}

// ---------------------------------------------------------------- events

function onSubmit(id: string, action: () => Promise<void>): void {
  byId<HTMLFormElement>(id).addEventListener('submit', (event) => {
    event.preventDefault();
    void action();
  });
}

function wireEvents(): void {
  byId('language-toggle').addEventListener('click', () => {
    state.lang = state.lang === 'vi' ? 'en' : 'vi';
    storageSet(localStorage, langKey, state.lang);
    renderAll();
  });
  byId('sign-out').addEventListener('click', () => void endSession());
  onSubmit('sign-in-form', submitSignIn);
  byId<HTMLSelectElement>('campaign').addEventListener('change', (event) => {
    void loadCampaign((event.target as HTMLSelectElement).value);
  });
  onSubmit('handover-form', submitHandover);
  byId('handover-form').addEventListener('input', () => saveDraft());
  byId('h-new-draft').addEventListener('click', () => newDraft(true));
  onSubmit('filter-form', () => loadRegister(false));
  byId('register-more').addEventListener('click', () => void loadRegister(true));
  byId('register').addEventListener('click', (event) => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[data-void], [data-erase]');
    if (target?.dataset.void) openDialog('void', target.dataset.void);
    else if (target?.dataset.erase) openDialog('erase', target.dataset.erase);
  });
  for (const kind of ['void', 'erase'] as const) {
    onSubmit(`${kind}-dialog-form`, () => confirmDialog(kind));
    byId(`${kind}-dialog-cancel`).addEventListener('click', () =>
      byId<HTMLDialogElement>(`${kind}-dialog`).close(),
    );
  }
  onSubmit('pledge-form', submitPledge);
  onSubmit('revise-form', submitRevision);
  for (const id of ['r-kind-revise', 'r-kind-withdraw']) {
    byId(id).addEventListener('change', () => {
      byId('r-target-field').hidden = byId<HTMLInputElement>('r-kind-withdraw').checked;
    });
  }
  onSubmit('campaign-form', submitCampaign);
  onSubmit('organization-form', submitOrganization);
  onSubmit('edit-campaign-form', submitCampaignEdit);
  onSubmit('import-form', previewImport);
  byId('import-commit').addEventListener('click', () => void commitImport());
  byId('import-download').addEventListener('click', downloadImportResult);
  byId('template').addEventListener('click', () => {
    if (state.campaign) {
      void download(
        campaignPath('/handover-import-template'),
        `mau-nhap-ban-giao-${state.campaign.id}.xlsx`,
        byId('import-status'),
      );
    }
  });
  byId('export').addEventListener('click', exportRegister);
  onSubmit('rename-form', submitRename);
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    state.session = identity ? loadSession() : undefined;
    renderAll();
  });
}

state.lang =
  parseLang(new URLSearchParams(location.search).get('lang')) ??
  parseLang(storageGet(localStorage, langKey)) ??
  'vi';
wireEvents();
void start();
void detectExport();

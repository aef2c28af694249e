// The dashboard in the browser: reads the public API, polls progress, renders in Vietnamese or English.
import type { Category } from '../../domain/categories';
import { localDate } from '../../domain/dates';
import type { Campaign, CampaignSummary } from '../../domain/model';
import type { PledgeProgress, PledgeStatus, Progress } from '../../domain/progress';
import type { Role } from '../../domain/roles';
import type { NeededPace, ProjectedFinish } from '../forecast';
import { formatCount, formatDate, formatDateTime, formatPercent, formatRate, formatTime } from '../format';
import {
  categoryLabel,
  categoryUnit,
  type Labels,
  type Lang,
  labels,
  parseLang,
  type StaticLabel,
  staticLabel,
  statusLabel,
} from '../i18n';
import { feedRoles, type SignedInUser, signedInUser } from '../session-claims';
import {
  categoryBar,
  defaultCampaign,
  forecast,
  heatLevel,
  organizationGroups,
  wardMatrix,
} from '../view-model';
import {
  answerChallenge,
  confirmForgotPassword,
  finishTotpEnrolment,
  forgotPassword,
  IdentityError,
  type IdentityFailure,
  loadSession,
  needsTotpEnrolment,
  readIdentityConfig,
  refresh,
  type Session,
  type SignInStep,
  signIn,
  signOut,
  startTotpEnrolment,
  storeSession,
  type TotpEnrolment,
} from './identity';

export interface StaffMember {
  id: string;
  username: string;
  email?: string;
  name?: string;
  roles: Role[];
  organizationId?: string;
  enabled: boolean;
}

/** An entry of `GET /v1/users/audit`, as far as the page reads it. */
export interface StaffAuditEntry {
  at: string;
  actor: { sub: string };
  action: 'user.invited' | 'user.disabled';
  subject: { id: string };
  changes: { field: string; to?: unknown }[];
}

interface NotificationItem {
  id: string;
  occurredAt: string;
  message: { vi: string; en: string };
}

type Feed =
  | { kind: 'signed-out' }
  | { kind: 'loading' }
  | { kind: 'items'; items: NotificationItem[] }
  | { kind: 'ended' | 'forbidden' | 'unavailable' };

/** A handover shows within one poll: the issue asks for five seconds at most. */
const pollMs = 2500;
/** The feed changes rarely; it is read every fourth poll. */
const feedEvery = 4;
/** Refresh a little before the ID token expires, so a poll never sends an expired one. */
const refreshMarginMs = 60_000;
const identity = readIdentityConfig();
const langKey = 'pledge-tracker.lang';

const state = {
  lang: 'vi' as Lang,
  campaigns: [] as CampaignSummary[],
  campaign: undefined as Campaign | undefined,
  progress: undefined as Progress | undefined,
  /** The last progress body without its `asOf`, to re-render only when a figure changed. */
  progressKey: '',
  offline: false,
  feed: { kind: 'signed-out' } as Feed,
  ticks: 0,
  /** Staff accounts, read for a signed-in admin only. */
  staff: [] as StaffMember[],
  /** User administration's trail, newest first, as far as it was read; its cursor reads on. */
  log: { items: [] } as { items: StaffAuditEntry[]; nextCursor?: string },
  session: identity ? loadSession() : undefined,
  /** Where the sign-in form is: its first step, a challenge, or a password reset. */
  signIn: { kind: 'password' } as
    | { kind: 'password' }
    | Exclude<SignInStep, { kind: 'signed-in' }>
    | { kind: 'reset'; username: string }
    /** Signed in without the TOTP an admin or clerk needs: set it up before anything else (decision 0013). */
    | { kind: 'enrol'; username: string; session: Session; enrolment: TotpEnrolment },
};

function user(): SignedInUser | undefined {
  return state.session ? signedInUser(state.session.idToken) : undefined;
}

const t = (): Labels => labels[state.lang];

// Storage may be refused (private modes, policies): the page then simply forgets between visits.
const storage = {
  get: (area: 'local' | 'session', key: string) => {
    try {
      return (area === 'local' ? localStorage : sessionStorage).getItem(key);
    } catch {
      return null;
    }
  },
  set: (area: 'local' | 'session', key: string, value: string | null) => {
    try {
      const store = area === 'local' ? localStorage : sessionStorage;
      if (value === null) store.removeItem(key);
      else store.setItem(key, value);
    } catch {
      // nothing to do
    }
  },
};

type Child = Node | string | null | undefined | false;
type Props = Record<string, string | number | boolean | undefined>;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children)
    if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** An element whose text is a label (marked `data-i18n`, so the language toggle can be checked to change it). */
function label<K extends keyof HTMLElementTagNameMap>(tag: K, key: string, text: string, props: Props = {}) {
  return h(tag, { ...props, 'data-i18n': key }, text);
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/** Replaces a container's content and puts the focus back where it was, if it was inside. */
function replace(container: HTMLElement, ...children: Child[]): void {
  const focused = document.activeElement;
  const focusedId = focused instanceof HTMLElement && container.contains(focused) ? focused.id : '';
  container.replaceChildren(
    ...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false),
  );
  if (focusedId) document.getElementById(focusedId)?.focus();
}

/**
 * A table that may scroll sideways inside its own region on a narrow screen, never the page itself; its caption
 * sits above the region, so that it stays in view while the table scrolls.
 */
function scrollingTable(id: string, captionKey: StaticLabel, head: Node, body: Node[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  fragment.append(
    label('p', captionKey, t()[captionKey] as string, { id: `${id}-caption`, class: 'caption' }),
    h(
      'div',
      {
        class: 'table-scroll',
        id: `${id}-region`,
        role: 'region',
        tabindex: 0,
        'aria-labelledby': `${id}-caption`,
      },
      h('table', { id, 'aria-labelledby': `${id}-caption` }, head, ...body),
    ),
  );
  return fragment;
}

function headerRow(keys: StaticLabel[], numeric: StaticLabel[] = []): HTMLTableSectionElement {
  return h(
    'thead',
    {},
    h(
      'tr',
      {},
      ...keys.map((key) =>
        label('th', key, t()[key] as string, {
          scope: 'col',
          class: numeric.includes(key) ? 'num' : undefined,
        }),
      ),
    ),
  );
}

const numberCell = (n: number) => h('td', { class: 'num' }, formatCount(n, state.lang));

function statusChip(status: PledgeStatus): HTMLElement {
  return label('span', `status:${status}`, statusLabel(status, state.lang), {
    class: `status status-${status}`,
  });
}

function renderStaticLabels(): void {
  document.documentElement.lang = state.lang;
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const text = staticLabel(state.lang, element.dataset.i18n ?? '');
    if (text !== undefined) element.textContent = text;
  }
  byId('language-toggle').lang = state.lang === 'vi' ? 'en' : 'vi';
}

function renderCampaignPicker(): void {
  const select = byId<HTMLSelectElement>('campaign');
  replace(
    select,
    ...state.campaigns.map((c) =>
      h('option', { value: c.id, selected: c.id === state.campaign?.id }, c.name),
    ),
  );
  select.disabled = state.campaigns.length === 0;
}

function renderStatusLine(): void {
  const period = byId('campaign-period');
  const campaign = state.campaign;
  period.dataset.i18n = 'period';
  const closedAt = state.progress?.closedAt;
  period.textContent = campaign
    ? `${t().period(formatDate(campaign.startsOn, state.lang), formatDate(campaign.endsOn, state.lang))}${
        closedAt ? ` ${t().closedOn(formatDate(closedAt.slice(0, 10), state.lang))}` : ''
      }`
    : '';
  const updated = byId('updated');
  const [key, text] = state.offline
    ? ['offline', t().offline]
    : state.campaigns.length === 0 && !state.campaign
      ? ['noCampaigns', t().noCampaigns]
      : state.progress
        ? ['updatedAt', t().updatedAt(formatTime(state.progress.asOf, state.lang))]
        : ['loading', t().loading];
  updated.dataset.i18n = key;
  updated.textContent = text;
}

function renderCategories(progress: Progress): void {
  const lang = state.lang;
  const cards = progress.totals.map((total) => {
    const bar = categoryBar(total);
    const within = h('span', { class: 'within' });
    within.style.width = `${bar.within}%`;
    const beyond = h('span', { class: 'beyond' });
    beyond.style.width = `${bar.beyond}%`;
    const track = h('div', { class: 'track', 'aria-hidden': 'true' }, within, beyond);
    if (bar.pledgeMark !== null) {
      const mark = h('span', { class: 'mark' });
      mark.style.left = `${bar.pledgeMark}%`;
      track.append(mark);
    }
    const unit = categoryUnit(total.category, lang, total.delivered);
    const figures =
      total.pledged > 0
        ? label(
            'span',
            'deliveredOfPledged',
            t().deliveredOfPledged(
              formatCount(total.delivered, lang),
              formatCount(total.pledged, lang),
              unit,
            ),
          )
        : label(
            'span',
            'deliveredWithoutPledge',
            t().deliveredWithoutPledge(formatCount(total.delivered, lang), unit),
          );
    return h(
      'li',
      { class: bar.surplus > 0 ? 'card exceeded' : 'card', 'data-category': total.category },
      label('h3', `category:${total.category}`, categoryLabel(total.category, lang)),
      track,
      h(
        'p',
        { class: 'figures' },
        figures,
        ' ',
        label('span', 'verifiedOf', `(${t().verifiedOf(formatCount(total.verified, lang))})`, {
          class: 'verified',
        }),
        ' ',
        total.percent === null ? null : h('span', { class: 'percent' }, formatPercent(total.percent, lang)),
        bar.surplus > 0 && total.pledged > 0
          ? label('span', 'exceededBadge', t().exceededBadge(formatCount(bar.surplus, lang)), {
              class: 'badge',
            })
          : null,
      ),
    );
  });
  replace(byId('categories'), ...cards);
}

function renderOrganizations(progress: Progress): void {
  const lang = state.lang;
  const groups = organizationGroups(progress.pledges);
  if (groups.length === 0) {
    replace(byId('organizations'), label('p', 'noPledges', t().noPledges));
    return;
  }
  const bodies = groups.map((group) =>
    h(
      'tbody',
      {},
      h('tr', { class: 'group' }, h('th', { scope: 'rowgroup', colspan: 6 }, group.organizationName)),
      ...group.pledges.map((pledge: PledgeProgress) =>
        h(
          'tr',
          {},
          label('th', `category:${pledge.category}`, categoryLabel(pledge.category, lang), { scope: 'row' }),
          numberCell(pledge.target),
          numberCell(pledge.delivered),
          numberCell(pledge.verified),
          h('td', { class: 'num' }, formatPercent(pledge.percent, lang)),
          h('td', {}, statusChip(pledge.status)),
        ),
      ),
    ),
  );
  replace(
    byId('organizations'),
    scrollingTable(
      'organizations-table',
      'organizationsCaption',
      headerRow(
        ['category', 'pledged', 'delivered', 'verified', 'percent', 'status'],
        ['pledged', 'delivered', 'verified', 'percent'],
      ),
      bodies,
    ),
  );
}

function renderWards(progress: Progress, campaign: Campaign): void {
  const lang = state.lang;
  const matrix = wardMatrix(campaign.wards, progress);
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      label('th', 'ward', t().ward, { scope: 'col' }),
      ...matrix.categories.map((category: Category) =>
        label('th', `category:${category}`, categoryLabel(category, lang), { scope: 'col', class: 'num' }),
      ),
      label('th', 'total', t().total, { scope: 'col', class: 'num' }),
    ),
  );
  const body = h(
    'tbody',
    {},
    ...matrix.rows.map((row) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, row.ward),
        ...row.counts.map((count) =>
          h('td', { class: `num heat-${heatLevel(count, matrix.max)}` }, formatCount(count, lang)),
        ),
        h('td', { class: 'num total' }, formatCount(row.total, lang)),
      ),
    ),
  );
  replace(byId('wards'), scrollingTable('wards-table', 'wardsCaption', head, [body]));
}

function paceText(perDay: number | null): HTMLElement | string {
  return perDay === null ? '—' : label('span', 'perDay', t().perDay(formatRate(perDay, state.lang)));
}

function neededText(needed: NeededPace): HTMLElement | string {
  if (needed.kind === 'done') return '—';
  if (needed.kind === 'overdue')
    return label('span', 'overdue', t().overdue, { class: 'status status-overdue' });
  return label('span', 'perDay', t().perDay(formatRate(needed.perDay, state.lang)));
}

function projectedText(projected: ProjectedFinish): HTMLElement | string {
  if (projected.kind === 'reached') return label('span', 'reached', t().reached);
  if (projected.kind === 'never') return label('span', 'never', t().never);
  const date = formatDate(projected.date, state.lang);
  return projected.afterEnd ? label('span', 'afterEnd', t().afterEnd(date)) : date;
}

function renderForecast(progress: Progress, campaign: Campaign): void {
  const lang = state.lang;
  const view = forecast(progress, campaign, localDate(new Date(progress.asOf)));
  const pace =
    view.pace.perDay === null
      ? label('p', 'notStarted', t().notStarted)
      : label(
          'p',
          'pace',
          t().pace(
            formatRate(view.pace.perDay, lang),
            formatCount(view.pace.delivered, lang),
            formatCount(view.pace.days, lang),
          ),
        );
  const categories = scrollingTable(
    'forecast-table',
    'forecastCaption',
    headerRow(
      ['category', 'perDaySoFar', 'neededPerDay', 'projectedFinish'],
      ['perDaySoFar', 'neededPerDay'],
    ),
    [
      h(
        'tbody',
        {},
        ...view.categories.map((row) =>
          h(
            'tr',
            {},
            label('th', `category:${row.category}`, categoryLabel(row.category, lang), { scope: 'row' }),
            h('td', { class: 'num' }, paceText(row.perDay)),
            h('td', { class: 'num' }, neededText(row.needed)),
            h('td', {}, projectedText(row.projected)),
          ),
        ),
      ),
    ],
  );
  const unmet =
    view.unmet.length === 0
      ? label('p', 'allMet', t().allMet)
      : scrollingTable(
          'unmet-table',
          'unmetCaption',
          headerRow(
            ['organization', 'category', 'remaining', 'neededPerDay', 'projectedFinish'],
            ['remaining', 'neededPerDay'],
          ),
          [
            h(
              'tbody',
              {},
              ...view.unmet.map(({ pledge, needed, projected }) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, pledge.organizationName),
                  label('td', `category:${pledge.category}`, categoryLabel(pledge.category, lang), {
                    class: 'text',
                  }),
                  numberCell(pledge.remaining),
                  h('td', { class: 'num' }, neededText(needed)),
                  h('td', {}, projectedText(projected)),
                ),
              ),
            ),
          ],
        );
  replace(byId('forecast'), pace, categories, label('h3', 'unmetHeading', t().unmetHeading), unmet);
}

function renderFeed(): void {
  const signedIn = state.session !== undefined;
  const intro = byId('feed-intro');
  intro.dataset.i18n = signedIn ? 'signedIn' : 'publicView';
  intro.textContent = signedIn ? t().signedIn : t().publicView;
  const feed = state.feed;
  const messages: Record<string, keyof Labels> = {
    ended: 'sessionEnded',
    forbidden: 'tokenForbidden',
    unavailable: 'feedUnavailable',
  };
  if (feed.kind === 'items') {
    replace(
      byId('feed'),
      feed.items.length === 0
        ? label('p', 'noNotifications', t().noNotifications)
        : h(
            'ol',
            { class: 'feed' },
            ...feed.items.map((item) =>
              h(
                'li',
                {},
                h('time', { datetime: item.occurredAt }, formatDateTime(item.occurredAt, state.lang)),
                label('p', 'notification', item.message[state.lang]),
              ),
            ),
          ),
    );
  } else if (feed.kind in messages) {
    const key = messages[feed.kind] as StaticLabel;
    replace(byId('feed'), label('p', key, t()[key] as string, { class: 'error', role: 'alert' }));
  } else {
    replace(byId('feed'));
  }
}

const roleLabels = {
  admin: 'roleAdmin',
  'front-committee': 'roleFrontCommittee',
  organization: 'roleOrganization',
  leadership: 'roleLeadership',
} as const;

function renderAccount(): void {
  byId('account').hidden = !identity;
  const who = user();
  byId('account-who').hidden = !who;
  byId('sign-in-open').hidden = Boolean(who);
  byId('sign-out').hidden = !who;
  byId('account-name').textContent = who?.name ?? '';
  byId('account-role').textContent = who?.role ? `(${roleText([who.role], who.organizationId)})` : '';
  const step = state.signIn;
  byId('new-password-step').hidden = step.kind !== 'new-password' && step.kind !== 'reset';
  byId('code-step').hidden = step.kind !== 'totp' && step.kind !== 'reset' && step.kind !== 'enrol';
  byId('enrol-step').hidden = step.kind !== 'enrol';
  byId('totp-secret').textContent = step.kind === 'enrol' ? step.enrolment.grouped : '';
  byId('totp-uri').textContent = step.kind === 'enrol' ? step.enrolment.uri : '';
  const codeLabel = document.querySelector<HTMLElement>('label[for="code"]');
  if (codeLabel) {
    const key = step.kind === 'reset' ? 'resetCode' : 'totpCode';
    codeLabel.dataset.i18n = key;
    codeLabel.textContent = t()[key];
  }
  byId<HTMLInputElement>('username').readOnly = step.kind !== 'password';
  byId('password').parentElement?.toggleAttribute('hidden', step.kind !== 'password');
  byId('forgot-password').hidden = step.kind !== 'password';
}

/** Roles by name, and the organization of an organization account. */
const roleText = (roles: Role[], organizationId?: unknown) =>
  `${roles.map((role) => t()[roleLabels[role]]).join(', ')}${organizationId ? `: ${organizationId}` : ''}`;

const isAdmin = () => user()?.role === 'admin';

/** What the lazily loaded staff chunk (staff.ts) uses of this module: handed over rather than imported, so
 * esbuild splits out no third, shared chunk that a first visit would also fetch. */
export interface StaffContext {
  state: typeof state;
  t: typeof t;
  user: typeof user;
  byId: typeof byId;
  h: typeof h;
  replace: typeof replace;
  scrollingTable: typeof scrollingTable;
  headerRow: typeof headerRow;
  label: typeof label;
  currentToken: typeof currentToken;
  endSession: typeof endSession;
  roleLabels: typeof roleLabels;
  roleText: typeof roleText;
  formatDateTime: typeof formatDateTime;
}

let staffChunk: Promise<typeof import('./staff')> | undefined;
/** Fetched on first use by a signed-in admin; the public never asks for it. */
function staff(): Promise<typeof import('./staff')> {
  staffChunk ??= import('./staff').then((chunk) => {
    chunk.bind({
      state,
      t,
      user,
      byId,
      h,
      replace,
      scrollingTable,
      headerRow,
      label,
      currentToken,
      endSession,
      roleLabels,
      roleText,
      formatDateTime,
    });
    return chunk;
  });
  return staffChunk;
}

function renderStaff(): void {
  if (!isAdmin()) {
    byId('staff-section').hidden = true;
    return;
  }
  void staff().then((chunk) => chunk.renderStaff());
}

async function loadStaff(): Promise<void> {
  if (!isAdmin()) {
    state.staff = [];
    renderStaff();
    return;
  }
  await (await staff()).loadStaff();
}

function renderReports(): void {
  const id = state.campaign?.id;
  const note = byId('reports-note');
  note.hidden = !id;
  if (!id) {
    replace(byId('report-links'));
    return;
  }
  const href = (format: string) =>
    `/v1/campaigns/${encodeURIComponent(id)}/report?lang=${state.lang}&format=${format}`;
  const link = (format: string, key: StaticLabel, download: boolean) =>
    h(
      'li',
      {},
      label('a', key, t()[key] as string, { href: href(format), download: download ? '' : undefined }),
    );
  replace(
    byId('report-links'),
    link('html', 'reportHtml', false),
    link('text', 'reportText', false),
    link('docx', 'reportDocx', true),
    link('xlsx', 'reportXlsx', true),
    link('csv', 'reportCsv', true),
  );
}

function renderData(): void {
  const { progress, campaign } = state;
  if (!progress || !campaign) return;
  renderCategories(progress);
  renderOrganizations(progress);
  renderWards(progress, campaign);
  renderForecast(progress, campaign);
}

function renderAll(): void {
  renderStaticLabels();
  renderCampaignPicker();
  renderStatusLine();
  renderData();
  renderFeed();
  renderAccount();
  renderReports();
  renderStaff();
}

function announce(text: string): void {
  const region = byId('announce');
  region.textContent = '';
  // A change after a frame is announced again even when the text is the same as last time.
  requestAnimationFrame(() => {
    region.textContent = text;
  });
}

async function getJson<T>(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body?: T }> {
  const response = await fetch(path, {
    cache: 'no-store',
    headers: { accept: 'application/json', ...headers },
  });
  return { status: response.status, body: response.ok ? ((await response.json()) as T) : undefined };
}

async function loadCampaigns(): Promise<CampaignSummary[]> {
  const campaigns: CampaignSummary[] = [];
  let cursor: string | undefined;
  // A picker needs names, not an archive: ten pages are a thousand campaigns.
  for (let page = 0; page < 10; page++) {
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const { body } = await getJson<{ items: CampaignSummary[]; nextCursor?: string }>(
      `/v1/campaigns${query}`,
    );
    if (!body) throw new Error('campaigns unavailable');
    campaigns.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return campaigns;
}

async function refreshProgress(): Promise<void> {
  const campaign = state.campaign;
  if (!campaign) return;
  try {
    const { body } = await getJson<Progress>(`/v1/campaigns/${encodeURIComponent(campaign.id)}/progress`);
    if (campaign !== state.campaign) return;
    if (!body) throw new Error('progress unavailable');
    const key = JSON.stringify({ ...body, asOf: '' });
    const changed = key !== state.progressKey;
    const wasOffline = state.offline;
    state.offline = false;
    state.progress = body;
    if (changed) {
      const first = state.progressKey === '';
      state.progressKey = key;
      renderData();
      if (!first) announce(t().figuresUpdated);
    } else if (wasOffline) {
      announce(t().figuresUpdated);
    }
  } catch {
    if (!state.offline) announce(t().offline);
    state.offline = true;
  }
  renderStatusLine();
}

/** The session's ID token, refreshed first when it is about to expire; undefined once the session is over. */
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

async function refreshFeed(): Promise<void> {
  const campaignId = state.campaign?.id;
  const who = user();
  if (!who || !campaignId) {
    state.feed = { kind: 'signed-out' };
  } else if (!who.role || !feedRoles.includes(who.role)) {
    state.feed = { kind: 'forbidden' };
  } else {
    try {
      const read = async (token: string | undefined) =>
        token
          ? getJson<{ items: NotificationItem[] }>(
              `/v1/notifications?campaignId=${encodeURIComponent(campaignId)}`,
              { authorization: `Bearer ${token}` },
            )
          : { status: 401 };
      let result: { status: number; body?: { items: NotificationItem[] } } = await read(await currentToken());
      // A token the API refuses may only have expired early (a clock off by minutes): one refresh, then give up.
      if (result.status === 401 && state.session) result = await read(await currentToken(true));
      if (campaignId !== state.campaign?.id) return;
      if (result.status === 401) {
        setSession(undefined);
        state.feed = { kind: 'ended' };
        renderAccount();
      } else if (result.status === 403) {
        state.feed = { kind: 'forbidden' };
      } else {
        state.feed = result.body ? { kind: 'items', items: result.body.items } : { kind: 'unavailable' };
      }
    } catch {
      state.feed = { kind: 'unavailable' };
    }
  }
  renderFeed();
}

const failureLabels: Record<IdentityFailure, StaticLabel> = {
  incorrect: 'incorrectSignIn',
  'locked-out': 'lockedOut',
  'invalid-code': 'invalidCode',
  'weak-password': 'weakPassword',
  failed: 'signInFailed',
};

function showSignInMessage(key: StaticLabel | undefined): void {
  const message = byId('sign-in-error');
  message.dataset.i18n = key ?? '';
  message.textContent = key ? (t()[key] as string) : '';
}

function openSignIn(open: boolean): void {
  byId('sign-in-section').hidden = !open;
  byId('sign-in-open').setAttribute('aria-expanded', String(open));
  state.signIn = { kind: 'password' };
  showSignInMessage(undefined);
  for (const id of ['password', 'new-password', 'code']) byId<HTMLInputElement>(id).value = '';
  renderAccount();
  if (open) byId('username').focus();
}

async function submitSignIn(): Promise<void> {
  if (!identity) return;
  const value = (id: string) => byId<HTMLInputElement>(id).value;
  const step = state.signIn;
  const submit = byId<HTMLButtonElement>('sign-in-submit');
  submit.disabled = true;
  showSignInMessage('signingIn');
  try {
    let next: SignInStep | undefined;
    if (step.kind === 'password') {
      const username = value('username').trim();
      if (!username || !value('password')) {
        showSignInMessage('incorrectSignIn');
        return;
      }
      next = await signIn(identity, username, value('password'));
    } else if (step.kind === 'enrol') {
      await finishTotpEnrolment(identity, step.session, value('code').trim());
      // The tokens in hand were issued without TOTP: revoke them and sign in again, now with the code.
      await signOut(identity, step.session);
      state.signIn = { kind: 'password' };
      for (const id of ['password', 'code']) byId<HTMLInputElement>(id).value = '';
      renderAccount();
      showSignInMessage('totpEnabled');
      byId('password').focus();
      return;
    } else if (step.kind === 'reset') {
      await confirmForgotPassword(identity, step.username, value('code').trim(), value('new-password'));
      state.signIn = { kind: 'password' };
      byId<HTMLInputElement>('password').value = '';
      renderAccount();
      showSignInMessage(undefined);
      byId('password').focus();
      return;
    } else {
      next = await answerChallenge(
        identity,
        step,
        step.kind === 'totp' ? value('code').trim() : value('new-password'),
      );
    }
    byId<HTMLInputElement>('password').value = '';
    if (next.kind === 'signed-in' && needsTotpEnrolment(identity, next.session)) {
      const username = 'username' in step ? step.username : value('username').trim();
      const enrolment = await startTotpEnrolment(identity, next.session, username);
      state.signIn = { kind: 'enrol', username, session: next.session, enrolment };
      byId<HTMLInputElement>('code').value = '';
      showSignInMessage(undefined);
      renderAccount();
      byId('code').focus();
      return;
    }
    if (next.kind === 'signed-in') {
      setSession(next.session);
      openSignIn(false);
      state.feed = { kind: 'loading' };
      renderAll();
      byId('sign-out').focus();
      await Promise.all([refreshFeed(), loadStaff()]);
      return;
    }
    state.signIn = next;
    showSignInMessage(undefined);
    renderAccount();
    byId(next.kind === 'totp' ? 'code' : 'new-password').focus();
  } catch (error) {
    const failure = error instanceof IdentityError ? error.failure : 'failed';
    if (failure === 'incorrect' || failure === 'locked-out') {
      state.signIn = { kind: 'password' };
      renderAccount();
    }
    showSignInMessage(failureLabels[failure]);
  } finally {
    submit.disabled = false;
  }
}

async function startPasswordReset(): Promise<void> {
  const username = byId<HTMLInputElement>('username').value.trim();
  if (!identity || !username) {
    byId('username').focus();
    return;
  }
  try {
    await forgotPassword(identity, username);
  } catch {
    // Cognito answers the same for unknown users when existence errors are prevented; so does the page.
  }
  state.signIn = { kind: 'reset', username };
  renderAccount();
  showSignInMessage('resetSent');
  byId('code').focus();
}

async function endSession(): Promise<void> {
  const session = state.session;
  setSession(undefined);
  state.feed = { kind: 'signed-out' };
  state.staff = [];
  state.log = { items: [] };
  renderAll();
  byId('sign-in-open').focus();
  if (session && identity) await signOut(identity, session);
}

async function selectCampaign(id: string): Promise<void> {
  const summary = state.campaigns.find((c) => c.id === id);
  if (!summary) return;
  const { body } = await getJson<Campaign>(`/v1/campaigns/${encodeURIComponent(id)}`);
  state.campaign = body ?? { ...summary, wards: [], createdAt: '' };
  state.progress = undefined;
  state.progressKey = '';
  const url = new URL(location.href);
  url.searchParams.set('campaign', id);
  history.replaceState(null, '', url);
  renderStatusLine();
  renderReports();
  await Promise.all([refreshProgress(), refreshFeed()]);
}

function setLanguage(lang: Lang): void {
  state.lang = lang;
  storage.set('local', langKey, lang);
  const url = new URL(location.href);
  url.searchParams.set('lang', lang);
  history.replaceState(null, '', url);
  renderAll();
}

let timer: ReturnType<typeof setTimeout> | undefined;

async function poll(): Promise<void> {
  clearTimeout(timer);
  if (!document.hidden) {
    state.ticks += 1;
    await refreshProgress();
    if (state.ticks % feedEvery === 0 && state.session) await refreshFeed();
  }
  timer = setTimeout(poll, pollMs);
}

function wireEvents(): void {
  byId('language-toggle').addEventListener('click', () => setLanguage(state.lang === 'vi' ? 'en' : 'vi'));
  byId<HTMLSelectElement>('campaign').addEventListener('change', (event) => {
    void selectCampaign((event.target as HTMLSelectElement).value);
  });
  byId('sign-in-open').addEventListener('click', () => openSignIn(byId('sign-in-section').hidden));
  byId('sign-in-cancel').addEventListener('click', () => {
    openSignIn(false);
    byId('sign-in-open').focus();
  });
  byId<HTMLFormElement>('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void submitSignIn();
  });
  byId('forgot-password').addEventListener('click', () => void startPasswordReset());
  byId('sign-out').addEventListener('click', () => void endSession());
  byId<HTMLFormElement>('invite-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void staff().then((chunk) => chunk.submitInvite());
  });
  byId('staff-list').addEventListener('click', (event) => {
    const target = event.target as HTMLElement;
    const id = target.closest<HTMLElement>('[data-disable]')?.dataset.disable;
    if (id) void staff().then((chunk) => chunk.disableMember(id));
    if (target.id === 'staff-log-more') void staff().then((chunk) => chunk.loadLog(true));
  });
  // A page restored by the back button shows what the session now is, not what it was.
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    state.session = identity ? loadSession() : undefined;
    if (!state.session) state.feed = { kind: 'signed-out' };
    renderAll();
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) void poll();
  });
}

async function connect(): Promise<void> {
  try {
    state.campaigns = await loadCampaigns();
  } catch {
    state.offline = true;
    renderStatusLine();
    setTimeout(() => void connect(), pollMs);
    return;
  }
  state.offline = false;
  const wanted = state.campaigns.find((c) => c.id === new URLSearchParams(location.search).get('campaign'));
  const chosen = wanted ?? defaultCampaign(state.campaigns, localDate(new Date()));
  renderCampaignPicker();
  renderStatusLine();
  if (chosen) {
    await selectCampaign(chosen.id);
    renderCampaignPicker();
  }
  timer = setTimeout(poll, pollMs);
}

state.lang =
  parseLang(new URLSearchParams(location.search).get('lang')) ??
  parseLang(storage.get('local', langKey)) ??
  'vi';
wireEvents();
renderAll();
void connect();
void loadStaff();

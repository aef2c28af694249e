// The dashboard in the browser: reads the public API, polls progress, renders in Vietnamese or English.
import type { Category } from '../../domain/categories';
import { localDate } from '../../domain/dates';
import type { Campaign, CampaignSummary } from '../../domain/model';
import type { PledgeProgress, PledgeStatus, Progress } from '../../domain/progress';
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
import {
  categoryBar,
  defaultCampaign,
  forecast,
  heatLevel,
  organizationGroups,
  wardMatrix,
} from '../view-model';

interface NotificationItem {
  id: string;
  occurredAt: string;
  message: { vi: string; en: string };
}

type Feed =
  | { kind: 'signed-out' }
  | { kind: 'loading' }
  | { kind: 'items'; items: NotificationItem[] }
  | { kind: 'rejected' | 'forbidden' | 'unavailable' };

/** A handover shows within one poll: the issue asks for five seconds at most. */
const pollMs = 2500;
/** The feed changes rarely; it is read every fourth poll. */
const feedEvery = 4;
const tokenKey = 'pledge-tracker.leader-token';
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
};

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
  period.textContent = campaign
    ? t().period(formatDate(campaign.startsOn, state.lang), formatDate(campaign.endsOn, state.lang))
    : '';
  const updated = byId('updated');
  if (state.campaigns.length === 0 && !state.campaign) {
    updated.dataset.i18n = state.offline ? 'offline' : 'noCampaigns';
    updated.textContent = state.offline ? t().offline : t().noCampaigns;
  } else if (state.offline) {
    updated.dataset.i18n = 'offline';
    updated.textContent = t().offline;
  } else if (state.progress) {
    updated.dataset.i18n = 'updatedAt';
    updated.textContent = t().updatedAt(formatTime(state.progress.asOf, state.lang));
  } else {
    updated.dataset.i18n = 'loading';
    updated.textContent = t().loading;
  }
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
      h('tr', { class: 'group' }, h('th', { scope: 'rowgroup', colspan: 5 }, group.organizationName)),
      ...group.pledges.map((pledge: PledgeProgress) =>
        h(
          'tr',
          {},
          label('th', `category:${pledge.category}`, categoryLabel(pledge.category, lang), { scope: 'row' }),
          numberCell(pledge.target),
          numberCell(pledge.delivered),
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
        ['category', 'pledged', 'delivered', 'percent', 'status'],
        ['pledged', 'delivered', 'percent'],
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
  const signedIn = storage.get('session', tokenKey) !== null;
  const intro = byId('feed-intro');
  intro.dataset.i18n = signedIn ? 'signedIn' : 'publicView';
  intro.textContent = signedIn ? t().signedIn : t().publicView;
  byId('token-form').hidden = signedIn;
  byId('sign-out').hidden = !signedIn;
  const feed = state.feed;
  const messages: Record<string, keyof Labels> = {
    rejected: 'tokenRejected',
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
  renderReports();
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

async function refreshFeed(): Promise<void> {
  const token = storage.get('session', tokenKey);
  const campaignId = state.campaign?.id;
  if (!token || !campaignId) {
    state.feed = { kind: 'signed-out' };
  } else {
    try {
      const { status, body } = await getJson<{ items: NotificationItem[] }>(
        `/v1/notifications?campaignId=${encodeURIComponent(campaignId)}`,
        { authorization: `Bearer ${token}` },
      );
      if (campaignId !== state.campaign?.id) return;
      if (status === 401 || status === 403) {
        storage.set('session', tokenKey, null);
        state.feed = { kind: status === 401 ? 'rejected' : 'forbidden' };
      } else {
        state.feed = body ? { kind: 'items', items: body.items } : { kind: 'unavailable' };
      }
    } catch {
      state.feed = { kind: 'unavailable' };
    }
  }
  renderFeed();
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
    if (state.ticks % feedEvery === 0 && storage.get('session', tokenKey)) await refreshFeed();
  }
  timer = setTimeout(poll, pollMs);
}

function wireEvents(): void {
  byId('language-toggle').addEventListener('click', () => setLanguage(state.lang === 'vi' ? 'en' : 'vi'));
  byId<HTMLSelectElement>('campaign').addEventListener('change', (event) => {
    void selectCampaign((event.target as HTMLSelectElement).value);
  });
  byId<HTMLFormElement>('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId<HTMLInputElement>('token');
    const token = input.value.trim().replace(/^Bearer\s+/i, '');
    if (!token) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    input.value = '';
    storage.set('session', tokenKey, token);
    state.feed = { kind: 'loading' };
    renderFeed();
    byId('sign-out').focus();
    void refreshFeed();
  });
  byId('sign-out').addEventListener('click', () => {
    storage.set('session', tokenKey, null);
    state.feed = { kind: 'signed-out' };
    renderFeed();
    byId('token').focus();
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

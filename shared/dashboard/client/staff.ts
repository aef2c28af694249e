// The admin's staff section (invite, list, disable, the account log), split out of main.ts and loaded with a
// dynamic import() only when a signed-in admin opens the dashboard: a public first visit never downloads it.
import type { Role } from '../../domain/roles';
import type { StaffAuditEntry, StaffContext, StaffMember } from './main';

let c: StaffContext;
/** main.ts hands over its state and helpers once, before calling anything here. */
export function bind(context: StaffContext): void {
  c = context;
}
const t = () => c.t();
const isAdmin = () => c.user()?.role === 'admin';

export function renderStaff(): void {
  const section = c.byId('staff-section');
  section.hidden = !isAdmin();
  if (section.hidden) return;
  const rows = c.state.staff.map((member) => {
    const who = member.email ?? member.username;
    return c.h(
      'tr',
      {},
      c.h('th', { scope: 'row' }, member.name ? `${member.name} (${who})` : who),
      c.h('td', {}, c.roleText(member.roles, member.organizationId)),
      c.h('td', {}, member.enabled ? t().enabled : t().disabled),
      c.h(
        'td',
        {},
        member.enabled &&
          c.h(
            'button',
            {
              type: 'button',
              class: 'link-button',
              'data-disable': member.id,
              'aria-label': t().disableAccount(who),
            },
            t().disable,
          ),
      ),
    );
  });
  // The trail names accounts by id alone; the e-mail beside it comes from the list this admin already sees.
  const account = (id: string) => {
    const member = c.state.staff.find((m) => m.id === id);
    return member ? (member.email ?? member.username) : id;
  };
  const entries = c.state.log.items.map(({ at, actor, action, subject, changes }) => {
    const to = (field: string) => changes.find((change) => change.field === field)?.to;
    return c.h(
      'tr',
      {},
      c.h('th', { scope: 'row' }, c.h('time', { datetime: at }, c.formatDateTime(at, c.state.lang))),
      c.h('td', {}, account(actor.sub)),
      c.h('td', {}, account(subject.id)),
      c.h(
        'td',
        {},
        action === 'user.invited'
          ? `${t().invited}: ${c.roleText([to('role') as Role], to('organizationId'))}`
          : t().disabled,
      ),
    );
  });
  c.replace(
    c.byId('staff-list'),
    c.scrollingTable(
      'staff-table',
      'staffCaption',
      c.headerRow(['account', 'roles', 'accountState', 'disable']),
      rows,
    ),
    c.scrollingTable(
      'staff-log',
      'staffLog',
      c.headerRow(['logWhen', 'logBy', 'account', 'logAction']),
      entries,
    ),
    c.state.log.nextCursor &&
      c.label('button', 'showMore', t().showMore, {
        type: 'button',
        class: 'link-button',
        id: 'staff-log-more',
      }),
  );
}

/** Admin calls with the session's token; undefined when the session is over. */
async function adminFetch(method: string, path: string, body?: unknown): Promise<Response | undefined> {
  const token = await c.currentToken();
  if (!token) return undefined;
  return fetch(path, {
    method,
    cache: 'no-store',
    headers: {
      accept: 'application/json',
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export async function loadStaff(): Promise<void> {
  if (!isAdmin()) {
    c.state.staff = [];
    renderStaff();
    return;
  }
  const response = await adminFetch('GET', '/v1/users').catch(() => undefined);
  if (response?.ok) c.state.staff = ((await response.json()) as { items: StaffMember[] }).items;
  await loadLog();
}

/** From the newest entry, or on from the last page's cursor ("Xem thêm"). */
export async function loadLog(more?: boolean): Promise<void> {
  const cursor = more ? c.state.log.nextCursor : undefined;
  const response = await adminFetch(
    'GET',
    `/v1/users/audit${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
  ).catch(() => undefined);
  if (response?.ok) {
    const page = (await response.json()) as { items: StaffAuditEntry[]; nextCursor?: string };
    c.state.log = { ...page, items: [...(cursor ? c.state.log.items : []), ...page.items] };
  }
  renderStaff();
}

function showInviteResult(text: string): void {
  c.byId('invite-result').textContent = text;
}

export async function submitInvite(): Promise<void> {
  const value = (id: string) => c.byId<HTMLInputElement>(id).value.trim();
  const role = c.byId<HTMLSelectElement>('invite-role').value as Role;
  const organizationId = value('invite-organization');
  const name = value('invite-name');
  const submit = c.byId<HTMLButtonElement>('invite-submit');
  submit.disabled = true;
  showInviteResult(t().inviting);
  try {
    const response = await adminFetch('POST', '/v1/users', {
      email: value('invite-email'),
      role,
      ...(role === 'organization' && organizationId ? { organizationId } : {}),
      ...(name ? { name } : {}),
    });
    if (!response) return c.endSession();
    if (response.status === 201) {
      const invited = (await response.json()) as { temporaryPassword?: string };
      const who = value('invite-email');
      showInviteResult(
        invited.temporaryPassword
          ? t().invitedShown(who, invited.temporaryPassword)
          : t().invitedByEmail(who),
      );
      c.byId<HTMLFormElement>('invite-form').reset();
      await loadStaff();
    } else {
      showInviteResult(
        response.status === 409
          ? t().inviteExists
          : response.status === 400
            ? t().inviteInvalid
            : t().staffFailed,
      );
    }
  } catch {
    showInviteResult(t().staffFailed);
  } finally {
    submit.disabled = false;
  }
}

export async function disableMember(id: string): Promise<void> {
  const response = await adminFetch('POST', `/v1/users/${encodeURIComponent(id)}/disable`).catch(
    () => undefined,
  );
  showInviteResult(response?.ok ? '' : t().staffFailed);
  await loadStaff();
}

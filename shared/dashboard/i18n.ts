// The dashboard's words in Vietnamese (the default) and English; categories and statuses come from the domain.
import { type Category, categories } from '../domain/categories';
import { pledgeStatusLabels } from '../domain/labels';
import type { PledgeStatus } from '../domain/progress';

export type Lang = 'vi' | 'en';
export const languages: readonly Lang[] = ['vi', 'en'];

const vi = {
  pageTitle: 'Theo dõi đăng ký và bàn giao',
  skipLink: 'Bỏ qua, đến nội dung chính',
  title: 'Theo dõi đăng ký và bàn giao',
  /** The toggle names the other language, in that language. */
  languageToggle: 'English',
  campaignLabel: 'Đợt thi đua',
  loading: 'Đang tải số liệu…',
  offline: 'Mất kết nối với máy chủ, đang thử lại…',
  noCampaigns: 'Chưa có đợt thi đua nào.',
  figuresUpdated: 'Số liệu vừa được cập nhật.',
  period: (from: string, to: string) => `Thời gian: ${from} – ${to}`,
  updatedAt: (time: string) => `Cập nhật lúc ${time}`,

  categoriesHeading: 'Tiến độ theo hạng mục',
  deliveredOfPledged: (delivered: string, pledged: string, unit: string) =>
    `Đã bàn giao ${delivered} / đăng ký ${pledged} ${unit}`,
  deliveredWithoutPledge: (delivered: string, unit: string) =>
    `Đã bàn giao ${delivered} ${unit}, chưa có đăng ký`,
  exceededBadge: (surplus: string) => `vượt ${surplus}`,
  verifiedOf: (verified: string) => `đã xác minh ${verified}`,
  closedOn: (date: string) => `Đã kết thúc ngày ${date}: số liệu là chính thức.`,

  organizationsHeading: 'Đăng ký theo đơn vị',
  organizationsCaption: 'Các đăng ký của từng đơn vị và trạng thái',
  organization: 'Đơn vị',
  category: 'Hạng mục',
  pledged: 'Đăng ký',
  delivered: 'Đã bàn giao',
  verified: 'Đã xác minh',
  percent: 'Tỷ lệ',
  status: 'Trạng thái',
  noPledges: 'Đợt thi đua này chưa có đăng ký nào.',

  wardsHeading: 'Bàn giao theo phường',
  wardsCaption: 'Số công trình đã bàn giao ở mỗi phường, theo hạng mục',
  ward: 'Phường',
  total: 'Tổng',
  heatNote: 'Ô càng đậm màu, phường đó càng nhận nhiều công trình.',

  forecastHeading: 'Dự báo',
  pace: (perDay: string, delivered: string, days: string) =>
    `Bình quân ${perDay} công trình mỗi ngày (${delivered} công trình trong ${days} ngày).`,
  notStarted: 'Đợt thi đua chưa bắt đầu.',
  forecastCaption: 'Tốc độ theo hạng mục và ngày dự kiến đạt đăng ký',
  perDaySoFar: 'Bình quân mỗi ngày',
  neededPerDay: 'Cần mỗi ngày',
  projectedFinish: 'Dự kiến đạt',
  perDay: (n: string) => `${n}/ngày`,
  reached: 'đã đạt',
  never: 'chưa thể đạt ở tốc độ này',
  overdue: 'quá hạn',
  afterEnd: (date: string) => `${date} (sau hạn)`,
  unmetHeading: 'Đăng ký chưa đạt',
  unmetCaption: 'Mỗi đăng ký chưa đạt cần bao nhiêu mỗi ngày để về đích đúng hạn',
  remaining: 'Còn lại',
  allMet: 'Mọi đăng ký đã đạt chỉ tiêu.',

  notificationsHeading: 'Thông báo cho lãnh đạo',
  publicView: 'Bạn đang xem số liệu công khai. Lãnh đạo đăng nhập để xem thông báo.',
  signIn: 'Đăng nhập',
  signInHeading: 'Đăng nhập',
  username: 'Tên đăng nhập hoặc email',
  password: 'Mật khẩu',
  newPassword: 'Mật khẩu mới',
  newPasswordHint:
    'Lần đăng nhập đầu tiên: hãy đặt mật khẩu mới (ít nhất 12 ký tự, có chữ hoa, chữ thường, số và ký hiệu).',
  totpCode: 'Mã xác thực 6 số từ ứng dụng',
  totpSetupHint:
    'Tài khoản quản trị và Ủy ban MTTQ phải dùng xác thực hai bước. Thêm khóa dưới đây vào ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…), rồi nhập mã 6 số ứng dụng hiện ra.',
  totpSecret: 'Khóa bí mật:',
  totpLink: 'Hoặc liên kết cho ứng dụng:',
  totpEnabled: 'Đã bật xác thực hai bước. Hãy đăng nhập lại bằng mật khẩu và mã 6 số.',
  resetCode: 'Mã đặt lại mật khẩu (gửi qua email)',
  forgotPassword: 'Quên mật khẩu?',
  cancel: 'Hủy',
  signOut: 'Đăng xuất',
  signingIn: 'Đang đăng nhập…',
  signedInAs: 'Đang đăng nhập:',
  signedIn: 'Thông báo gửi lãnh đạo trong đợt thi đua này.',
  incorrectSignIn: 'Sai tên đăng nhập hoặc mật khẩu.',
  lockedOut: 'Đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.',
  invalidCode: 'Mã không đúng hoặc đã hết hạn.',
  weakPassword: 'Mật khẩu mới chưa đạt yêu cầu.',
  resetSent: 'Đã gửi mã đặt lại mật khẩu. Nhập mã và mật khẩu mới.',
  signInFailed: 'Chưa đăng nhập được, hãy thử lại.',
  sessionEnded: 'Phiên đăng nhập đã hết. Hãy đăng nhập lại.',
  roleAdmin: 'Quản trị',
  roleFrontCommittee: 'Ủy ban MTTQ',
  roleOrganization: 'Đơn vị',
  roleLeadership: 'Lãnh đạo',
  noNotifications: 'Chưa có thông báo nào.',
  tokenForbidden: 'Tài khoản này không xem thông báo cho lãnh đạo.',
  feedUnavailable: 'Chưa tải được thông báo, đang thử lại…',

  staffHeading: 'Tài khoản cán bộ',
  inviteHeading: 'Mời cán bộ',
  inviteEmail: 'Email',
  inviteRole: 'Vai trò',
  inviteOrganization: 'Mã đơn vị (chỉ cho tài khoản đơn vị)',
  inviteName: 'Họ và tên',
  invite: 'Gửi lời mời',
  inviting: 'Đang mời…',
  invitedByEmail: (who: string) => `Đã mời ${who}. Mật khẩu tạm thời đã được gửi qua email.`,
  invitedShown: (who: string, password: string) =>
    `Đã mời ${who}. Mật khẩu tạm thời: ${password} (trao tận tay; đổi ở lần đăng nhập đầu).`,
  inviteExists: 'Email này đã có tài khoản.',
  inviteInvalid: 'Hãy kiểm tra email, vai trò và mã đơn vị.',
  staffFailed: 'Chưa thực hiện được, hãy thử lại.',
  staffCaption: 'Các tài khoản cán bộ, vai trò và trạng thái',
  account: 'Tài khoản',
  roles: 'Vai trò',
  accountState: 'Trạng thái',
  enabled: 'Đang hoạt động',
  disabled: 'Đã khóa',
  disable: 'Khóa',
  disableAccount: (who: string) => `Khóa tài khoản ${who}`,
  staffLog: 'Nhật ký tài khoản',
  logWhen: 'Thời điểm',
  logBy: 'Người thực hiện',
  logAction: 'Việc, vai trò',
  invited: 'Đã mời',
  showMore: 'Xem thêm',

  reportsHeading: 'Báo cáo tổng kết',
  reportsNote: 'Báo cáo bằng tiếng Việt:',
  reportText: 'Văn bản',
  reportHtml: 'Bản in',
  reportCsv: 'Tải CSV',
  reportXlsx: 'Tải Excel',
  reportDocx: 'Tải văn bản Word',
};

export type Labels = typeof vi;

const en: Labels = {
  pageTitle: 'Pledges and handovers',
  skipLink: 'Skip to main content',
  title: 'Pledges and handovers',
  languageToggle: 'Tiếng Việt',
  campaignLabel: 'Campaign',
  loading: 'Loading the figures…',
  offline: 'Lost the connection to the server, retrying…',
  noCampaigns: 'There is no campaign yet.',
  figuresUpdated: 'The figures have just been updated.',
  period: (from, to) => `Period: ${from} to ${to}`,
  updatedAt: (time) => `Updated at ${time}`,

  categoriesHeading: 'Progress by category',
  deliveredOfPledged: (delivered, pledged, unit) => `Handed over ${delivered} ${unit} of ${pledged} pledged`,
  deliveredWithoutPledge: (delivered, unit) => `Handed over ${delivered} ${unit}, none pledged`,
  exceededBadge: (surplus) => `${surplus} over`,
  verifiedOf: (verified) => `${verified} verified`,
  closedOn: (date) => `Closed on ${date}: the figures are final.`,

  organizationsHeading: 'Pledges by organization',
  organizationsCaption: "Each organization's pledges and their status",
  organization: 'Organization',
  category: 'Category',
  pledged: 'Pledged',
  delivered: 'Handed over',
  verified: 'Verified',
  percent: 'Percent',
  status: 'Status',
  noPledges: 'This campaign has no pledge yet.',

  wardsHeading: 'Handovers by ward',
  wardsCaption: 'Handed over in each ward, by category',
  ward: 'Ward',
  total: 'Total',
  heatNote: 'The darker the cell, the more the ward received.',

  forecastHeading: 'Forecast',
  pace: (perDay, delivered, days) =>
    `${perDay} handed over per day on average (${delivered} in ${days} days).`,
  notStarted: 'The campaign has not started yet.',
  forecastCaption: 'Pace by category and projected date of reaching the pledges',
  perDaySoFar: 'Per day so far',
  neededPerDay: 'Needed per day',
  projectedFinish: 'Projected finish',
  perDay: (n) => `${n}/day`,
  reached: 'reached',
  never: 'not at this pace',
  overdue: 'overdue',
  afterEnd: (date) => `${date} (after the end)`,
  unmetHeading: 'Unmet pledges',
  unmetCaption: 'What each unmet pledge needs per day to finish on time',
  remaining: 'Remaining',
  allMet: 'Every pledge has reached its target.',

  notificationsHeading: 'Notifications for leadership',
  publicView: 'You are viewing the public figures. Leaders sign in to see the notifications.',
  signIn: 'Sign in',
  signInHeading: 'Sign in',
  username: 'User name or e-mail',
  password: 'Password',
  newPassword: 'New password',
  newPasswordHint:
    'First sign-in: choose a new password (12 characters or more, with upper and lower case, a digit and a symbol).',
  totpCode: '6-digit code from your authenticator app',
  totpSetupHint:
    'Admin and front committee accounts must use two-step verification. Add the key below to an authenticator app (Google Authenticator, Microsoft Authenticator…), then enter the 6-digit code it shows.',
  totpSecret: 'Secret key:',
  totpLink: 'Or the link for your app:',
  totpEnabled: 'Two-step verification is on. Sign in again with your password and the 6-digit code.',
  resetCode: 'Password reset code (sent by e-mail)',
  forgotPassword: 'Forgot your password?',
  cancel: 'Cancel',
  signOut: 'Sign out',
  signingIn: 'Signing in…',
  signedInAs: 'Signed in:',
  signedIn: 'Notifications to leadership for this campaign.',
  incorrectSignIn: 'Incorrect user name or password.',
  lockedOut: 'Too many failed attempts. Try again in 15 minutes.',
  invalidCode: 'The code is wrong or has expired.',
  weakPassword: 'The new password does not meet the requirements.',
  resetSent: 'A reset code was sent. Enter it with a new password.',
  signInFailed: 'Could not sign in, please try again.',
  sessionEnded: 'Your session has ended. Please sign in again.',
  roleAdmin: 'Administrator',
  roleFrontCommittee: 'Front committee',
  roleOrganization: 'Organization',
  roleLeadership: 'Leadership',
  noNotifications: 'No notification yet.',
  tokenForbidden: 'This account does not receive the notifications to leadership.',
  feedUnavailable: 'Could not load the notifications, retrying…',

  staffHeading: 'Staff accounts',
  inviteHeading: 'Invite a staff member',
  inviteEmail: 'E-mail',
  inviteRole: 'Role',
  inviteOrganization: 'Organization id (organization accounts only)',
  inviteName: 'Full name',
  invite: 'Send invitation',
  inviting: 'Inviting…',
  invitedByEmail: (who) => `Invited ${who}. A temporary password was sent by e-mail.`,
  invitedShown: (who, password) =>
    `Invited ${who}. Temporary password: ${password} (hand it over in person; it is changed at first sign-in).`,
  inviteExists: 'This e-mail address already has an account.',
  inviteInvalid: 'Check the e-mail, the role and the organization id.',
  staffFailed: 'That did not work, please try again.',
  staffCaption: 'Staff accounts, their roles and state',
  account: 'Account',
  roles: 'Roles',
  accountState: 'State',
  enabled: 'Active',
  disabled: 'Disabled',
  disable: 'Disable',
  disableAccount: (who) => `Disable the account ${who}`,
  staffLog: 'Account log',
  logWhen: 'When',
  logBy: 'By',
  logAction: 'Action, role',
  invited: 'Invited',
  showMore: 'Show more',

  reportsHeading: 'Year-end report',
  reportsNote: 'Reports in English:',
  reportText: 'Plain text',
  reportHtml: 'Printable',
  reportCsv: 'Download CSV',
  reportXlsx: 'Download Excel',
  reportDocx: 'Download Word document',
};

export const labels: Record<Lang, Labels> = { vi, en };

/** Keys whose label is plain text, for elements that carry `data-i18n` and no data. */
export type StaticLabel = { [K in keyof Labels]: Labels[K] extends string ? K : never }[keyof Labels];

export function staticLabel(lang: Lang, key: string): string | undefined {
  const value = (labels[lang] as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

export function categoryLabel(category: Category, lang: Lang): string {
  return categories[category].label[lang];
}

/** The report unit (nhà, mái ấm, điểm), in English singular or plural by the count. */
export function categoryUnit(category: Category, lang: Lang, count: number): string {
  const unit = categories[category].unit;
  return lang === 'vi' ? unit.vi : count === 1 ? unit.enSingular : unit.en;
}

export function statusLabel(status: PledgeStatus, lang: Lang): string {
  return pledgeStatusLabels[lang][status];
}

export function parseLang(value: string | null | undefined): Lang | undefined {
  return value === 'vi' || value === 'en' ? value : undefined;
}

// Signing in on the dashboard in headless Chromium, through the real local identity provider: every role, the
// leader's feed, sign-out and the back button, a first sign-in's new password, one answer for wrong password and
// unknown user, lockout, a forged token; axe-core finds no accessibility violation on the sign-in states.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lockout } from '../../infra/local/identity-endpoint';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime';
import { issueToken, loadSigningKey } from '../../infra/local/tokens';
import { localTarget, run } from '../../infra/users/users-command';

const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'];
const demoPassword = 'Demo-Passw0rd!';
const axeSource: string = createRequire(import.meta.url)('axe-core').source;

declare const window: {
  axe: { run(context: unknown, options: unknown): Promise<{ violations: unknown[] }> };
};
declare const document: unknown;
declare const sessionStorage: { length: number; setItem(key: string, value: string): void };

let runtime: LocalRuntime;
let browser: Browser;
/** What the runtime prints, where a forgotten password's code appears in place of an e-mail. */
const runtimeLines: string[] = [];
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pledge-sign-in-'));
  [runtime, browser] = await Promise.all([
    startLocalRuntime({
      port: 0,
      dataDir,
      inMemory: true,
      demo: true,
      demoPassword,
      log: (line) => runtimeLines.push(line),
    }),
    chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});
const contexts: BrowserContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

async function open(viewport = { width: 360, height: 780 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN' });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${runtime.url}/?campaign=longbien-2018`);
  await page.locator('#categories .card').first().waitFor();
  return page;
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  if (await page.locator('#sign-in-section').isHidden()) await page.locator('#sign-in-open').click();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.keyboard.press('Enter');
}

const message = (page: Page) => page.locator('#sign-in-error').textContent();
const feedTexts = (page: Page) =>
  page
    .locator('#feed')
    .evaluate((element) => [...element.querySelectorAll('p, li')].map((p) => p.textContent));

async function axeViolations(page: Page): Promise<unknown[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } }),
  );
  return result.violations;
}

describe('signing in on the dashboard', () => {
  const roles = [
    { username: 'admin', role: '(Quản trị)', feed: 'items' },
    { username: 'mttq', role: '(Ủy ban MTTQ)', feed: 'items' },
    { username: 'phunu', role: '(Đơn vị: hoi-phu-nu-long-bien)', feed: 'forbidden' },
    { username: 'lanhdao', role: '(Lãnh đạo)', feed: 'items' },
  ] as const;

  for (const { username, role, feed } of roles) {
    it(`signs ${username} in with name and role, shows the feed only to those who may read it, and signs out for good`, async () => {
      const page = await open();
      expect(await axeViolations(page)).toEqual([]);
      await page.locator('#sign-in-open').click();
      expect(await axeViolations(page)).toEqual([]);

      await signIn(page, username, demoPassword);

      await page.locator('#account-who').waitFor();
      expect(await page.locator('#account-name').textContent()).toBe(username);
      expect(await page.locator('#account-role').textContent()).toBe(role);
      expect(await page.locator('#sign-in-section').isHidden()).toBe(true);
      if (feed === 'items') {
        await expect.poll(() => page.locator('#feed li').count()).toBeGreaterThan(0);
        expect((await feedTexts(page)).join(' ')).toContain('vượt');
      } else {
        await expect.poll(() => feedTexts(page)).toEqual(['Tài khoản này không xem thông báo cho lãnh đạo.']);
      }
      expect(await axeViolations(page)).toEqual([]);
      expect(page.url()).not.toMatch(/token|eyJ/);

      await page.locator('#sign-out').click();
      await page.goto(`${runtime.url}/v1/campaigns/longbien-2018/report?format=html`);
      await page.goBack();
      await page.locator('#categories .card').first().waitFor();

      expect(await page.locator('#account-who').isHidden()).toBe(true);
      expect(await page.locator('#sign-in-open').isVisible()).toBe(true);
      expect(await feedTexts(page)).toEqual([]);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    });
  }

  it('gives a wrong password and an unknown user the same words', async () => {
    const page = await open();

    await signIn(page, 'mttq', 'not-the-password');
    await expect.poll(() => message(page)).toBe('Sai tên đăng nhập hoặc mật khẩu.');
    await signIn(page, 'khong-co-ai', 'not-the-password');
    await expect.poll(() => message(page)).toBe('Sai tên đăng nhập hoặc mật khẩu.');
    expect(await page.locator('#account-who').isHidden()).toBe(true);
  });

  it('makes a new user choose a password at first sign-in, then locks them out after 5 failures', async () => {
    const lines: string[] = [];
    await run(
      ['create', '--local', '--role', 'front-committee', '--username', 'can-bo-moi'],
      (line) => lines.push(line),
      () => localTarget(dataDir),
    );
    const temporary = /temporary password (\S+),/.exec(lines[0] ?? '')?.[1] ?? '';
    const page = await open();

    await signIn(page, 'can-bo-moi', temporary);
    await page.locator('#new-password').waitFor();
    await page.locator('#new-password').fill('Mat-khau-moi-2026!');
    await page.keyboard.press('Enter');
    await page.locator('#account-who').waitFor();
    expect(await page.locator('#account-name').textContent()).toBe('can-bo-moi');
    await page.locator('#sign-out').click();

    for (let attempt = 1; attempt <= lockout.failures; attempt++) {
      await signIn(page, 'can-bo-moi', `wrong-${attempt}`);
      await expect.poll(() => page.locator('#sign-in-submit').isEnabled()).toBe(true);
    }
    await signIn(page, 'can-bo-moi', 'Mat-khau-moi-2026!');

    await expect.poll(() => message(page)).toBe('Đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.');
    expect(await page.locator('#account-who').isHidden()).toBe(true);
  });

  it('resets a forgotten password with the code the runtime prints in place of an e-mail', async () => {
    // Prepare: an account with an e-mail address (codes go to one) and a password of its own.
    const email = `quen.mat.khau.${Date.now().toString(36)}@mttq.vn`;
    const lines: string[] = [];
    await run(
      ['create', '--local', '--role', 'leadership', '--email', email],
      (line) => lines.push(line),
      () => localTarget(dataDir),
    );
    const temporary = /temporary password (\S+),/.exec(lines[0] ?? '')?.[1] ?? '';
    const page = await open();
    await signIn(page, email, temporary);
    await page.locator('#new-password').fill('Mat-khau-cu-2026!');
    await page.keyboard.press('Enter');
    await page.locator('#account-who').waitFor();
    await page.locator('#sign-out').click();

    // Act
    await page.locator('#sign-in-open').click();
    await page.locator('#username').fill(email);
    await page.locator('#forgot-password').click();
    await expect.poll(() => message(page)).toBe('Đã gửi mã đặt lại mật khẩu. Nhập mã và mật khẩu mới.');
    const printed = runtimeLines.find((line) => line.startsWith(`Code for ${email}, instead of an e-mail: `));
    const code = printed?.split(': ').at(-1) ?? '';
    await page.locator('#code').fill(code);
    await page.locator('#new-password').fill('Mat-khau-moi-2027!');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#password').isVisible()).toBe(true);
    // Enter submits only once the form's button is enabled again.
    await expect.poll(() => page.locator('#sign-in-submit').isEnabled()).toBe(true);
    await page.locator('#password').fill('Mat-khau-moi-2027!');
    await page.keyboard.press('Enter');

    // Assess
    expect(code).toMatch(/^\d{6}$/);
    await page.locator('#account-who').waitFor();
    expect(await page.locator('#account-role').textContent()).toBe('(Lãnh đạo)');
  });

  it('ends a session whose token the API refuses (a forged one), and shows no feed', async () => {
    const page = await open();
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({
      'cognito:groups': ['leadership'],
      'cognito:username': 'lanhdao',
      token_use: 'id',
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' })
      .setIssuer(runtime.identity.issuer)
      .setAudience(runtime.identity.clientId)
      .setSubject('forged')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const session = {
      idToken: forged,
      accessToken: forged,
      refreshToken: forged,
      expiresAt: Date.now() + 3_600_000,
    };

    await page.evaluate(
      (value) => sessionStorage.setItem('pledge-tracker.session', value),
      JSON.stringify(session),
    );
    await page.reload();

    await expect.poll(() => feedTexts(page)).toEqual(['Phiên đăng nhập đã hết. Hãy đăng nhập lại.']);
    expect(await page.locator('#account-who').isHidden()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });
});

/** The account log's row `index` (0: the newest), cell by cell. */
const logRow = (page: Page, index: number) =>
  page
    .locator('#staff-log tr')
    .nth(index + 1)
    .locator('th, td')
    .allTextContents();

describe('the admin page', () => {
  it('lets an admin invite a clerk, who signs in with the temporary password and must choose a new one', async () => {
    // Prepare
    const email = `can.bo.${Date.now().toString(36)}@mttq.vn`;
    const admin = await open({ width: 1024, height: 900 });
    await signIn(admin, 'admin', demoPassword);
    await admin.locator('#staff-section').waitFor();
    await expect.poll(() => admin.locator('#staff-list th[scope="row"]').count()).toBeGreaterThanOrEqual(4);
    expect(await axeViolations(admin)).toEqual([]);

    // Act: the admin invites; the local runtime has no mail, so the page shows the temporary password.
    await admin.locator('#invite-email').fill(email);
    await admin.locator('#invite-role').selectOption('front-committee');
    await admin.locator('#invite-submit').click();
    await expect.poll(() => admin.locator('#invite-result').textContent()).toContain('Mật khẩu tạm thời: ');
    const temporary = /Mật khẩu tạm thời: (\S+) \(/.exec(
      (await admin.locator('#invite-result').textContent()) ?? '',
    )?.[1];
    await expect.poll(() => admin.locator('#staff-table').textContent()).toContain(email);
    // The account log names who invited whom, with which role, newest first, by e-mail as the staff list does.
    await expect
      .poll(() => logRow(admin, 0))
      .toEqual([expect.any(String), 'admin@example.invalid', email, 'Đã mời: Ủy ban MTTQ']);
    expect(await admin.locator('#staff-log-caption').textContent()).toBe('Nhật ký tài khoản');
    expect(await admin.locator('#staff-log th[scope="col"]').allTextContents()).toEqual([
      'Thời điểm',
      'Người thực hiện',
      'Tài khoản',
      'Việc, vai trò',
    ]);
    expect(await axeViolations(admin)).toEqual([]);

    const clerk = await open();
    await signIn(clerk, email, temporary ?? '');
    await clerk.locator('#new-password').waitFor();
    await clerk.locator('#new-password').fill('Mat-khau-can-bo-2026!');
    await clerk.keyboard.press('Enter');

    // Assess: signed in as the front committee, with no admin page.
    await clerk.locator('#account-who').waitFor();
    expect(await clerk.locator('#account-role').textContent()).toBe('(Ủy ban MTTQ)');
    expect(await clerk.locator('#staff-section').isHidden()).toBe(true);
    expect((await admin.locator('#staff-table').textContent()) ?? '').not.toContain('Đã khóa');
  });

  it('lets an admin disable an account, which then cannot sign in', async () => {
    // Prepare
    const email = `roi.di.${Date.now().toString(36)}@mttq.vn`;
    const admin = await open({ width: 1024, height: 900 });
    await signIn(admin, 'admin', demoPassword);
    await admin.locator('#staff-section').waitFor();
    await admin.locator('#invite-email').fill(email);
    await admin.locator('#invite-role').selectOption('leadership');
    await admin.locator('#invite-submit').click();
    await expect.poll(() => admin.locator('#invite-result').textContent()).toContain('Mật khẩu tạm thời: ');
    const temporary = /Mật khẩu tạm thời: (\S+) \(/.exec(
      (await admin.locator('#invite-result').textContent()) ?? '',
    )?.[1];

    // Act
    await admin.getByRole('button', { name: `Khóa tài khoản ${email}` }).click();

    // Assess
    await expect
      .poll(() =>
        admin
          .locator('#staff-table')
          .getByRole('row', { name: new RegExp(email.replaceAll('.', '\\.')) })
          .textContent(),
      )
      .toContain('Đã khóa');
    await expect
      .poll(() => logRow(admin, 0))
      .toEqual([expect.any(String), 'admin@example.invalid', email, 'Đã khóa']);
    const leaver = await open();
    await signIn(leaver, email, temporary ?? '');
    await expect.poll(() => message(leaver)).toBe('Sai tên đăng nhập hoặc mật khẩu.');
    expect(await leaver.locator('#account-who').isHidden()).toBe(true);
  });

  it('pages the account log with "Xem thêm" and shows it in English on request', async () => {
    // Prepare: more invitations through the API than one page holds, each leaving an entry.
    const authorization = `Bearer ${await issueToken(await loadSigningKey(dataDir), { role: 'admin' })}`;
    const stamp = Date.now().toString(36);
    for (let batch = 0; batch < 101; batch += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, 101 - batch) }, async (_, i) => {
          const response = await fetch(`${runtime.url}/v1/users`, {
            method: 'POST',
            headers: { authorization, 'content-type': 'application/json' },
            body: JSON.stringify({
              email: `don.vi.${stamp}.${batch + i}@mttq.vn`,
              role: 'organization',
              organizationId: 'hoi-phu-nu-long-bien',
            }),
          });
          expect(response.status).toBe(201);
        }),
      );
    }
    const admin = await open({ width: 1024, height: 900 });
    await signIn(admin, 'admin', demoPassword);
    await admin.getByRole('button', { name: 'Xem thêm' }).waitFor();
    const firstPage = await admin.locator('#staff-log tr').count();

    // Act
    await admin.getByRole('button', { name: 'Xem thêm' }).click();
    await expect.poll(() => admin.locator('#staff-log tr').count()).toBeGreaterThan(firstPage);
    await admin.locator('#language-toggle').click();

    // Assess: a page of 100 entries (and the header row), then the rest; the entries' times newest first.
    expect(firstPage).toBe(101);
    const times = await admin
      .locator('#staff-log time')
      .evaluateAll((elements) => elements.map((time) => time.getAttribute('datetime') ?? ''));
    expect(times.length).toBeGreaterThanOrEqual(101);
    expect(times).toEqual([...times].sort().reverse());
    expect(await admin.locator('#staff-log-caption').textContent()).toBe('Account log');
    expect((await logRow(admin, 0)).slice(2)).toEqual([
      expect.stringMatching(new RegExp(`^don\\.vi\\.${stamp}\\.\\d+@mttq\\.vn$`)),
      'Invited: Organization: hoi-phu-nu-long-bien',
    ]);
    expect(await admin.getByRole('button', { name: 'Show more' }).count()).toBe(0);
  });
});

// The staff console in headless Chromium, signed in for real through the local identity provider: the clerk
// records a handover that crosses a pledge, a double click and a retry after a lost answer record once, an
// organization registers a pledge and sees only its own handovers, and axe-core finds nothing serious.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime';
import { issueToken, loadSigningKey } from '../../infra/local/tokens';

const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const demoPassword = 'Demo-Passw0rd!';
const axeSource: string = createRequire(import.meta.url)('axe-core').source;

declare const window: {
  axe: {
    run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null }[] }>;
  };
};
declare const document: unknown;

let runtime: LocalRuntime;
let browser: Browser;
let dataDir: string;
let clerkToken: string;
const campaignId = `console-${randomUUID().slice(0, 8)}`;
const handedOverOn = '2026-06-01';

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${clerkToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = response.status === 204 ? undefined : await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json as Record<string, unknown>;
}

/** Every handover of the campaign, as the front committee sees them (with beneficiaries). */
async function handovers(): Promise<{ organizationId: string; beneficiary?: { name: string } }[]> {
  const items: { organizationId: string; beneficiary?: { name: string } }[] = [];
  let cursor: string | undefined;
  do {
    const page = (await call(
      'GET',
      `/v1/campaigns/${campaignId}/handovers${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
    )) as { items: typeof items; nextCursor?: string };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const recordedFor = async (name: string) =>
  (await handovers()).filter((item) => item.beneficiary?.name === name).length;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pledge-console-'));
  [runtime, browser] = await Promise.all([
    startLocalRuntime({ port: 0, dataDir, inMemory: true, demo: true, demoPassword, log: () => {} }),
    chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
  ]);
  clerkToken = await issueToken(await loadSigningKey(dataDir), { role: 'front-committee' });
  // A campaign of this year with a one-house pledge already met, and another organization's handover.
  await call('POST', '/v1/campaigns', {
    id: campaignId,
    name: 'Mái ấm 2026',
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    wards: ['Gia Thụy', 'Bồ Đề'],
  });
  await call('POST', `/v1/campaigns/${campaignId}/pledges`, {
    organizationId: 'hoi-phu-nu-long-bien',
    category: 'love-shelter',
    target: 1,
  });
  const handover = (organizationId: string, name: string) =>
    call(
      'POST',
      `/v1/campaigns/${campaignId}/handovers`,
      { organizationId, category: 'love-shelter', ward: 'Bồ Đề', handedOverOn, beneficiary: { name } },
      { 'idempotency-key': randomUUID() },
    );
  await handover('hoi-phu-nu-long-bien', 'Hộ thứ nhất');
  await handover('quan-doan-long-bien', 'Hộ của Quận đoàn');
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

/** A fresh profile at 360 px, signed in on the console; any console error (a CSP refusal) is collected. */
async function signedIn(username: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'vi-VN' });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${runtime.url}/console?campaign=${campaignId}`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(demoPassword);
  await page.keyboard.press('Enter');
  await page.locator('#account-name').getByText(username).waitFor();
  await expect.poll(() => page.locator('#campaign').inputValue()).toBe(campaignId);
  await page.locator('#register-table, #register p').first().waitFor();
  return { page, errors };
}

async function seriousViolations(page: Page): Promise<{ id: string; impact: string | null }[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(({ id, impact }) => ({ id, impact }));
}

async function fillHandover(page: Page, name: string): Promise<void> {
  await page.locator('#h-ward').selectOption('Gia Thụy');
  await page.locator('#h-organization').selectOption('hoi-phu-nu-long-bien');
  await page.locator('#h-category').selectOption('love-shelter');
  await page.locator('#h-date').fill(handedOverOn);
  await page.locator('#h-name').fill(name);
  await page.locator('#h-address').fill('Ngõ 12, Gia Thụy');
  await page.locator('#h-value').fill('60.000.000');
}

describe('the staff console', () => {
  it('lets the clerk record a handover that crosses a pledge and shows "vượt 1"', async () => {
    const { page, errors } = await signedIn('mttq');
    expect(await seriousViolations(page)).toEqual([]);

    await fillHandover(page, 'Nguyễn Thị Vượt');
    await page.locator('#h-submit').click();

    await expect.poll(() => page.locator('#handover-result').textContent()).toContain('Đã ghi bàn giao.');
    expect(await page.locator('#handover-result .figure').textContent()).toBe(
      'Đăng ký của Hội Liên hiệp Phụ nữ quận (Mái ấm tình thương): đã bàn giao 2 / đăng ký 1vượt 1',
    );
    expect(await page.locator('#handover-exceeded').textContent()).toBe('vượt 1');
    expect(await recordedFor('Nguyễn Thị Vượt')).toBe(1);
    await expect.poll(() => page.locator('#register-table tbody tr').count()).toBe(3);
    expect(await seriousViolations(page)).toEqual([]);

    await page.locator('#language-toggle').click();
    expect(await page.locator('#handover-heading').textContent()).toBe('Record a handover');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(errors).toEqual([]);
  });

  it('records a double click once, and a retry after a lost answer once', async () => {
    const { page } = await signedIn('mttq');

    await fillHandover(page, 'Trần Văn Hai Lần');
    await page.locator('#h-submit').dblclick();
    await expect.poll(() => page.locator('#handover-result').textContent()).toContain('Đã ghi bàn giao.');
    expect(await recordedFor('Trần Văn Hai Lần')).toBe(1);

    // The server records it, but the answer never reaches the page: as a timeout would.
    await fillHandover(page, 'Lê Thị Mất Mạng');
    await page.route('**/handovers', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      await route.fetch();
      await route.abort('timedout');
    });
    await page.locator('#h-submit').click();
    await expect.poll(() => page.locator('#handover-errors').textContent()).toContain('Mất kết nối');
    await page.unrouteAll();
    await page.reload();
    await page.locator('#account-name').getByText('mttq').waitFor();
    await expect.poll(() => page.locator('#h-name').inputValue()).toBe('Lê Thị Mất Mạng');
    await page.locator('#h-submit').click();

    await expect
      .poll(() => page.locator('#handover-result').textContent())
      .toContain('Bản nháp này đã được ghi trước đó; không ghi thêm.');
    expect(await recordedFor('Lê Thị Mất Mạng')).toBe(1);
  });

  it('lets an organization register a pledge and shows it only its own handovers, without personal data', async () => {
    const { page, errors } = await signedIn('phunu');
    expect(await page.locator('#handover-section').isHidden()).toBe(true);
    await expect.poll(() => page.locator('#register-table tbody tr').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);

    await page.locator('#p-category').selectOption('great-unity-house');
    await page.locator('#p-target').fill('3');
    await page.locator('#p-submit').click();

    await expect.poll(() => page.locator('#pledge-result').textContent()).toBe('Đã đăng ký.');
    const pledges = (await call('GET', `/v1/campaigns/${campaignId}/pledges`)) as {
      items: { organizationId: string; category: string; target: number }[];
    };
    expect(pledges.items.filter((p) => p.category === 'great-unity-house')).toEqual([
      expect.objectContaining({ organizationId: 'hoi-phu-nu-long-bien', target: 3 }),
    ]);
    const rows = await page.locator('#register-table tbody tr').allTextContents();
    expect(rows.length).toBe(
      (await handovers()).filter((h) => h.organizationId === 'hoi-phu-nu-long-bien').length,
    );
    expect(rows.join(' ')).not.toContain('Quận đoàn');
    expect(rows.join(' ')).not.toMatch(/Hộ thứ nhất|Nguyễn Thị Vượt/);
    expect(await page.locator('#register-table thead').textContent()).not.toContain('Chủ hộ');
    expect(errors).toEqual([]);
  });

  it('imports a 200-row register with 3 bad rows and 2 in-file duplicates: 195 recorded, then 0 for the same file', async () => {
    const { page, errors } = await signedIn('mttq');
    const header =
      'STT,Họ tên chủ hộ,Địa chỉ,Phường/Xã,Hạng mục,Đơn vị thực hiện,Ngày bàn giao,Kinh phí (đồng),Đơn vị phối hợp,Ghi chú';
    const row = (n: number, name: string, ward = 'Gia Thụy', date = '15/03/2026') =>
      `${n},${name},Tổ ${n},${ward},great-unity-house,quan-doan-long-bien,${date},50000000,,`;
    const lines = Array.from({ length: 195 }, (_, i) => row(i + 1, `Hộ nhập số ${i + 1}`));
    lines.push(row(196, 'Hộ phường lạ', 'Phường Không Có'));
    lines.push(row(197, 'Hộ ngày sai', 'Gia Thụy', '31/02/2026'));
    lines.push(row(198, ''));
    lines.push(row(199, 'Hộ nhập số 7'));
    lines.push(row(200, 'Hộ nhập số 42'));
    const file = {
      name: 'so-ban-giao.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFF${[header, ...lines].join('\r\n')}\r\n`),
    };
    const importOnce = async () => {
      await page.locator('#import-file').setInputFiles(file);
      await page.locator('#import-preview').click();
      await expect
        .poll(() => page.locator('#import-status').textContent(), { timeout: 60_000 })
        .toBe('200 dòng: 195 dòng hợp lệ, 5 dòng có lỗi.');
      await page.locator('#import-commit').click();
      await page.locator('#import-summary').waitFor({ timeout: 120_000 });
      return page.locator('#import-summary').textContent();
    };

    expect(await importOnce()).toBe('Đã ghi 195 dòng; 0 dòng đã ghi từ trước; 0 dòng không ghi được.');
    const problemRows = await page.locator('#import-problems tbody th').allTextContents();
    expect([...new Set(problemRows)]).toEqual(['197', '198', '199', '200', '201']);
    expect(await seriousViolations(page)).toEqual([]);
    const download = page.waitForEvent('download');
    await page.locator('#import-download').click();
    const sheet = readFileSync(await (await download).path(), 'utf8');
    expect(sheet.startsWith('\uFEFF')).toBe(true);
    expect(sheet.trim().split('\r\n').length).toBe(201);
    expect((await handovers()).filter((h) => h.beneficiary?.name.startsWith('Hộ nhập số')).length).toBe(195);

    expect(await importOnce()).toBe('Đã ghi 0 dòng; 195 dòng đã ghi từ trước; 0 dòng không ghi được.');
    expect((await handovers()).filter((h) => h.beneficiary?.name.startsWith('Hộ nhập số')).length).toBe(195);
    expect(errors).toEqual([]);
  });

  it('gives the admin the campaign and organization forms, refuses an edit that orphans handovers, exports the register, and axe finds nothing serious', async () => {
    const { page, errors } = await signedIn('admin');

    expect(await page.locator('#admin-section').isVisible()).toBe(true);
    expect(await page.locator('#users-note a').getAttribute('href')).toBe('/#staff-section');
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('#e-wards').fill('Gia Thụy');
    await page.locator('#e-submit').click();
    await expect.poll(() => page.locator('#edit-campaign-result').textContent()).toContain('ward Bồ Đề has');
    await page.locator('#e-name').fill('Mái ấm 2026 (đã sửa)');
    await page.locator('#e-wards').fill('Gia Thụy\nBồ Đề\nLong Biên');
    await page.locator('#e-submit').click();
    await expect.poll(() => page.locator('#edit-campaign-result').textContent()).toBe('Đã lưu đợt thi đua.');
    expect(await call('GET', `/v1/campaigns/${campaignId}`)).toMatchObject({
      name: 'Mái ấm 2026 (đã sửa)',
      wards: ['Gia Thụy', 'Bồ Đề', 'Long Biên'],
    });

    await page.locator('#f-ward').selectOption('Bồ Đề');
    await page.locator('#f-apply').click();
    await expect.poll(() => page.locator('#register-table tbody tr').count()).toBe(2);
    const download = page.waitForEvent('download');
    await page.locator('#export').click();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await (await download).path());
    const cells = workbook.worksheets[0]?.getSheetValues().flat().map(String).join(' ') ?? '';
    expect(cells).toContain('Hộ thứ nhất');
    expect(cells).not.toContain('Hộ nhập số');
    await page.locator('[data-erase]').first().click();
    await page.locator('#erase-dialog').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    // The refused edit's 409 is logged by Chromium as a failed resource; nothing else may be.
    expect(errors.filter((error) => !error.includes('status of 409'))).toEqual([]);
  });
});

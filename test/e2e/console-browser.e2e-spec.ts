import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { drawnChart, focusedName, launchBrowser, listenLocally, screenshot, SCREENSHOTS, TestBrowser, unlabelledControls } from '../support/browser';
import { TestEnv } from '../support/test-env';
import { buildConsoleWorld, ConsoleWorld } from './console-world';

/**
 * Issue 10's acceptance, in a real browser (Debian's chromium driven by playwright-core) against the real API and
 * worker, on data pushed through the real doors: an officer signs in, opens the top case, sees its chart, moves it
 * and adds a note; an auditor sees that action in the case's history; a platform downloads a batch's row errors.
 * Screenshots of the main pages go to test/screenshots/.
 */
describe('web console in a browser', () => {
  let env: TestEnv;
  let world: ConsoleWorld;
  let browser: TestBrowser;
  let page: Page;
  let base: string;
  let topCase: { id: string; taxYear: number };
  const note = 'Đã gọi điện cho người bán; hẹn nộp tờ khai bổ sung quý 2.';

  const api = (token: string, path: string) => request(env.http).get(path).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    env = await TestEnv.create({ worker: true });
    [world, browser] = await Promise.all([buildConsoleWorld(env), launchBrowser()]);
    base = await listenLocally(env.api!);
    page = browser.page;
    page.setDefaultTimeout(10_000);
    topCase = (await api(world.officer, '/v1/cases?limit=1').expect(200)).body.items[0];
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  /** A failing step leaves a screenshot of what the browser showed (test/screenshots/failed-*.png). */
  const step = (name: string, fn: () => Promise<void>) => async () => {
    try {
      await fn();
    } catch (error) {
      await screenshot(page, `failed-${name}`).catch(() => undefined);
      throw error;
    }
  };

  async function signIn(token: string): Promise<void> {
    await browser.context.clearCookies();
    await page.goto(`${base}/console/`);
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await page.getByLabel('Mã truy cập').fill(token);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await page.waitForURL((url) => url.pathname !== '/console/login'); // the sign-in has finished its navigation
  }

  async function signOut(): Promise<void> {
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  }

  it('lets an officer open the top case, see its chart, change its status and add a note', step('officer', async () => {
    await signIn(world.officer);
    await page.getByRole('heading', { name: 'Hàng đợi hồ sơ' }).waitFor();
    await page.locator('main table tbody a').first().waitFor();
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, 'queue');

    await page.locator('main table tbody a').first().click();
    await page.waitForURL(`${base}/console/cases/${topCase.id}`);
    await page.getByRole('heading', { level: 1, name: /^Hồ sơ năm 2025 — / }).waitFor();
    const drawn = await drawnChart(page, 'revenue-chart');
    expect(drawn.series).toEqual(['Doanh thu sàn báo cáo', 'Doanh thu hoá đơn', 'Doanh thu kê khai', 'Doanh thu đã khấu trừ']);
    expect(drawn.labels).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    expect(drawn.width).toBeGreaterThan(100);
    expect(drawn.values).toEqual([300, 400, 200, 120]); // platform revenue per quarter, millions of VND
    const explanation = await drawnChart(page, 'explanation-chart-main');
    expect(explanation.labels).toContain('MST / CCCD');
    expect(explanation.values[explanation.labels.indexOf('MST / CCCD')]).toBeGreaterThan(0);
    // Identifiers stay masked until an officer asks, with a reason.
    await expect(page.content()).resolves.not.toContain('001190012345');
    await expect(page.content()).resolves.toContain('001*******45');
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, 'case');

    await page.getByLabel('Chuyển sang').selectOption('in_review');
    await page.getByLabel('Lý do').first().fill('Nhận hồ sơ để xem xét');
    await page.getByRole('button', { name: 'Chuyển trạng thái' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã chuyển hồ sơ sang «Đang xem xét»' }).waitFor();
    // Confirmed: the draft letter appears in its sandboxed frame (the cookie authenticates the frame's request).
    await page.getByLabel('Chuyển sang').selectOption('confirmed');
    await page.getByRole('button', { name: 'Chuyển trạng thái' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã chuyển hồ sơ sang «Đã xác nhận»' }).waitFor();
    await page.frameLocator('iframe[title="Xem trước thông báo"]').getByText('DỰ THẢO').first().waitFor();
    await page.getByLabel('Ghi chú mới').fill(note);
    await page.getByRole('button', { name: 'Thêm ghi chú' }).click();
    await page.locator('#notes-list').getByText(note).waitFor();
    await page.frameLocator('iframe[title="Xem trước thông báo"]').getByText('DỰ THẢO').first().waitFor();
    await screenshot(page, 'case-confirmed');
    await page.locator('iframe[title="Xem trước thông báo"]').screenshot({ path: `${SCREENSHOTS}/letter.png` });
    const events = (await api(world.officer, `/v1/cases/${topCase.id}/events`).expect(200)).body.events;
    expect(events.map((e: any) => `${e.event}:${e.toStatus ?? ''}:${e.actorName ?? ''}`)).toEqual(
      expect.arrayContaining(['transition:in_review:Cán bộ Lan', 'note::Cán bộ Lan']),
    );

    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await page.getByRole('heading', { level: 1, name: /^Case 2025 — / }).waitFor();
    await page.getByLabel('Language').selectOption('vi');
    await page.getByRole('heading', { level: 1, name: /^Hồ sơ năm 2025 — / }).waitFor();

    // Link review: the platform's record beside the registry's; a bulk "unsure" changes no link.
    await page.getByRole('link', { name: 'Duyệt liên kết' }).click();
    const item = page.getByRole('article').filter({ hasText: 'PM-88' });
    await item.getByRole('table', { name: 'So sánh hai bản ghi' }).getByText('Trần Văn Bình').waitFor();
    await drawnChart(page, 'explanation-chart-r0');
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, 'reviews');
    await page.getByLabel('Chọn tất cả trên trang').check();
    await page.getByRole('button', { name: 'Đánh dấu «chưa chắc»' }).click();
    await page.getByRole('status').filter({ hasText: '1 quyết định đã ghi, 0 lỗi' }).waitFor();
    await item.getByText('1 lần «chưa chắc»').waitFor();

    await page.getByRole('link', { name: 'Tự kê khai' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tự đăng ký, tự kê khai của người bán trực tuyến' }).waitFor();
    expect((await drawnChart(page, 'trend-chart')).labels).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    await drawnChart(page, 'breakdown-chart');
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, 'stats');

    await page.getByRole('link', { name: 'Tra cứu người bán' }).click();
    await page.getByLabel('MST, CCCD, số điện thoại, mã người bán hoặc tên').fill('nguyen thi hoa');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByText('Tìm theo tên').waitFor();
    await screenshot(page, 'search');
    await page.getByRole('link', { name: 'Lịch sử của CM-001' }).click();
    await page.getByRole('heading', { level: 3, name: 'cho-moi · CM-001' }).waitFor();
    await page.getByRole('cell', { name: 'pho-mua' }).first().waitFor();
    await signOut();
  }));

  it('shows an auditor that action in the case history, as of before and after it', step('auditor', async () => {
    // Keyboard only: the page puts focus on its heading; Tab reaches the credential field, Enter submits.
    await page.goto(`${base}/console/login`);
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('credential');
    await page.keyboard.type(world.auditor);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await page.waitForURL(`${base}/console/cases`); // signed in and at the auditor's home before leaving the page

    await page.goto(`${base}/console/history?case=${topCase.id}`);
    const timeline = page.getByRole('list', { name: 'Dòng thời gian' });
    await timeline.getByText('Chuyển trạng thái Mới → Đang xem xét').waitFor();
    await expect(timeline.textContent()).resolves.toContain('Cán bộ Lan');
    await expect(timeline.textContent()).resolves.toContain(note);
    await timeline.getByText('Chuyển trạng thái Đang xem xét → Đã xác nhận').waitFor();
    await page.getByRole('cell', { name: 'POST /v1/cases/:id/transitions' }).first().waitFor();
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, 'history');

    const events = (await api(world.auditor, `/v1/cases/${topCase.id}/events`).expect(200)).body.events;
    const moved = new Date(events.find((e: any) => e.event === 'transition').at);
    // One millisecond before the officer's move, in Vietnam time as the field takes it.
    const before = new Date(moved.getTime() - 1 + 7 * 3600_000).toISOString().slice(0, 23);
    await page.getByLabel('Tại thời điểm (giờ Việt Nam)').fill(before);
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    await page.getByText('Những gì đã biết tại').waitFor();
    const earlier = page.getByRole('list', { name: 'Dòng thời gian' });
    await earlier.getByText('Hệ thống đề xuất hồ sơ').waitFor();
    await expect(earlier.textContent()).resolves.not.toContain('Cán bộ Lan');

    await page.getByRole('link', { name: 'Nhật ký kiểm toán' }).click();
    await page.getByRole('button', { name: 'Kiểm tra chuỗi' }).click();
    await page.getByText('Chuỗi nguyên vẹn').waitFor();
    await screenshot(page, 'audit');
    await signOut();
  }));

  it('lets a platform download the row errors of its batch', step('platform', async () => {
    await signIn(world.platform);
    await page.getByRole('heading', { name: 'Các lô dữ liệu của sàn' }).waitFor();
    expect(await page.locator('#nav a').allTextContents()).toEqual(['Lô dữ liệu']);
    const link = page.locator(`a[data-batch="${world.badBatchId}"]`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('row,field,code,severity,message');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      '4,tax_code,TAX_CODE_CHECK_DIGIT,warning', '4,phone,PHONE_FORMAT,warning', '4,email,EMAIL_FORMAT,warning',
      '4,category,CATEGORY_UNKNOWN,warning', '5,seller_name,REQUIRED_FIELD_MISSING,error',
    ]);
    await screenshot(page, 'batches');
    await signOut();
  }));
});

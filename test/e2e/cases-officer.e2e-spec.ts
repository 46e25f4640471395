import request from 'supertest';
import { addDays, todayInVietnam } from '../../src/identifiers/vietnam-date';
import { CaseWorld, CaseWorldIds, PERSON } from '../integration/cases-fixtures';
import { phoneForms, scanForPlaintextPii } from '../support/plaintext-pii-scan';
import { declaredRoutes } from '../support/routes';
import { TestEnv } from '../support/test-env';

/**
 * Issue 7's acceptance lines for officers and auditors, through HTTP: opening a case is audited, the evidence is
 * masked until an explicit reveal, the letter states the figures and deadline, auditors cannot write, and an
 * "as of" query returns the earlier link after an officer changed it. Encrypted columns hold no plaintext ID.
 */
describe('officer case work and auditor history', () => {
  let env: TestEnv;
  let world: CaseWorld;
  let ids: CaseWorldIds;
  let officer: string;
  let auditor: string;
  const days = 30;

  beforeAll(async () => {
    env = await TestEnv.create();
    world = new CaseWorld(env.dataSource, env.config);
    officer = await env.userToken('officer-e2e', 'officer');
    auditor = await env.userToken('auditor-e2e', 'auditor');
    ids = await world.standard();
  });
  afterAll(() => env.close());

  const as = (token: string) => ({
    get: (path: string) => request(env.http).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) => request(env.http).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });
  const caseVersion = async () => (await env.dataSource.query(`SELECT version FROM cases WHERE id = $1`, [ids.caseId]))[0].version as number;

  it('writes an audit entry when an officer opens a case, and shows the evidence with identifiers masked', async () => {
    const response = await as(officer).get(`/v1/cases/${ids.caseId}`).set('X-Request-Id', 'open-case-0001').expect(200);
    const audit = await env.dataSource.query(
      `SELECT action, actor_role, actor_name, subject_type, subject_id, purpose, correlation_id FROM audit_log WHERE correlation_id = 'open-case-0001' ORDER BY id`,
    );
    expect(audit).toEqual([
      { action: 'personal_data.read', actor_role: 'officer', actor_name: 'officer-e2e', subject_type: 'case', subject_id: ids.caseId, purpose: 'case_review', correlation_id: 'open-case-0001' },
      { action: 'personal_data.read', actor_role: 'officer', actor_name: 'officer-e2e', subject_type: 'taxpayer', subject_id: ids.taxpayer, purpose: 'case_review', correlation_id: 'open-case-0001' },
    ]);
    const e = response.body;
    expect(e.case).toMatchObject({ id: ids.caseId, status: 'open', estimatedTaxAtRisk: '12345678', allowedTransitions: ['in_review'], province: '01' });
    expect(e.taxpayer).toMatchObject({ name: 'Nguyễn Văn An', taxCode: '0100109106', nationalIdMasked: '001*******45', phoneMasked: '+84*******78' });
    expect(e.shops.map((s: any) => [s.platform, s.nationalIdMasked, s.phoneMasked])).toEqual([
      ['cho-tot-test', '079*******34', '098*****21'],
      ['san-b-test', null, '098*****21'],
    ]);
    expect(e.link).toMatchObject({ band: 'auto', taxpayerId: ids.taxpayer, explanation: { fields: { tax_code: 'exact' } } });
    expect(e.revenue.map((r: any) => [r.platform, r.period, r.net])).toEqual([
      ['cho-tot-test', '2025-Q1', '300000000'], ['cho-tot-test', '2025-Q2', '150000000'], ['san-b-test', '2025-Q2', '250000000'],
    ]);
    expect(e.declarations).toEqual([expect.objectContaining({ period: '2025-Q1', declaredRevenue: '100000000', taxPaid: '1500000' })]);
    expect(e.invoices).toEqual([{ month: '2025-02', invoiceCount: 3, totalBeforeTax: '50000000', taxAmount: '0', totalPayable: '0' }]);
    expect(e.withholding.map((w: any) => [w.platform, w.net])).toEqual([['cho-tot-test', '450000000'], ['san-b-test', '250000000']]);
    expect(e.signals).toEqual([expect.objectContaining({ code: 'UNDER_DECLARED', ruleVersion: 1, estimatedTaxAtRisk: '12345678', numbers: { R: '700000000', C_due: '100000000' } })]);
    expect(JSON.stringify(e)).not.toContain(PERSON.nationalId);
    expect(JSON.stringify(e)).not.toContain(PERSON.sellerNationalId);
  });

  it('reveals national IDs and phones only on an officer’s explicit request, recorded with the reason', async () => {
    expect((await as(auditor).post(`/v1/cases/${ids.caseId}/reveal`, { reason: 'audit' })).status).toBe(403);
    const response = await as(officer).post(`/v1/cases/${ids.caseId}/reveal`, { reason: 'taxpayer called about the notice' }).expect(200);
    expect(response.body.taxpayer).toEqual({ id: ids.taxpayer, nationalId: PERSON.nationalId, phone: PERSON.phone });
    expect(response.body.shops).toEqual([
      { sellerId: ids.sellerA, nationalIdKind: 'cccd', nationalId: PERSON.sellerNationalId, phone: PERSON.sellerPhone },
      { sellerId: ids.sellerB, nationalIdKind: null, nationalId: null, phone: PERSON.sellerPhone },
    ]);
    const reads = await env.dataSource.query(`SELECT subject_type, subject_id, fields FROM audit_log WHERE purpose = 'case_reveal' ORDER BY id`);
    expect(reads.map((r: any) => `${r.subject_type}:${r.subject_id}`)).toEqual([`case:${ids.caseId}`, `taxpayer:${ids.taxpayer}`, `platform_seller:${ids.sellerA}`, `platform_seller:${ids.sellerB}`]);
    expect(reads[0].fields).toEqual(['national_id', 'phone']);
    const [event] = await env.dataSource.query(`SELECT detail FROM case_events WHERE case_id = $1 AND event = 'identity_revealed'`, [ids.caseId]);
    expect(event.detail).toMatchObject({ reason: 'taxpayer called about the notice', actorName: 'officer-e2e' });
  });

  it('makes the notification letter in Vietnamese, HTML and PDF, with the figures and the response deadline', async () => {
    expect((await as(officer).get(`/v1/cases/${ids.caseId}/letter`)).body.code).toBe('CASE_LETTER_UNAVAILABLE');
    await as(officer).post(`/v1/cases/${ids.caseId}/transitions`, { to: 'in_review', version: await caseVersion() }).expect(200);
    await as(officer).post(`/v1/cases/${ids.caseId}/transitions`, { to: 'confirmed', version: await caseVersion() }).expect(200);
    const draft = await as(officer).get(`/v1/cases/${ids.caseId}/letter?format=html`).expect(200);
    expect(draft.headers['content-type']).toMatch(/^text\/html/);
    expect(draft.text).toContain('DỰ THẢO');

    await as(officer).post(`/v1/cases/${ids.caseId}/transitions`, { to: 'notified', version: await caseVersion() }).expect(200);
    const due = addDays(todayInVietnam(), days).split('-').reverse().join('/');
    const html = (await as(officer).get(`/v1/cases/${ids.caseId}/letter?format=html`).expect(200)).text;
    expect(html).not.toContain('DỰ THẢO');
    for (const figure of ['12.345.678 đồng', '700.000.000 đồng', '100.000.000 đồng', '50.000.000 đồng', '450.000.000 đồng', '250.000.000 đồng']) expect(html).toContain(figure);
    expect(html).toContain(`trong thời hạn ${days} ngày kể từ ngày thông báo, chậm nhất là ngày ${due}`);
    expect(html).toContain('Kính gửi');
    expect(html).toContain('Nguyễn Văn An');
    expect(html).toContain('=HYPERLINK(&quot;http://evil&quot;)'); // the hostile shop name, escaped

    const pdf = await as(officer).get(`/v1/cases/${ids.caseId}/letter?format=pdf`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect(bytes.toString('latin1')).toContain('DejaVuSans');
    // The auditors can read the letter that was sent; its reading is recorded like any personal data.
    await as(auditor).get(`/v1/cases/${ids.caseId}/letter`).expect(200);
    const [{ n }] = await env.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE purpose = 'notification_letter' AND subject_id = $1`, [ids.caseId]);
    expect(n).toBe(4);
  });

  it('refuses auditors on every write route of case work, and lets them read', async () => {
    const mine = declaredRoutes(env.api!).filter((r) => /^\/v1\/(cases|link-reviews|history)/.test(r.path));
    const writes = mine.filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'POST /v1/cases/:id/assignment', 'POST /v1/cases/:id/notes', 'POST /v1/cases/:id/reveal', 'POST /v1/cases/:id/transitions', 'POST /v1/link-reviews/:sellerId/decisions',
    ]);
    const before = await env.dataSource.query(`SELECT status, version FROM cases WHERE id = $1`, [ids.caseId]);
    for (const route of writes) {
      const path = route.path.replace(':id', ids.caseId).replace(':sellerId', ids.sellerA);
      const response = await as(auditor).post(path, { to: 'resolved', version: 1, reason: 'x', text: 'x', userId: null, decision: 'confirm' });
      expect({ route: route.path, status: response.status, code: response.body.code }).toEqual({ route: route.path, status: 403, code: 'FORBIDDEN' });
    }
    expect(await env.dataSource.query(`SELECT status, version FROM cases WHERE id = $1`, [ids.caseId])).toEqual(before);
    for (const path of [`/v1/cases`, `/v1/cases/${ids.caseId}`, `/v1/cases/${ids.caseId}/events`, `/v1/link-reviews`, `/v1/history/sellers/${ids.sellerA}`]) {
      expect({ path, status: (await as(auditor).get(path)).status }).toEqual({ path, status: 200 });
    }
    const events = (await as(auditor).get(`/v1/cases/${ids.caseId}/events`)).body.events;
    expect(events.map((e: any) => `${e.event}:${e.fromStatus ?? ''}>${e.toStatus ?? ''}`)).toEqual([
      'proposed:>open', 'identity_revealed:>', 'transition:open>in_review', 'transition:in_review>confirmed', 'transition:confirmed>notified',
    ]);
    expect(events[2]).toMatchObject({ actorKind: 'user', actorName: 'officer-e2e' });
  });

  it('answers an as-of query with the earlier link after an officer changed it through link review', async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const decided = await as(officer).post(`/v1/link-reviews/${ids.sellerA}/decisions`, { decision: 'confirm', taxpayerId: ids.otherTaxpayer, reason: 'registry shows the shop belongs to her' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ decision: 'confirm', taxpayerId: ids.otherTaxpayer, decisionId: expect.any(String), runId: expect.any(String) });

    const then = (await as(auditor).get(`/v1/history/sellers/${ids.sellerA}?asOf=${encodeURIComponent(before)}`).expect(200)).body;
    expect(then.link).toMatchObject({ taxpayerId: ids.taxpayer, band: 'auto', decidedBy: 'system' });
    expect(then.entity).toMatchObject({ entityId: ids.entity });
    const now = (await as(auditor).get(`/v1/history/sellers/${ids.sellerA}`).expect(200)).body;
    expect(now.link).toMatchObject({ taxpayerId: ids.otherTaxpayer, band: 'confirmed', decidedBy: 'officer' });
    expect(now.history.map((h: any) => h.band)).toEqual(['auto', 'confirmed']);

    const taxpayerThen = (await as(auditor).get(`/v1/history/taxpayers/${ids.taxpayer}?asOf=${encodeURIComponent(before)}`).expect(200)).body;
    expect(taxpayerThen.links.map((l: any) => l.sellerId).sort()).toEqual([ids.sellerA, ids.sellerB].sort());
    const taxpayerNow = (await as(auditor).get(`/v1/history/taxpayers/${ids.taxpayer}`).expect(200)).body;
    expect(taxpayerNow.links.map((l: any) => l.sellerId)).toEqual([ids.sellerB]);
    const entityThen = (await as(auditor).get(`/v1/history/entities/${ids.entity}?asOf=${encodeURIComponent(before)}`).expect(200)).body;
    expect(entityThen.link).toMatchObject({ taxpayerId: ids.taxpayer, band: 'auto' });
    const entityNow = (await as(auditor).get(`/v1/history/entities/${ids.entity}`).expect(200)).body;
    expect(entityNow.link).toMatchObject({ taxpayerId: ids.otherTaxpayer, band: 'confirmed' });

    // The decision went to identity resolution (its own log and a match run) and into the case history.
    const [decision] = await env.dataSource.query(`SELECT decision, taxpayer_id::text, officer_name FROM link_decisions WHERE seller_id = $1`, [ids.sellerA]);
    expect(decision).toEqual({ decision: 'confirm', taxpayer_id: ids.otherTaxpayer, officer_name: 'officer-e2e' });
    const [run] = await env.dataSource.query(`SELECT trigger FROM match_runs WHERE id = $1`, [decided.body.runId]);
    expect(run.trigger).toBe('decision');
    const [event] = await env.dataSource.query(`SELECT detail FROM case_events WHERE case_id = $1 AND event = 'link_review'`, [ids.caseId]);
    expect(event.detail).toMatchObject({ decision: 'confirm', sellerId: ids.sellerA, taxpayerId: ids.otherTaxpayer });
  });

  it('lists links in review with their candidate, and keeps an officer’s “unsure” without changing the link', async () => {
    await env.dataSource.query(`UPDATE seller_links SET band = 'review', score = 0.7 WHERE seller_id = $1`, [ids.sellerB]);
    const queue = (await as(officer).get('/v1/link-reviews').expect(200)).body;
    expect(queue.items.map((i: any) => [i.sellerId, i.taxpayerId, i.taxpayerTaxCode, i.score])).toEqual([[ids.sellerB, ids.taxpayer, '0100109106', '0.700000']]);
    const unsure = await as(officer).post(`/v1/link-reviews/${ids.sellerB}/decisions`, { decision: 'unsure', reason: 'two people share the phone' }).expect(200);
    expect(unsure.body).toEqual({ sellerId: ids.sellerB, taxpayerId: ids.taxpayer, decision: 'unsure' });
    const [link] = await env.dataSource.query(`SELECT band FROM seller_links WHERE seller_id = $1`, [ids.sellerB]);
    expect(link.band).toBe('review');
    expect((await as(officer).get('/v1/link-reviews').expect(200)).body.items[0].unsureMarks).toBe(1);
  });

  it('leaves no national ID or phone number in clear in any column, whatever was read, revealed or exported', async () => {
    await as(officer).get('/v1/cases/export').expect(200);
    const findings = await scanForPlaintextPii((sql, params) => env.dataSource.query(sql, params), {
      knownValues: [PERSON.nationalId, PERSON.sellerNationalId, ...phoneForms(PERSON.phone), ...phoneForms(PERSON.sellerPhone)],
    });
    expect(findings).toEqual([]);
  });
});

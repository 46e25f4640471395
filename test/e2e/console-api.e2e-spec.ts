import request from 'supertest';
import { TestEnv } from '../support/test-env';
import { buildConsoleWorld, ConsoleWorld } from './console-world';

/**
 * The console's server side through HTTP: the cookie session and its CSRF rule, the static files and their
 * headers, seller search (every kind of query, masked answers, audited) and the side-by-side link pair.
 */
describe('console API', () => {
  let env: TestEnv;
  let world: ConsoleWorld;

  beforeAll(async () => {
    env = await TestEnv.create({ worker: true });
    world = await buildConsoleWorld(env);
  }, 90_000);
  afterAll(() => env.close());

  const cookieOf = (response: request.Response) => String(response.headers['set-cookie']).split(';')[0];
  const login = async (credential: string) => {
    const response = await request(env.http).post('/v1/session').set('X-Console', '1').send({ credential }).expect(200);
    return { response, cookie: cookieOf(response) };
  };
  const anyCase = async () => (await request(env.http).get('/v1/cases?limit=1').set('Authorization', `Bearer ${world.officer}`)).body.items[0];

  it('signs in into an HttpOnly SameSite=Strict cookie, says who is signed in, and signs out', async () => {
    const { response, cookie } = await login(` ${world.officer} `);
    expect(response.body).toEqual({ role: 'officer', name: 'Cán bộ Lan', platformCode: null });
    expect(response.headers['set-cookie'][0]).toMatch(/^ect_session=ect_[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
    expect((await request(env.http).get('/v1/session').set('Cookie', cookie).expect(200)).body.role).toBe('officer');
    const platform = await login(world.platform);
    expect(platform.response.body).toEqual({ role: 'platform', name: 'Chợ Mới', platformCode: 'cho-moi' });

    const out = await request(env.http).delete('/v1/session').set('X-Console', '1').set('Cookie', cookie).expect(204);
    expect(out.headers['set-cookie'][0]).toMatch(/^ect_session=; Path=\/; Expires=Thu, 01 Jan 1970/);
    expect((await request(env.http).get('/v1/session')).status).toBe(401);
  });

  it('refuses a wrong credential, and a login or logout without the console header', async () => {
    const wrong = await request(env.http).post('/v1/session').set('X-Console', '1').send({ credential: 'ect_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' });
    expect([wrong.status, wrong.body.code, wrong.headers['set-cookie']]).toEqual([401, 'CREDENTIAL_INVALID', undefined]);
    const forged = await request(env.http).post('/v1/session').send({ credential: world.officer });
    expect([forged.status, forged.body.code, forged.headers['set-cookie']]).toEqual([403, 'CSRF_HEADER_REQUIRED', undefined]);
    expect((await request(env.http).delete('/v1/session')).body.code).toBe('CSRF_HEADER_REQUIRED');
    expect((await request(env.http).post('/v1/session').set('X-Console', '1').send({ credential: 'two words' })).status).toBe(400);
  });

  it('needs X-Console on writes authenticated by the cookie alone, not on reads nor with a Bearer header', async () => {
    const { cookie } = await login(world.officer);
    const target = await anyCase();
    const before = (await env.dataSource.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1`, [target.id]))[0].n;
    const forged = await request(env.http).post(`/v1/cases/${target.id}/notes`).set('Cookie', cookie).send({ text: 'cross-site' });
    expect([forged.status, forged.body.code]).toEqual([403, 'CSRF_HEADER_REQUIRED']);
    expect((await env.dataSource.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1`, [target.id]))[0].n).toBe(before);

    await request(env.http).post(`/v1/cases/${target.id}/notes`).set('Cookie', cookie).set('X-Console', '1').send({ text: 'from the console' }).expect(201);
    await request(env.http).post(`/v1/cases/${target.id}/notes`).set('Authorization', `Bearer ${world.officer}`).send({ text: 'from a script' }).expect(201);
    await request(env.http).get(`/v1/cases/${target.id}`).set('Cookie', cookie).expect(200);
    // A plain link (the letter PDF, a CSV download) carries the cookie and nothing else: reads need no header.
    await request(env.http).get(`/v1/cases/export`).set('Cookie', cookie).expect(200);
  });

  it('serves the console pages with a strict content policy, and nothing outside its files', async () => {
    expect((await request(env.http).get('/').expect(302)).headers.location).toBe('/console/');
    expect((await request(env.http).get('/console').expect(302)).headers.location).toBe('/console/');
    for (const path of ['/console/', '/console/cases/0f0e', '/console/login']) {
      const page = await request(env.http).get(path).expect(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.text).toContain('<script type="module" src="/console/js/main.js"></script>');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(page.headers['x-content-type-options']).toBe('nosniff');
    }
    const script = await request(env.http).get('/console/js/main.js').expect(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.text).toMatch(/^\/\/ Boot/);
    expect(script.text).toContain("import { api, onUnauthorized } from './api.js';");
    const chart = await request(env.http).get('/console/vendor/chart.umd.js').expect(200);
    expect(chart.text).toContain('Chart.js v4');
    for (const path of ['/console/js/nope.js', '/console/..%2Fpackage.json', '/console/%2e%2e/%2e%2e/package.json', '/console/vendor/chart.js', '/console/.env']) {
      expect({ path, status: (await request(env.http).get(path)).status }).toEqual({ path, status: 404 });
    }
  });

  it('finds sellers by tax code, national ID, phone, reference and name, masked, and records who searched', async () => {
    const search = async (q: string, extra = '') =>
      (await request(env.http).get(`/v1/console/seller-search?q=${encodeURIComponent(q)}${extra}`).set('Authorization', `Bearer ${world.officer}`).expect(200)).body;
    const refs = (result: any) => result.items.map((i: any) => `${i.platform}:${i.sellerRef}`).sort();

    // An identifier finds the sellers that reported it and the sellers linked to the taxpayer it names.
    const byCode = await search(world.taxCodes.hoa);
    expect([byCode.matchedAs, refs(byCode)]).toEqual(['identifier', expect.arrayContaining(['cho-moi:CM-001'])]);
    expect(byCode.items.every((i: any) => i.taxCode === world.taxCodes.hoa || i.taxpayerName === 'Nguyễn Thị Hoa')).toBe(true);
    expect(refs(await search('001 190 012 345'))).toEqual(refs(byCode));
    expect([(await search('0912.345.678')).matchedAs, refs(await search('0912.345.678'))]).toEqual(['phone', ['cho-moi:CM-001', 'pho-mua:PM-77']]);
    expect([(await search('CM-003')).matchedAs, refs(await search('CM-003'))]).toEqual(['reference', ['cho-moi:CM-003']]);
    expect([(await search('HOA NGUYEN THI')).matchedAs, refs(await search('HOA NGUYEN THI'))]).toEqual(['name', ['cho-moi:CM-001', 'pho-mua:PM-77']]);
    expect(refs(await search('Sao Mai Official'))).toEqual(['cho-moi:CM-003']);
    expect(refs(await search('nguyen thi hoa', '&platform=pho-mua'))).toEqual(['pho-mua:PM-77']);
    expect(await search('Không Ai Có Tên Này')).toEqual({ matchedAs: null, items: [] });

    const hit = byCode.items.find((i: any) => i.sellerRef === 'CM-001');
    expect(hit).toMatchObject({ nationalIdMasked: '001*******45', phoneMasked: '+84*******78', band: 'auto', taxpayerName: 'Nguyễn Thị Hoa' });
    expect(hit.cases).toEqual([expect.objectContaining({ taxYear: 2025, status: expect.any(String) })]);
    expect(JSON.stringify(await search('0912345678'))).not.toMatch(/001190012345|912345678/);

    const [{ n }] = await env.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE purpose = 'seller_search' AND subject_type = 'platform_seller' AND actor_name = 'Cán bộ Lan'`);
    expect(n).toBeGreaterThanOrEqual(10);
    const tooShort = await request(env.http).get('/v1/console/seller-search?q=%20a%20').set('Authorization', `Bearer ${world.officer}`);
    expect([tooShort.status, tooShort.body.code]).toEqual([400, 'SEARCH_QUERY_TOO_SHORT']);
    expect((await request(env.http).get('/v1/console/seller-search?q=hoa').set('Authorization', `Bearer ${world.platform}`)).status).toBe(403);
  });

  it('puts a link under review beside its registry record, masked, and lists the filter vocabularies', async () => {
    const reviews = (await request(env.http).get('/v1/link-reviews').set('Authorization', `Bearer ${world.auditor}`).expect(200)).body.items;
    expect(reviews.map((r: any) => r.sellerRef)).toEqual(['PM-88']);
    const pair = (await request(env.http).get(`/v1/console/link-pairs/${reviews[0].sellerId}`).set('Authorization', `Bearer ${world.auditor}`).expect(200)).body;
    expect(pair.seller).toMatchObject({ platform: 'pho-mua', sellerRef: 'PM-88', name: 'Tran Van Binh', shopName: 'Bình Store' });
    expect(pair.taxpayer).toMatchObject({ name: 'Trần Văn Bình', phoneMasked: '+84*******21', dateOfBirth: '1985-09-30', province: '48' });
    expect(pair.link).toMatchObject({ band: 'review', taxpayerId: pair.taxpayer.id });
    expect(JSON.stringify(pair)).not.toContain('0987654321');
    const reads = await env.dataSource.query(`SELECT subject_type FROM audit_log WHERE purpose = 'link_review' AND actor_role = 'auditor' ORDER BY id`);
    expect(reads.map((r: any) => r.subject_type)).toEqual(expect.arrayContaining(['platform_seller', 'taxpayer']));
    expect((await request(env.http).get('/v1/console/link-pairs/999999').set('Authorization', `Bearer ${world.auditor}`)).body.code).toBe('SELLER_NOT_FOUND');

    const facets = (await request(env.http).get('/v1/console/facets').set('Authorization', `Bearer ${world.officer}`).expect(200)).body;
    expect(facets.platforms).toEqual([{ code: 'cho-moi', name: 'Chợ Mới' }, { code: 'pho-mua', name: 'Phố Mua' }]);
    expect(facets.provinces).toHaveLength(34);
    expect(facets.statuses).toContain('in_review');
  });
});

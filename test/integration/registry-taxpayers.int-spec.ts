import { blindIndex, piiSql } from '../../src/pii/pii-crypto';
import { DeclarationsKind } from '../../src/registry/declarations.kind';
import { TaxpayersKind } from '../../src/registry/taxpayers.kind';
import { AuthorityMergeHarness, nthTaxCode } from './registry-support';

/** The registry kind's merge on real PostgreSQL: validation codes, one taxpayer per person, versions, merges. */
describe('taxpayer registry merge', () => {
  let h: AuthorityMergeHarness;
  const taxpayers = new TaxpayersKind();
  const declarations = new DeclarationsKind();
  const row = (fields: Record<string, string>) => ({ status: 'active', ...fields });
  const bidx = (value: string) => blindIndex(value, h.indexKey);
  const identifier = async (value: string) =>
    (await h.query('SELECT taxpayer_id::int, kind, tax_code FROM taxpayer_identifiers WHERE bidx = $1', [bidx(value)]))[0];
  const currentVersion = async (taxpayerId: number) =>
    (
      await h.query(
        `SELECT v.*, ${piiSql.decrypt('v.national_id_enc', '$2')} AS national_id, ${piiSql.decrypt('v.phone_enc', '$2')} AS phone,
                v.date_of_birth::text AS dob
         FROM taxpayer_versions v WHERE v.taxpayer_id = $1 AND v.valid_to IS NULL`,
        [taxpayerId, h.encryptionKey],
      )
    )[0];

  beforeAll(async () => {
    h = await AuthorityMergeHarness.create();
  });
  afterAll(() => h.close());

  it('lands good rows, rejects bad ones with codes, flags secondary fields and keeps personal IDs encrypted', async () => {
    const { batch, result } = await h.ingest(taxpayers, [
      row({ tax_code: '0100109106', name: 'Công ty TNHH An Phát', province: 'Hà Nội', phone: '0912 345 678', business_category: 'Hàng hóa', registered_on: '2020-01-15' }),
      row({ tax_code: '0100109107', name: 'Bad check digit' }),
      row({ national_id: '001090012345', name: 'Nguyễn Văn An', status: 'waiting_id_update', date_of_birth: '15/03/1990', phone: 'call me' }),
      row({ tax_code: '0309478306', name: '' }),
      row({ tax_code: '0106324653', name: 'Dormant', status: 'dormant' }),
      row({ name: 'Nobody' }),
      row({ tax_code: '079203001234', national_id: '001090012346', name: 'Two people' }),
      row({ tax_code: '0101243150', previous_tax_codes: '0313028740; 12345', name: 'Hộ kinh doanh Bình', province: 'Atlantis', email: 'x@' }),
    ]);
    expect(result).toEqual({ accepted: 3, rejected: 5, warned: 2 });
    expect(await h.errors(batch.id)).toEqual([
      '2:tax_code:TAX_CODE_CHECK_DIGIT:error',
      '3:phone:PHONE_FORMAT:warning',
      '4:name:VALUE_REQUIRED:error',
      '5:status:STATUS_UNKNOWN:error',
      '6:tax_code:IDENTIFIER_MISSING:error',
      '7:national_id:IDENTIFIER_MISMATCH:error',
      '8:email:EMAIL_FORMAT:warning',
      '8:previous_tax_codes:TAX_CODE_FORMAT:warning',
      '8:province:PROVINCE_UNKNOWN:warning',
    ]);
    const messages = await h.query('SELECT message FROM batch_errors WHERE batch_id = $1', [batch.id]);
    expect(JSON.stringify(messages)).not.toMatch(/001090012346|079203001234/);

    const company = await identifier('0100109106');
    expect(company).toMatchObject({ kind: 'tax_code', tax_code: '0100109106' });
    expect(await currentVersion(company.taxpayer_id)).toMatchObject({
      version: 1, tax_code: '0100109106', name: 'Công ty TNHH An Phát', province_old_code: '01', province_new_code: '01',
      phone: '+84912345678', phone_masked: '+84*******78', business_category: 'goods', status: 'active', national_id: null,
    });
    const person = await identifier('001090012345');
    expect(person).toMatchObject({ kind: 'personal_id', tax_code: null });
    const personVersion = await currentVersion(person.taxpayer_id);
    expect(personVersion).toMatchObject({ tax_code: null, national_id: '001090012345', national_id_masked: '001*******45',
      national_id_kind: 'cccd', dob: '1990-03-15', phone: null, status: 'waiting_id_update' });
    expect(personVersion.national_id_bidx).toEqual(bidx('001090012345'));
    const household = await identifier('0101243150');
    expect(await identifier('0313028740')).toEqual({ taxpayer_id: household.taxpayer_id, kind: 'previous_tax_code', tax_code: '0313028740' });
    expect(await currentVersion(household.taxpayer_id)).toMatchObject({ province_raw: 'Atlantis', province_new_code: null, email: null });
    expect(await h.query(`SELECT count(*)::int AS n FROM taxpayers`)).toEqual([{ n: 3 }]);
    const changes = await h.query('SELECT kinds FROM taxpayer_changes WHERE batch_id = $1', [batch.id]);
    expect(changes.map((c) => c.kinds)).toEqual([['created'], ['created'], ['created']]);
  });

  it('puts a declaration under an old tax code and a registration under the personal ID on one taxpayer', async () => {
    const oldCode = nthTaxCode(1);
    const personalId = '079185004321';
    const first = await h.ingest(taxpayers, [row({ tax_code: oldCode, name: 'Trần Thị Bình', status: 'waiting_id_update', address: '1 Lê Lợi' })]);
    expect(first.result.accepted).toBe(1);
    const taxpayerId = (await identifier(oldCode)).taxpayer_id;

    // Declarations arrive under both codes; the personal ID is not in the registry yet.
    const filed = await h.ingest(declarations, [
      { tax_code: oldCode, period: '2025-Q4', declared_revenue: '420000000', tax_paid: '6300000', filed_on: '2026-01-20' },
      { tax_code: personalId, period: '2026-Q1', declared_revenue: '510000000', tax_paid: '7650000', filed_on: '30/04/2026' },
    ]);
    expect(filed.result).toEqual({ accepted: 2, rejected: 0, warned: 0 });
    const before = await h.query('SELECT period, taxpayer_id::int, tax_code, tax_code_masked FROM declarations WHERE batch_id = $1 ORDER BY period', [filed.batch.id]);
    expect(before).toEqual([
      { period: '2025-Q4', taxpayer_id: taxpayerId, tax_code: oldCode, tax_code_masked: expect.stringMatching(/^\d{3}\*+\d{2}$/) },
      { period: '2026-Q1', taxpayer_id: null, tax_code: null, tax_code_masked: '079*******21' },
    ]);

    const asOfBefore = (await h.query('SELECT now() AS t'))[0].t;
    const second = await h.ingest(taxpayers, [
      row({ tax_code: personalId, previous_tax_codes: oldCode, name: 'Trần Thị Bình', address: '1 Lê Lợi' }),
    ]);
    expect(second.result).toEqual({ accepted: 1, rejected: 0, warned: 0 });
    expect(await identifier(personalId)).toEqual({ taxpayer_id: taxpayerId, kind: 'personal_id', tax_code: null });
    expect(await identifier(oldCode)).toEqual({ taxpayer_id: taxpayerId, kind: 'previous_tax_code', tax_code: oldCode });
    const after = await h.query('SELECT DISTINCT taxpayer_id::int FROM declarations WHERE batch_id = $1', [filed.batch.id]);
    expect(after).toEqual([{ taxpayer_id: taxpayerId }]);
    expect(await h.query(`SELECT count(*)::int AS n FROM taxpayer_identifiers WHERE taxpayer_id = $1`, [taxpayerId])).toEqual([{ n: 2 }]);

    // The change is a new version; the old one is still readable "as of" before the change.
    const versions = await h.query(
      `SELECT version, status, tax_code, valid_to IS NULL AS current FROM taxpayer_versions WHERE taxpayer_id = $1 ORDER BY version`,
      [taxpayerId],
    );
    expect(versions).toEqual([
      { version: 1, status: 'waiting_id_update', tax_code: oldCode, current: false },
      { version: 2, status: 'active', tax_code: null, current: true },
    ]);
    const asOf = await h.query(
      `SELECT version FROM taxpayer_versions WHERE taxpayer_id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)`,
      [taxpayerId, asOfBefore],
    );
    expect(asOf).toEqual([{ version: 1 }]);
    expect((await currentVersion(taxpayerId)).national_id).toBe(personalId);
    const changed = await h.query('SELECT taxpayer_id::int, kinds FROM taxpayer_changes WHERE batch_id = $1', [second.batch.id]);
    expect(changed).toEqual([{ taxpayer_id: taxpayerId, kinds: ['attributes', 'identifiers'] }]);
    expect(await h.query('SELECT changed_batch_id, current_version FROM taxpayers WHERE id = $1', [taxpayerId])).toEqual([
      { changed_batch_id: second.batch.id, current_version: 2 },
    ]);
  });

  it('creates no version for an unchanged row, and a second merge of the same batch changes nothing', async () => {
    const code = nthTaxCode(2);
    const fields = row({ tax_code: code, name: 'Lê Văn Cường', province: 'TP. Hồ Chí Minh', phone: '0987654321', business_category: 'services' });
    await h.ingest(taxpayers, [fields]);
    const resent = await h.ingest(taxpayers, [{ ...fields, province: 'Hồ Chí Minh', business_category: 'Dịch vụ' }]);
    expect(resent.result).toEqual({ accepted: 1, rejected: 0, warned: 0 });
    const taxpayerId = (await identifier(code)).taxpayer_id;
    expect(await h.query('SELECT count(*)::int AS n FROM taxpayer_versions WHERE taxpayer_id = $1', [taxpayerId])).toEqual([{ n: 1 }]);
    expect(await h.query('SELECT count(*)::int AS n FROM taxpayer_changes WHERE batch_id = $1', [resent.batch.id])).toEqual([{ n: 0 }]);

    const tables = ['taxpayers', 'taxpayer_versions', 'taxpayer_identifiers', 'taxpayer_changes', 'batch_errors', 'declarations'];
    const changedBatch = await h.ingest(taxpayers, [{ ...fields, status: 'suspended' }, row({ tax_code: '123' , name: 'x' })]);
    const snapshot = await h.snapshot(tables);
    const again = await h.merge(taxpayers, changedBatch.batch);
    expect(again).toEqual(changedBatch.result);
    expect(await h.snapshot(tables)).toEqual(snapshot);
  });

  it('merges two taxpayer records when a registry row says they are one person', async () => {
    const oldCode = nthTaxCode(3);
    const personalId = '001186007654';
    await h.ingest(taxpayers, [
      row({ tax_code: oldCode, name: 'Phạm Minh Đức', status: 'waiting_id_update' }),
      row({ tax_code: personalId, name: 'Phạm Minh Đức' }),
    ]);
    const a = (await identifier(oldCode)).taxpayer_id;
    const b = (await identifier(personalId)).taxpayer_id;
    expect(a).not.toBe(b);
    const filed = await h.ingest(declarations, [{ tax_code: personalId, period: '2026-01', declared_revenue: '90000000' }]);

    const linking = await h.ingest(taxpayers, [row({ tax_code: personalId, previous_tax_codes: oldCode, name: 'Phạm Minh Đức' })]);
    expect(linking.result).toEqual({ accepted: 1, rejected: 0, warned: 1 });
    expect(await h.errors(linking.batch.id)).toEqual(['1::REGISTRY_RECORDS_MERGED:warning']);
    const [survivor, absorbed] = [Math.min(a, b), Math.max(a, b)];
    expect((await identifier(oldCode)).taxpayer_id).toBe(survivor);
    expect((await identifier(personalId)).taxpayer_id).toBe(survivor);
    expect(await h.query('SELECT merged_into::int FROM taxpayers WHERE id = $1', [absorbed])).toEqual([{ merged_into: survivor }]);
    expect(await h.query('SELECT count(*)::int AS n FROM taxpayer_versions WHERE taxpayer_id = $1 AND valid_to IS NULL', [absorbed])).toEqual([{ n: 0 }]);
    expect(await h.query('SELECT taxpayer_id::int FROM declarations WHERE batch_id = $1', [filed.batch.id])).toEqual([{ taxpayer_id: survivor }]);
    const kinds = await h.query('SELECT taxpayer_id::int, kinds FROM taxpayer_changes WHERE batch_id = $1 ORDER BY taxpayer_id', [linking.batch.id]);
    expect(kinds).toEqual([
      { taxpayer_id: survivor, kinds: expect.arrayContaining(['merged', 'identifiers']) },
      { taxpayer_id: absorbed, kinds: ['absorbed'] },
    ]);
  });

  it('rejects rows of one batch that claim the same identifier or the same taxpayer', async () => {
    const [m1, m2, m3] = [nthTaxCode(4), nthTaxCode(5), nthTaxCode(6)];
    const pid = '001187001111';
    await h.ingest(taxpayers, [row({ tax_code: m3, national_id: pid, name: 'Known' })]);
    const { batch, result } = await h.ingest(taxpayers, [
      row({ tax_code: m1, name: 'First' }),
      row({ tax_code: m2, previous_tax_codes: m1, name: 'Second' }),
      row({ tax_code: m3, name: 'Known again' }),
      row({ national_id: pid, name: 'Known by ID' }),
    ]);
    expect(result).toEqual({ accepted: 2, rejected: 2, warned: 0 });
    expect(await h.errors(batch.id)).toEqual([
      '2:previous_tax_codes:REGISTRY_IDENTIFIER_REPEATED:error',
      '4:national_id:REGISTRY_TAXPAYER_REPEATED:error',
    ]);
    expect(await identifier(m2)).toBeUndefined();
    const message = await h.query(`SELECT message FROM batch_errors WHERE batch_id = $1 AND row_number = 2`, [batch.id]);
    expect(message[0].message).toContain('first on row 1');
  });

  it('takes a CSV that carries only some columns', async () => {
    const code = nthTaxCode(7);
    const { result } = await h.ingest(taxpayers, [{ tax_code: code, name: 'Minimal', status: 'closed' }], ['name', 'status', 'tax_code']);
    expect(result).toEqual({ accepted: 1, rejected: 0, warned: 0 });
    expect(await currentVersion((await identifier(code)).taxpayer_id)).toMatchObject({ status: 'closed', phone: null, address: null });
  });
});

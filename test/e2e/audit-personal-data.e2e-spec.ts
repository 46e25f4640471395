import { Controller, Get, INestApplication, Module, Param, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import request from 'supertest';
import { AuditService } from '../../src/audit/audit.service';
import { AppModule } from '../../src/app.module';
import { CredentialService } from '../../src/auth/credential.service';
import { CurrentPrincipal } from '../../src/auth/current-principal.decorator';
import { Principal } from '../../src/auth/principal';
import { Roles } from '../../src/auth/roles.decorator';
import { correlationMiddleware } from '../../src/common/correlation.middleware';
import { AppConfig } from '../../src/config/app-config';
import { SqlService } from '../../src/database/sql.service';
import { piiSql } from '../../src/pii/pii-crypto';
import { PiiService } from '../../src/pii/pii.service';
import { phoneForms, scanForPlaintextPii } from '../support/plaintext-pii-scan';
import { deleteQueuePrefix } from '../support/redis-cleanup';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * How a module that shows personal data uses the audit log (the case and link-review screens will do exactly
 * this): record the reading first, then decrypt and answer. Served here by a stand-in controller, because the
 * officer screens are built later.
 */
@Controller('test-only/taxpayers')
class TaxpayerIdentityController {
  constructor(
    private readonly sql: SqlService,
    private readonly pii: PiiService,
    private readonly audit: AuditService,
  ) {}

  @Roles('officer')
  @Get(':id/identity')
  async identity(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<Record<string, string>> {
    await this.audit.recordPersonalDataAccess(principal, 'taxpayer', id, ['national_id', 'phone'], 'case_review');
    const [row] = await this.sql.query(
      `SELECT ${piiSql.decrypt('national_id_enc', '$2')} AS "nationalId", ${piiSql.decrypt('phone_enc', '$2')} AS phone
         FROM taxpayer_versions WHERE taxpayer_id = $1 AND valid_to IS NULL`,
      [id, this.pii.encryptionKey],
    );
    return row;
  }
}

@Module({ controllers: [TaxpayerIdentityController] })
class StandInModule {}

describe('reading personal data leaves an audit entry', () => {
  let db: TestDatabase;
  let config: AppConfig;
  let app: INestApplication;
  let superuser: Client;
  let officer: { token: string; credentialId: string };
  let auditor: string;
  let taxpayerId: string;
  const nationalId = '001085012345';
  const phone = '+84987654321';

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testConfig(db.url);
    @Module({ imports: [AppModule.forRoot(config), StandInModule] })
    class TestAppModule {}
    app = await NestFactory.create(TestAppModule, { bodyParser: false, logger: false });
    app.use(correlationMiddleware);
    app.useGlobalPipes(new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true }));
    await app.init();
    const credentials = app.get(CredentialService);
    officer = await credentials.createUser('officer-reads', 'officer');
    auditor = (await credentials.createUser('auditor-reads', 'auditor')).token;
    const authority = await credentials.createUser('authority-feed', 'authority');
    superuser = new Client({ connectionString: db.url });
    await superuser.connect();
    taxpayerId = await seedTaxpayer(authority.credentialId);
  });
  afterAll(async () => {
    await superuser.end();
    await app.close();
    await deleteQueuePrefix(config.redis.url, config.redis.queuePrefix);
    await db.drop();
  });

  async function seedTaxpayer(submittedBy: string): Promise<string> {
    const { piiEncryptionKey: key, piiIndexKey: indexKey } = config.secrets;
    const batch = (await superuser.query(
      `INSERT INTO batches (scope, submitted_by, kind, format, idempotency_key, content_sha256, byte_size)
       VALUES ('authority', $1, 'taxpayers', 'csv', 'reads-1', repeat('cd', 32), 10) RETURNING id`,
      [submittedBy],
    )).rows[0];
    const taxpayer = (await superuser.query(`INSERT INTO taxpayers (current_version) VALUES (1) RETURNING id::text AS id`)).rows[0];
    await superuser.query(
      `INSERT INTO taxpayer_versions (taxpayer_id, version, batch_id, row_number, national_id_enc, national_id_bidx, national_id_masked, name, phone_enc, phone_bidx, phone_masked, status)
       VALUES ($1, 1, $2, 1, ${piiSql.encrypt('$3::text', '$5')}, ${piiSql.blindIndex('$3::text', '$6')}, ${piiSql.mask('$3::text')},
               'Lê Thị Hoa', ${piiSql.encrypt('$4::text', '$5')}, ${piiSql.blindIndex('$4::text', '$6')}, ${piiSql.mask('$4::text')}, 'active')`,
      [taxpayer.id, batch.id, nationalId, phone, key, indexKey],
    );
    return taxpayer.id;
  }

  it('records who read which fields of whose data, and why, before answering', async () => {
    const response = await request(app.getHttpServer()).get(`/test-only/taxpayers/${taxpayerId}/identity`)
      .set('Authorization', `Bearer ${officer.token}`).set('X-Request-Id', 'reads-request-0001').expect(200);
    expect(response.body).toEqual({ nationalId, phone });
    const rows = (await superuser.query(`SELECT action, actor_role, actor_credential_id, subject_type, subject_id, fields, purpose, correlation_id FROM audit_log`)).rows;
    expect(rows).toEqual([{
      action: 'personal_data.read', actor_role: 'officer', actor_credential_id: officer.credentialId, subject_type: 'taxpayer',
      subject_id: taxpayerId, fields: ['national_id', 'phone'], purpose: 'case_review', correlation_id: 'reads-request-0001',
    }]);
  });

  it('lets an auditor find who looked at this taxpayer’s data', async () => {
    const response = await request(app.getHttpServer()).get(`/v1/audit/log?subjectType=taxpayer&subjectId=${taxpayerId}`)
      .set('Authorization', `Bearer ${auditor}`).expect(200);
    expect(response.body.entries).toHaveLength(1);
    expect(response.body.entries[0]).toMatchObject({ action: 'personal_data.read', actor: { name: 'officer-reads', role: 'officer' }, fields: ['national_id', 'phone'] });
  });

  it('shows nothing when the reading cannot be recorded', async () => {
    await superuser.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_outage CHECK (action <> 'personal_data.read') NOT VALID`);
    try {
      const response = await request(app.getHttpServer()).get(`/test-only/taxpayers/${taxpayerId}/identity`)
        .set('Authorization', `Bearer ${officer.token}`).expect(503);
      expect(response.body.code).toBe('AUDIT_UNAVAILABLE');
      expect(JSON.stringify(response.body)).not.toContain(nationalId);
      expect(response.body.message).toMatch(/personal data was not shown/);
    } finally {
      await superuser.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_outage`);
    }
  });

  it('keeps the identifiers out of every table in clear, the audit log included', async () => {
    const run = async (sql: string, params?: unknown[]) => (await superuser.query(sql, params)).rows;
    expect(await scanForPlaintextPii(run, { knownValues: [nationalId, ...phoneForms(phone)] })).toEqual([]);
  });
});

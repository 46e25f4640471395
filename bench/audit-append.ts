/**
 * What the hash chain costs: single appends (one client, then many at once), bulk appends (one row per
 * subject), the same inserts into an unchained copy of the table for comparison, and verification speed.
 *
 *   npm run bench:audit                 (AUDIT_BENCH_ROWS=200000 to verify a longer chain)
 *
 * Uses its own throw-away database on the local PostgreSQL (TEST_DATABASE_ADMIN_URL or postgres@127.0.0.1).
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { appendAudit, RowsQuery } from '../src/audit/audit-append';
import { AuditAppender } from '../src/audit/audit-appender';
import { AUDIT_ACTIONS, AuditEntryInput } from '../src/audit/audit-entry';
import { AuditVerifyService } from '../src/audit/audit-verify.service';
import { dataSourceOptions } from '../src/database/data-source-options';
import { SqlService } from '../src/database/sql.service';
import { machineLine } from './machine';
import { BenchFigure, emitBenchResult } from './result';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const VERIFY_ROWS = Number(process.env.AUDIT_BENCH_ROWS ?? 100_000);

const entry: AuditEntryInput = {
  action: AUDIT_ACTIONS.writeCompleted,
  actor: { credentialId: '11111111-1111-4111-8111-111111111111', role: 'officer', name: 'Nguyễn Văn An', userId: '22222222-2222-4222-8222-222222222222' },
  httpMethod: 'POST',
  route: '/v1/cases/:id/transitions',
  target: { id: '33333333-3333-4333-8333-333333333333' },
  status: 201,
  correlationId: 'bench-correlation-id',
};

async function main(): Promise<void> {
  console.log(machineLine());
  console.log(`cores: ${cpus().length}; PostgreSQL on the same machine; numbers taken while other work may share the cores`);
  const name = `ect_bench_audit_${randomBytes(3).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  await admin(`CREATE DATABASE "${name}"`);
  url.pathname = `/${name}`;
  const dataSource = await new DataSource(dataSourceOptions(url.toString(), 4, 'ecomtax-bench')).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query(`CREATE TABLE audit_plain (LIKE audit_log INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
    await dataSource.query(`CREATE SEQUENCE audit_plain_seq; ALTER TABLE audit_plain ALTER id SET DEFAULT nextval('audit_plain_seq'), ALTER occurred_at SET DEFAULT clock_timestamp(), ALTER prev_hash SET DEFAULT '\\x${'00'.repeat(32)}', ALTER row_hash SET DEFAULT '\\x${'00'.repeat(32)}'`);
    console.log('one row per call; "statement each" = one INSERT per call from N connections; "grouped" = AuditService\'s appender');
    const figures: BenchFigure[] = [];
    for (const clients of [1, 8, 32]) {
      const chained = await appendRun(url.toString(), clients, 4000, (run) => appendAudit(run, entry));
      const grouped = await appendRun(url.toString(), clients, 4000, (run) => appenderFor(run).append([entry]));
      const plain = await appendRun(url.toString(), clients, 4000, (run) => plainInsert(run));
      console.log(`${String(clients).padStart(2)} concurrent: chained, statement each ${describe(chained)} | chained, grouped ${describe(grouped)} | unchained table ${describe(plain)}`);
      figures.push({
        name: `hash-chained appends, ${clients} concurrent callers`, value: grouped.perSecond, unit: 'rows/s',
        floor: { name: 'same insert, unchained table', value: plain.perSecond, unit: 'rows/s' }, ratio: grouped.perSecond / plain.perSecond,
      });
    }
    const subjects = Array.from({ length: 1000 }, (_, i) => String(i));
    const bulk = await appendRun(url.toString(), 1, 20, (run) => appendAudit(run, { ...entry, action: AUDIT_ACTIONS.personalDataRead, subjectType: 'taxpayer', fields: ['phone'], purpose: 'export' }, subjects));
    console.log(`bulk appends, 1000 subjects per statement: ${Math.round((20 * 1000) / bulk.seconds)} rows/s, ${bulk.p50.toFixed(1)} ms per statement (p50)`);
    await fill(dataSource);
    const verified = await new AuditVerifyService(new SqlService(dataSource)).verify();
    console.log(`verify: ${verified.checkedRows} rows in ${verified.durationMs} ms = ${Math.round(verified.checkedRows / (verified.durationMs / 1000))} rows/s, ok=${verified.ok}`);
    figures.push({ name: 'chain verification', value: verified.checkedRows / (verified.durationMs / 1000), unit: 'rows/s' });
    emitBenchResult('audit', `${verified.checkedRows.toLocaleString('en')} rows verified`, figures);
  } finally {
    await dataSource.destroy();
    await admin(`DROP DATABASE "${name}" WITH (FORCE)`);
  }
}

interface RunResult { seconds: number; p50: number; p99: number; perSecond: number }

async function appendRun(url: string, clients: number, total: number, work: (run: RowsQuery) => Promise<unknown>): Promise<RunResult> {
  const pool = new Pool({ connectionString: url, max: clients });
  const run: RowsQuery = async (sql, params) => (await pool.query(sql, params)).rows;
  await Promise.all(Array.from({ length: clients }, () => work(run))); // warm the connections
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next++ < total) {
      const t = process.hrtime.bigint();
      await work(run);
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pool.end();
  latencies.sort((a, b) => a - b);
  return { seconds, p50: latencies[Math.floor(latencies.length * 0.5)], p99: latencies[Math.floor(latencies.length * 0.99)], perSecond: latencies.length / seconds };
}

const appenders = new WeakMap<RowsQuery, AuditAppender>();
function appenderFor(run: RowsQuery): AuditAppender {
  if (!appenders.has(run)) appenders.set(run, new AuditAppender(run));
  return appenders.get(run)!;
}

function plainInsert(run: RowsQuery): Promise<unknown> {
  return run(
    `INSERT INTO audit_plain (action, actor_credential_id, actor_role, actor_name, actor_user_id, http_method, route, target, status, correlation_id)
     VALUES ($1, $2::uuid, $3, $4, $5::uuid, $6, $7, $8::jsonb, $9, $10)`,
    [entry.action, entry.actor!.credentialId, entry.actor!.role, entry.actor!.name, entry.actor!.userId, entry.httpMethod, entry.route, JSON.stringify(entry.target), entry.status, entry.correlationId],
  );
}

/** Tops the chain up to VERIFY_ROWS with bulk appends (one statement per 1,000 rows). */
async function fill(dataSource: DataSource): Promise<void> {
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM audit_log`);
  const run: RowsQuery = (sql, params) => dataSource.query(sql, params);
  for (let have = n; have < VERIFY_ROWS; have += 1000) {
    await appendAudit(run, { ...entry, subjectType: 'taxpayer', fields: ['phone'], purpose: 'fill' }, Array.from({ length: 1000 }, (_, i) => String(have + i)));
  }
}

function describe(result: RunResult): string {
  return `${Math.round(result.perSecond)}/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms`;
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

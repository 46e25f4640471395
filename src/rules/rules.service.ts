import { Injectable, Logger } from '@nestjs/common';
import { DomainError, NotFoundError } from '../common/domain-error';
import { SqlService } from '../database/sql.service';
import { JobQueueService } from '../jobs/job-queue.service';
import { RuleBook } from './rule-book';
import { planNextVersion, RuleChange, RuleChangeError } from './rule-change';
import { RulesRepository } from './rules.repository';

/** Serialises rule changes: two admins posting at once get versions n+1 and n+2, never the same number. */
const RULES_LOCK = 0x72756c65; // 'rule'

@Injectable()
export class RulesService {
  private readonly logger = new Logger(RulesService.name);
  private readonly books = new Map<number, RuleBook>();

  constructor(
    private readonly sql: SqlService,
    private readonly repository: RulesRepository,
    private readonly jobs: JobQueueService,
  ) {}

  /** The latest rule version: what every new computation uses (values are looked up by the period's own dates). */
  async current(): Promise<RuleBook> {
    return this.version(await this.repository.latestVersion());
  }

  /** A version's rules; versions never change, so each is read once per process. */
  async version(version: number): Promise<RuleBook> {
    const cached = this.books.get(version);
    if (cached) return cached;
    const book = await this.repository.book(version);
    if (!book) throw new NotFoundError('RULE_VERSION_NOT_FOUND', `no rule version ${version}`);
    this.books.set(version, book);
    return book;
  }

  versions() {
    return this.repository.versions();
  }

  /**
   * Appends a version with the changes applied (history kept, nothing updated in place), then asks reconciliation
   * to re-judge every entity under it. Figures of periods the change does not touch come out the same.
   */
  async createVersion(changes: RuleChange[], reason: string, createdBy: string): Promise<RuleBook> {
    const version = await this.sql.withRawTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [RULES_LOCK]);
      const latest = await this.repository.latestVersion(client);
      const current = await this.repository.book(latest, client);
      let plan;
      try {
        plan = planNextVersion(current?.values ?? [], changes);
      } catch (error) {
        if (error instanceof RuleChangeError) throw new DomainError('RULE_CHANGE_INVALID', error.message, 422);
        throw error;
      }
      await this.repository.append(client, latest + 1, { createdBy, reason, basedOn: latest }, plan.keptIds, plan.added);
      return latest + 1;
    });
    this.logger.log({ version, changes: changes.length }, 'rule version created');
    await this.jobs.enqueue('reconciliation.reconcile-entities', { runId: `rules-v${version}`, scope: 'all' }, `rules-v${version}`);
    return this.version(version);
  }
}

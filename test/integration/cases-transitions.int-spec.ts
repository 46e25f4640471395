import request from 'supertest';
import { addDays, todayInVietnam } from '../../src/identifiers/vietnam-date';
import { CASE_STATUSES } from '../../src/reconciliation/signal-codes';
import { CASE_TRANSITIONS, transitionNeedsReason } from '../../src/cases/case-transitions';
import { TestEnv } from '../support/test-env';
import { CaseWorld } from './cases-fixtures';

/** Every (from, to) pair of case statuses through the HTTP route, and the guards around a transition. */
describe('case transitions', () => {
  let env: TestEnv;
  let world: CaseWorld;
  let officer: string;
  let otherOfficer: string;
  let officerId: string;

  beforeAll(async () => {
    env = await TestEnv.create({ env: { CASE_RESPONSE_DAYS: '28' } });
    world = new CaseWorld(env.dataSource, env.config);
    officer = await env.userToken('officer-transitions', 'officer');
    otherOfficer = await env.userToken('officer-other', 'officer');
    [{ id: officerId }] = await env.dataSource.query(`SELECT id FROM users WHERE name = 'officer-transitions'`);
  });
  afterAll(() => env.close());

  const move = (caseId: string, body: Record<string, unknown>, token = officer) =>
    request(env.http).post(`/v1/cases/${caseId}/transitions`).set('Authorization', `Bearer ${token}`).send(body);

  it('allows exactly the documented moves and refuses every other with CASE_TRANSITION_ILLEGAL', async () => {
    const outcomes: string[] = [];
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        const caseId = await world.bareCase({ status: from });
        const response = await move(caseId, { to, version: 1, reason: 'checked against the declarations' });
        const legal = CASE_TRANSITIONS[from].includes(to);
        outcomes.push(`${from}>${to}:${response.status}:${response.body.code ?? response.body.status}`);
        if (legal) {
          expect({ from, to, status: response.status }).toEqual({ from, to, status: 200 });
          expect(response.body).toMatchObject({ id: caseId, status: to, version: 2 });
          const [stored] = await env.dataSource.query(`SELECT status, version FROM cases WHERE id = $1`, [caseId]);
          expect(stored).toEqual({ status: to, version: 2 });
        } else {
          expect({ from, to, status: response.status, code: response.body.code }).toEqual({ from, to, status: 409, code: 'CASE_TRANSITION_ILLEGAL' });
          expect(response.body.details).toEqual({ from, to, allowed: [...CASE_TRANSITIONS[from]] });
          const [stored] = await env.dataSource.query(`SELECT status, version FROM cases WHERE id = $1`, [caseId]);
          expect(stored).toEqual({ status: from, version: 1 });
        }
      }
    }
    expect(outcomes).toHaveLength(49);
    expect(outcomes.filter((o) => o.includes(':200:'))).toHaveLength(Object.values(CASE_TRANSITIONS).flat().length);
  });

  it('appends a case event with the actor, from, to and reason for every change', async () => {
    const caseId = await world.bareCase({ status: 'in_review' });
    await move(caseId, { to: 'dismissed', version: 1, reason: 'revenue is a reseller refund loop' }).expect(200);
    const events = await env.dataSource.query(`SELECT actor_kind, actor, event, from_status, to_status, detail FROM case_events WHERE case_id = $1 ORDER BY id`, [caseId]);
    expect(events[1]).toMatchObject({
      actor_kind: 'user', actor: officerId, event: 'transition', from_status: 'in_review', to_status: 'dismissed',
      detail: { actorName: 'officer-transitions', reason: 'revenue is a reseller refund loop', version: 2 },
    });
  });

  it('needs a reason to dismiss (and for every move documented as needing one)', async () => {
    for (const [from, targets] of Object.entries(CASE_TRANSITIONS)) {
      for (const to of targets.filter((t) => transitionNeedsReason(from as never, t))) {
        const caseId = await world.bareCase({ status: from });
        const response = await move(caseId, { to, version: 1, reason: '   ' });
        expect({ from, to, status: response.status, code: response.body.code }).toEqual({ from, to, status: 400, code: 'CASE_REASON_REQUIRED' });
      }
    }
    expect(transitionNeedsReason('in_review', 'dismissed')).toBe(true);
  });

  it('refuses a stale version with CASE_VERSION_STALE and changes nothing', async () => {
    const caseId = await world.bareCase({ status: 'open' });
    await move(caseId, { to: 'in_review', version: 1 }).expect(200);
    const stale = await move(caseId, { to: 'confirmed', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'CASE_VERSION_STALE', details: { given: 1, current: 2 } });
    const [stored] = await env.dataSource.query(`SELECT status, version FROM cases WHERE id = $1`, [caseId]);
    expect(stored).toEqual({ status: 'in_review', version: 2 });
  });

  it('lets only one of two concurrent officers win on the same version', async () => {
    const caseId = await world.bareCase({ status: 'open' });
    const [a, b] = await Promise.all([move(caseId, { to: 'in_review', version: 1 }), move(caseId, { to: 'in_review', version: 1 }, otherOfficer)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  it('assigns a case to the officer who takes it into review, and keeps others off it', async () => {
    const caseId = await world.bareCase({ status: 'open' });
    await move(caseId, { to: 'in_review', version: 1 }).expect(200);
    const [stored] = await env.dataSource.query(`SELECT assigned_to FROM cases WHERE id = $1`, [caseId]);
    expect(stored.assigned_to).toBe(officerId);
    const other = await move(caseId, { to: 'confirmed', version: 2 }, otherOfficer);
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('CASE_ASSIGNED_TO_ANOTHER');
  });

  it('reassigns with the version, refuses non-officers, and records the assignment', async () => {
    const caseId = await world.bareCase({ status: 'open' });
    const [{ id: otherId }] = await env.dataSource.query(`SELECT id FROM users WHERE name = 'officer-other'`);
    const assigned = await request(env.http).post(`/v1/cases/${caseId}/assignment`).set('Authorization', `Bearer ${officer}`).send({ userId: otherId, version: 1 });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ assignedTo: otherId, version: 2 });
    const [auditor] = await env.dataSource.query(`INSERT INTO users (name, role) VALUES ('not-an-officer', 'auditor') RETURNING id`);
    const refused = await request(env.http).post(`/v1/cases/${caseId}/assignment`).set('Authorization', `Bearer ${officer}`).send({ userId: auditor.id, version: 2 });
    expect(refused.body.code).toBe('CASE_ASSIGNEE_INVALID');
    const [event] = await env.dataSource.query(`SELECT detail FROM case_events WHERE case_id = $1 AND event = 'assigned'`, [caseId]);
    expect(event.detail).toMatchObject({ previousAssignee: null, assignee: otherId });
  });

  it('never confirms a case whose identity link waits on review, nor one without tax at risk', async () => {
    const waiting = await world.bareCase({ status: 'in_review', waitingOn: 'link_review' });
    expect((await move(waiting, { to: 'confirmed', version: 1 })).body.code).toBe('CASE_WAITING_ON_LINK_REVIEW');
    const empty = await world.bareCase({ status: 'in_review', estimate: 0n });
    expect((await move(empty, { to: 'confirmed', version: 1 })).body.code).toBe('CASE_NO_EVIDENCE');
  });

  it('records the notification date and the configured response deadline when a case is notified', async () => {
    const caseId = await world.bareCase({ status: 'confirmed' });
    const response = await move(caseId, { to: 'notified', version: 1 }).expect(200);
    expect(response.body.status).toBe('notified');
    const [notification] = await env.dataSource.query(`SELECT notified_on::text, response_days, response_due::text FROM case_notifications WHERE case_id = $1`, [caseId]);
    const today = todayInVietnam();
    expect(notification).toEqual({ notified_on: today, response_days: 28, response_due: addDays(today, 28) });
  });

  it('appends notes to the history without changing the case', async () => {
    const caseId = await world.bareCase({ status: 'open' });
    const response = await request(env.http).post(`/v1/cases/${caseId}/notes`).set('Authorization', `Bearer ${officer}`).send({ text: 'called the platform' });
    expect(response.status).toBe(201);
    const [stored] = await env.dataSource.query(`SELECT version FROM cases WHERE id = $1`, [caseId]);
    expect(stored.version).toBe(1);
    const [note] = await env.dataSource.query(`SELECT detail FROM case_events WHERE case_id = $1 AND event = 'note'`, [caseId]);
    expect(note.detail.text).toBe('called the platform');
  });

  it('answers 404 for a case that does not exist', async () => {
    const response = await move('00000000-0000-4000-8000-000000000000', { to: 'in_review', version: 1 });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('CASE_NOT_FOUND');
  });
});

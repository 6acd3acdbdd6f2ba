/**
 * The annual review and classification on the real database: a year's results recorded for a cell's members and
 * for the organizations beneath a committee, every rule and refusal (each checked to change nothing), scope, two
 * corrections at once, the statistics source's figures, and the seeds' targets (80% / 20% / 85%) on the dashboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createOrgWorld, type OrgWorld } from '../orgs/world.ts';
import { admitTestMember, registerTestMember, validCitizenId } from '../../helpers/member-factories.ts';
import type { ApiClient } from '../../helpers/app.ts';
import type { ReviewList } from '../../../src/contracts/reviews.ts';
import type { TargetDashboard } from '../../../src/contracts/statistics.ts';

const YEAR = 2025;

describe('review and classification', () => {
  let world: OrgWorld;
  const units: Record<string, number> = {};
  const members: Record<string, number[]> = {};
  let decisionId: number;
  let sequence = 0;

  const register = async (unitId: number, status: 'official' | 'exempted' = 'official') => {
    const birthDate = `197${sequence % 10}-0${1 + (sequence % 9)}-1${sequence % 10}`;
    sequence++;
    const member = await registerTestMember(world.ctx.db, world.ctx.rootUnitId, {
      unitId, status, fullName: `Lê Văn Xếp Loại ${sequence}`, birthDate, citizenId: validCitizenId('male', birthDate), admissionDate: '2000-01-01', officialDate: '2001-01-01', effectiveDate: '2020-01-01',
    });
    return member.id as number;
  };
  /** Everything a refused request could have written. */
  const snapshot = async () => JSON.stringify(await Promise.all([
    world.ctx.db.selectFrom('review_results').selectAll().orderBy('id').execute(),
    world.ctx.db.selectFrom('review_periods').selectAll().orderBy('id').execute(),
    world.ctx.db.selectFrom('journal').select(['id']).orderBy('id').execute(),
  ]));
  /** Sends a request that must be refused with `code`, and proves it changed nothing. */
  const refused = async (send: () => Promise<LightMyRequestResponse>, code: string, status = 422) => {
    const before = await snapshot();
    const response = await send();
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(await snapshot()).toBe(before);
    return response.json().error;
  };
  const list = async (unitId: number, subject: 'member' | 'organization' = 'member', client: ApiClient = world.admin, extra = '') => {
    const response = await client.get(`/api/reviews?unitId=${unitId}&year=${YEAR}&subject=${subject}${extra}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as ReviewList;
  };
  const recordMembers = (unitId: number, results: { memberId: number; level: string }[], client: ApiClient = world.admin, body: Record<string, unknown> = {}) =>
    client.post('/api/reviews/members', { unitId, year: YEAR, decisionId, results, ...body });

  beforeAll(async () => {
    world = await createOrgWorld();
    units.province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Xếp Loại', date: '2015-01-01' });
    units.district = await world.establish({ parentId: units.province, kind: 'district_committee', name: 'Huyện Xếp Loại', date: '2015-01-01' });
    units.grassroots = await world.establish({ parentId: units.district, kind: 'grassroots_committee', name: 'Đảng bộ cơ sở Xếp Loại', date: '2015-01-01' });
    units.cellA = await world.establish({ parentId: units.grassroots, kind: 'cell', name: 'Chi bộ A', date: '2015-01-01' });
    units.cellB = await world.establish({ parentId: units.grassroots, kind: 'cell', name: 'Chi bộ B', date: '2015-01-01' });
    units.cellC = await world.establish({ parentId: units.grassroots, kind: 'cell', name: 'Chi bộ C', date: '2015-01-01' });
    units.cellD = await world.establish({ parentId: units.grassroots, kind: 'cell', name: 'Chi bộ D', date: '2015-01-01' });
    units.grassrootsCell = await world.establish({ parentId: units.district, kind: 'grassroots_cell', name: 'Chi bộ cơ sở Xếp Loại', date: '2015-01-01' });
    members.a = [];
    for (let index = 0; index < 6; index++) members.a.push(await register(units.cellA));
    members.b = [];
    for (let index = 0; index < 4; index++) members.b.push(await register(units.cellB));
    members.exempted = [await register(units.cellA, 'exempted')];
    const birthDate = '1999-04-04';
    members.recent = [(await admitTestMember(world.ctx.db, world.ctx.rootUnitId, { unitId: units.cellA, decisionDate: '2025-09-01', fullName: 'Phạm Thị Mới', birthDate, citizenId: validCitizenId('female', birthDate), sex: 'female' })).id as number];
    const decision = await world.admin.post('/api/decisions', {
      number: '15-QĐ/HU', signedOn: '2026-01-12', issuingBody: 'Ban Thường vụ Huyện ủy', issuingUnitId: units.district, subject: 'Xếp loại chất lượng năm 2025',
    });
    expect(decision.statusCode, decision.body).toBe(201);
    decisionId = decision.json().id;
  });
  afterAll(async () => { await world?.close(); });

  it('records a cell\'s members for the year, all at once, each journaled with the decision', async () => {
    const [a1, a2, a3, a4, a5, a6] = members.a;
    const response = await recordMembers(units.cellA, [
      { memberId: a1, level: 'excellent' }, { memberId: a2, level: 'good' }, { memberId: a3, level: 'good' }, { memberId: a4, level: 'good' },
      { memberId: a5, level: 'good' }, { memberId: a6, level: 'completed' },
    ]);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().applied).toBe(6);
    expect(response.json().items[0]).toMatchObject({ year: YEAR, subject: 'member', memberId: a1, unitId: units.cellA, recordedUnderId: units.cellA, level: 'excellent', decision: { id: decisionId, number: '15-QĐ/HU' } });
    const journal = await world.ctx.db.selectFrom('journal').select(['action', 'decision_id', 'effective_date']).where('action', '=', 'review.result_recorded').execute();
    expect(journal).toHaveLength(6);
    expect(journal.every((entry) => Number(entry.decision_id) === decisionId && entry.effective_date === '2025-12-31')).toBe(true);
  });

  it('names every bad row and applies nothing: unclassified, outside the unit, repeated, already recorded', async () => {
    const error = await refused(() => recordMembers(units.cellA, [
      { memberId: members.exempted[0], level: 'good' },
      { memberId: members.recent[0], level: 'good' },
      { memberId: members.b[0], level: 'good' },
      { memberId: members.a[0], level: 'good' },
      { memberId: members.exempted[0], level: 'good' },
    ]), 'BULK_ROWS_INVALID');
    expect(error.details.rows.map((row: { index: number; code: string; details: { reason?: string } }) => [row.index, row.code, row.details?.reason ?? null])).toEqual([
      [0, 'REVIEW_MEMBER_NOT_CLASSIFIED', 'exempted'],
      [1, 'REVIEW_MEMBER_NOT_CLASSIFIED', 'admitted_recently'],
      [2, 'REVIEW_MEMBER_NOT_IN_UNIT', null],
      [3, 'REVIEW_RESULT_EXISTS', null],
      [4, 'BULK_DUPLICATE_ROW', null],
    ]);
    expect(error.details.rows[0].message).toContain('không xếp loại');
  });

  it('refuses more "excellent" than 20% of those rated good or better, naming the counts', async () => {
    const [b1, b2, b3, b4] = members.b;
    const error = await refused(() => recordMembers(units.cellB, [
      { memberId: b1, level: 'excellent' }, { memberId: b2, level: 'good' }, { memberId: b3, level: 'good' }, { memberId: b4, level: 'good' },
    ]), 'REVIEW_EXCELLENT_QUOTA');
    expect(error.details).toMatchObject({ excellent: 1, goodOrBetter: 4, maxExcellent: 0, percent: 20, regulation: '366-QĐ/TW; 43-HD/BTCTW' });
    const ok = await recordMembers(units.cellB, [
      { memberId: b1, level: 'good' }, { memberId: b2, level: 'good' }, { memberId: b3, level: 'good' }, { memberId: b4, level: 'not_completed' },
    ]);
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('refuses a year not begun, a decision signed before the year, an unknown decision', async () => {
    await refused(() => recordMembers(units.cellA, [{ memberId: members.a[0], level: 'good' }], world.admin, { year: 2030 }), 'REVIEW_YEAR_NOT_ENDED');
    await refused(() => recordMembers(units.cellA, [{ memberId: members.a[0], level: 'good' }], world.admin, { decisionId: world.decisionId }), 'REVIEW_DECISION_BEFORE_PERIOD');
    await refused(() => recordMembers(units.cellA, [{ memberId: members.a[0], level: 'good' }], world.admin, { decisionId: 999_999 }), 'DECISION_NOT_FOUND');
    await refused(() => recordMembers(units.cellA, [], world.admin), 'VALIDATION_FAILED');
  });

  it('answers 404 outside the caller\'s subtree, 403 without the action; a cell secretary records its own cell', async () => {
    const secretaryB = await world.clientFor('cell_secretary', units.cellB);
    await refused(() => secretaryB.get(`/api/reviews?unitId=${units.cellA}&year=${YEAR}`), 'NOT_FOUND', 404);
    await refused(() => recordMembers(units.cellA, [{ memberId: members.a[0], level: 'good' }], secretaryB), 'NOT_FOUND', 404);
    const resultId = (await list(units.cellA)).items.find((item) => item.id === members.a[0])!.result!.id;
    await refused(() => secretaryB.post(`/api/reviews/results/${resultId}/correct`, { expectedRowVersion: 0, level: 'good', decisionId, reason: 'Thử' }), 'NOT_FOUND', 404);
    await refused(() => secretaryB.post(`/api/reviews/results/999999/correct`, { expectedRowVersion: 0, level: 'good', decisionId, reason: 'Thử' }), 'NOT_FOUND', 404);
    // Members of cell A named in cell B's own batch: not in the unit (the same answer as a member who does not exist).
    await refused(() => recordMembers(units.cellB, [{ memberId: members.a[1], level: 'good' }], secretaryB), 'BULK_ROWS_INVALID');
    const viewer = await world.clientFor('viewer', units.province);
    await refused(() => recordMembers(units.cellA, [{ memberId: members.a[0], level: 'good' }], viewer), 'FORBIDDEN', 403);
    expect((await list(units.cellB, 'member', secretaryB)).items).toHaveLength(4);
  });

  it('lists a cell\'s members on 31/12 with their results, who is not classified, and the totals by level, page by page', async () => {
    const first = await list(units.cellA, 'member', world.admin, '&limit=3');
    expect(first.endsOn).toBe('2025-12-31');
    expect(first.totals).toEqual({ classified: 6, byLevel: { excellent: 1, good: 4, completed: 1, not_completed: 0 }, completedOrBetter: 6 });
    const items = [...first.items];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await list(units.cellA, 'member', world.admin, `&limit=3&cursor=${cursor}`);
      expect(page.totals).toBeNull();
      items.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(items.map((item) => item.id).sort((x, y) => x - y)).toEqual([...members.a, ...members.exempted, ...members.recent].sort((x, y) => x - y));
    expect(items.find((item) => item.id === members.exempted[0])).toMatchObject({ result: null, notClassified: 'exempted' });
    expect(items.find((item) => item.id === members.recent[0])).toMatchObject({ result: null, notClassified: 'admitted_recently' });
    const province = await list(units.province);
    expect(province.totals).toEqual({ classified: 10, byLevel: { excellent: 1, good: 7, completed: 1, not_completed: 1 }, completedOrBetter: 9 });
  });

  it('records the organizations beneath a committee: only grassroots organizations, sub-committees and cells beneath it', async () => {
    const body = (results: { unitId: number; level: string }[]) => ({ unitId: units.district, year: YEAR, decisionId, results });
    const group = await world.establish({ parentId: units.cellA, kind: 'party_group', name: 'Tổ đảng 1', date: '2015-01-01' });
    const error = await refused(() => world.admin.post('/api/reviews/organizations', body([
      { unitId: group, level: 'good' }, { unitId: units.district, level: 'good' }, { unitId: units.province, level: 'good' },
    ])), 'BULK_ROWS_INVALID');
    expect(error.details.rows.map((row: { code: string; details: { reason: string } }) => [row.code, row.details.reason])).toEqual([
      ['REVIEW_ORGANIZATION_NOT_CLASSIFIED', 'kind'], ['REVIEW_ORGANIZATION_NOT_CLASSIFIED', 'not_beneath'], ['REVIEW_ORGANIZATION_NOT_CLASSIFIED', 'not_beneath'],
    ]);
    await refused(() => world.admin.post('/api/reviews/organizations', body([
      { unitId: units.grassroots, level: 'excellent' }, { unitId: units.cellA, level: 'excellent' }, { unitId: units.cellB, level: 'good' },
      { unitId: units.cellC, level: 'good' }, { unitId: units.cellD, level: 'good' }, { unitId: units.grassrootsCell, level: 'completed' },
    ])), 'REVIEW_EXCELLENT_QUOTA');
    const response = await world.admin.post('/api/reviews/organizations', body([
      { unitId: units.grassroots, level: 'excellent' }, { unitId: units.cellA, level: 'good' }, { unitId: units.cellB, level: 'good' },
      { unitId: units.cellC, level: 'good' }, { unitId: units.cellD, level: 'not_completed' }, { unitId: units.grassrootsCell, level: 'good' },
    ]));
    expect(response.statusCode, response.body).toBe(201);
    const organizations = await list(units.district, 'organization');
    expect(organizations.items.map((item) => [item.id, item.result?.level ?? null])).toEqual([
      [units.grassroots, 'excellent'], [units.cellA, 'good'], [units.cellB, 'good'], [units.cellC, 'good'], [units.cellD, 'not_completed'], [units.grassrootsCell, 'good'],
    ]);
    expect(organizations.totals).toEqual({ classified: 6, byLevel: { excellent: 1, good: 4, completed: 0, not_completed: 1 }, completedOrBetter: 5 });
  });

  it('a correction voids the standing result (kept, with the reason) and records the new one; of two at once, one wins', async () => {
    const standing = (await list(units.cellB)).items.find((item) => item.result?.level === 'not_completed')!.result!;
    const correct = (level: string) => world.admin.post(`/api/reviews/results/${standing.id}/correct`, { expectedRowVersion: standing.rowVersion, level, decisionId, reason: 'Cấp ủy cấp trên xếp loại lại' });
    const [first, second] = await Promise.all([correct('completed'), correct('good')]);
    const statuses = [first.statusCode, second.statusCode].sort();
    expect(statuses, `${first.body} ${second.body}`).toEqual([201, 409]);
    const loser = first.statusCode === 409 ? first : second;
    expect(loser.json().error.code).toBe('CONFLICT');
    const winner = first.statusCode === 201 ? first : second;
    expect(winner.json()).toMatchObject({ correctsId: standing.id, memberId: standing.memberId });
    const old = await world.ctx.db.selectFrom('review_results').selectAll().where('id', '=', standing.id).executeTakeFirstOrThrow();
    expect(old).toMatchObject({ level: 'not_completed', void_reason: 'Cấp ủy cấp trên xếp loại lại', replaced_by: winner.json().id });
    expect(old.voided_at).not.toBeNull();
    // The one left standing is the winner's; correcting the voided one again is refused and changes nothing.
    await refused(() => world.admin.post(`/api/reviews/results/${standing.id}/correct`, { expectedRowVersion: standing.rowVersion, level: 'good', decisionId, reason: 'Lại' }), 'CONFLICT', 409);
    await refused(() => world.admin.post(`/api/reviews/results/${standing.id}/correct`, { expectedRowVersion: old.row_version, level: 'good', decisionId, reason: 'Lại' }), 'REVIEW_RESULT_VOIDED', 409);
    const journal = await world.ctx.db.selectFrom('journal').select(['reason', 'decision_id']).where('action', '=', 'review.result_corrected').execute();
    expect(journal).toEqual([{ reason: 'Cấp ủy cấp trên xếp loại lại', decision_id: decisionId }]);
    // Put it back to "not completed" for the figures below (a correction of the correction).
    const back = await world.admin.post(`/api/reviews/results/${winner.json().id}/correct`, { expectedRowVersion: 0, level: 'not_completed', decisionId, reason: 'Nhầm lẫn' });
    expect(back.statusCode, back.body).toBe(201);
    // A correction is judged by the group's quota too: a second "excellent" in cell A's five good-or-better.
    const a2 = (await list(units.cellA)).items.find((item) => item.id === members.a[1])!.result!;
    await refused(() => world.admin.post(`/api/reviews/results/${a2.id}/correct`, { expectedRowVersion: 0, level: 'excellent', decisionId, reason: 'Thử' }), 'REVIEW_EXCELLENT_QUOTA');
  });

  it('the statistics source counts the standing results of the year on the tree at its end', async () => {
    const response = await world.admin.get(`/api/statistics/figures?source=reviews&unitId=${units.province}&from=2025-01-01&to=2025-12-31`);
    expect(response.statusCode, response.body).toBe(200);
    const figure = (measure: string) => response.json().figures.find((row: { measure: string; value: string | null; unitId: number | null }) => row.measure === measure && row.value === null && row.unitId === null)?.count ?? 0;
    expect({
      organizationsClassified: figure('organizationsClassified'), organizationsExcellent: figure('organizationsExcellent'), organizationsGood: figure('organizationsGood'),
      organizationsCompleted: figure('organizationsCompleted'), organizationsNotCompleted: figure('organizationsNotCompleted'), organizationsCompletedOrBetter: figure('organizationsCompletedOrBetter'),
      membersClassified: figure('membersClassified'), membersExcellent: figure('membersExcellent'), membersGood: figure('membersGood'), membersCompleted: figure('membersCompleted'),
      membersNotCompleted: figure('membersNotCompleted'), membersCompletedOrBetter: figure('membersCompletedOrBetter'),
    }).toEqual({
      organizationsClassified: 6, organizationsExcellent: 1, organizationsGood: 4, organizationsCompleted: 0, organizationsNotCompleted: 1, organizationsCompletedOrBetter: 5,
      membersClassified: 10, membersExcellent: 1, membersGood: 7, membersCompleted: 1, membersNotCompleted: 1, membersCompletedOrBetter: 9,
    });
    // By the organization's level and by the units beneath; another year counts nothing.
    const byLevel = (await world.admin.get(`/api/statistics/figures?source=reviews&unitId=${units.province}&from=2025-01-01&to=2025-12-31&by=orgLevel`)).json().figures;
    expect(byLevel.filter((row: { measure: string; value: string | null }) => row.measure === 'organizationsClassified' && row.value !== null)
      .map((row: { value: string; count: number }) => [row.value, row.count]).sort()).toEqual([['cell', 4], ['grassroots', 2]]);
    const children = (await world.admin.get(`/api/statistics/figures?source=reviews&unitId=${units.grassroots}&from=2025-01-01&to=2025-12-31&breakdown=children`)).json().figures;
    expect(children.find((row: { measure: string; unitId: number | null }) => row.measure === 'membersClassified' && row.unitId === units.cellB).count).toBe(4);
    const other = (await world.admin.get(`/api/statistics/figures?source=reviews&unitId=${units.province}&from=2024-01-01&to=2024-12-31`)).json().figures;
    expect(other.filter((row: { count: number }) => row.count > 0)).toEqual([]);
    // The members a figure counts, and no one for an organizations' figure.
    const drill = await world.admin.get(`/api/statistics/members?source=reviews&unitId=${units.province}&measure=membersNotCompleted&from=2025-01-01&to=2025-12-31`);
    expect(drill.statusCode, drill.body).toBe(200);
    expect(drill.json()).toMatchObject({ who: 'members', items: [{ id: members.b[3], unitId: units.cellB }] });
    const none = await world.admin.get(`/api/statistics/members?source=reviews&unitId=${units.province}&measure=organizationsClassified&from=2025-01-01&to=2025-12-31`);
    expect(none.json()).toMatchObject({ who: 'none', items: [] });
    // Outside the caller's subtree: 404.
    const secretaryB = await world.clientFor('cell_secretary', units.cellB);
    expect((await secretaryB.get(`/api/statistics/figures?source=reviews&unitId=${units.province}&from=2025-01-01&to=2025-12-31`)).statusCode).toBe(404);
  });

  it('the seeds\' targets (≥80% of organizations complete, 20% of them excellent, ≥85% of members) show the recorded results', async () => {
    const define = async (key: string, vi: string, numerator: string, denominator: string) => {
      const response = await world.admin.post('/api/statistics/indicators', {
        key, label: { vi, en: key }, unitId: units.province, numerator: { source: 'reviews', measure: numerator }, denominator: { source: 'reviews', measure: denominator },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as number;
    };
    const targets = [
      { id: await define('org-completed', 'Tỷ lệ tổ chức đảng hoàn thành nhiệm vụ trở lên', 'organizationsCompletedOrBetter', 'organizationsClassified'), value: 80 },
      { id: await define('org-excellent', 'Tỷ lệ hoàn thành xuất sắc trong số hoàn thành nhiệm vụ', 'organizationsExcellent', 'organizationsCompletedOrBetter'), value: 20 },
      { id: await define('member-completed', 'Tỷ lệ đảng viên hoàn thành nhiệm vụ trở lên', 'membersCompletedOrBetter', 'membersClassified'), value: 85 },
    ];
    for (const target of targets) {
      const response = await world.admin.post('/api/statistics/targets', { indicatorId: target.id, unitId: units.province, termFrom: 2025, termTo: 2030, year: YEAR, comparison: 'at_least', value: target.value });
      expect(response.statusCode, response.body).toBe(201);
    }
    const dashboard = (await world.admin.get(`/api/statistics/targets?unitId=${units.province}&year=${YEAR}`)).json() as TargetDashboard;
    const actual = (key: string) => dashboard.targets.find((target) => target.indicator.key === key)!;
    expect(actual('org-completed')).toMatchObject({ numerator: 5, denominator: 6, actual: 83.33, met: true });
    expect(actual('org-excellent')).toMatchObject({ numerator: 1, denominator: 5, actual: 20, met: true });
    expect(actual('member-completed')).toMatchObject({ numerator: 9, denominator: 10, actual: 90, met: true });
    expect(dashboard.met).toBe(3);
  });

  it('one member recorded at once by its cell and by the committee above: one is recorded, the other told to read again, never a server error', async () => {
    const memberId = await register(units.cellC);
    const [byCell, byCommittee] = await Promise.all([
      recordMembers(units.cellC, [{ memberId, level: 'good' }]),
      recordMembers(units.grassroots, [{ memberId, level: 'completed' }]),
    ]);
    const outcomes = [byCell, byCommittee].map((response) => (response.statusCode < 300 ? 'recorded' : response.json().error.code === 'CONFLICT' || JSON.stringify(response.json().error).includes('REVIEW_RESULT_EXISTS') ? 'refused' : `unexpected ${response.statusCode} ${response.body}`));
    expect(outcomes.sort()).toEqual(['recorded', 'refused']);
    const standing = await world.ctx.db.selectFrom('review_results').select('id').where('member_id', '=', memberId).where('voided_at', 'is', null).execute();
    expect(standing).toHaveLength(1);
  });
});

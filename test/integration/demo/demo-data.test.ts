import { execFile } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../helpers/database.ts';
import { assertOrgInvariants } from '../../helpers/org-invariants.ts';
import { AppError } from '../../../src/contracts/errors.ts';
import { foldText, vietnameseNameSortKey } from '../../../src/lib/text.ts';
import { addDays, todayInVietnam } from '../../../src/lib/dates.ts';
import { levelOfKind } from '../../../src/contracts/org-kinds.ts';
import { citizenIdProblems } from '../../../src/modules/members/citizen-id.ts';
import { countUnitsAsOf, getLineage, listChildrenAsOf } from '../../../src/modules/orgs/orgs.service.ts';
import { getMemberPage, listMembers, searchMembers } from '../../../src/modules/members/members-query.service.ts';
import { createDb } from '../../../src/db/database.ts';
import { scopeOf, type Scope } from '../../../src/kernel/index.ts';
import { generateDemoData, type DemoOptions, type DemoSummary } from '../../../tools/demo/index.ts';
import { planDemo } from '../../../tools/demo/demo-plan.ts';
import { ROOT_UNIT, ensureRootUnit } from '../../../src/modules/accounts/bootstrap.ts';
import { findMemberInvariantViolations } from './member-invariants.ts';
import { listBadgesDue } from '../../../src/modules/badges/badges.service.ts';
import { badgeRulesFor, isPresentationDay, nextPresentationDay } from '../../../src/rules/party-age.ts';
import { systemActor } from '../../helpers/member-factories.ts';
import { insertUnit } from '../../helpers/factories.ts';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

/** What an administrator on the root may read of the tree and of the registry. */
function adminScopes(rootUnitId: number): { org: Scope; member: Scope } {
  const { caller } = systemActor(rootUnitId);
  return { org: scopeOf(caller, 'org.read'), member: scopeOf(caller, 'member.read') };
}

/** The generator runs as the schema's owner, as `cellbase demo-data` does. */
async function generate(database: TestDatabase, options: DemoOptions): Promise<DemoSummary> {
  const owner = createDb(database.url, { max: 2 });
  try {
    return await generateDemoData(owner, options);
  } finally {
    await owner.destroy();
  }
}

const SEED = 4242;
const BIN = path.resolve('bin/cellbase.mjs');

/** A digest of what the generator wrote that does not depend on the clock it ran at. */
async function contentDigest(database: TestDatabase): Promise<string> {
  const db = database.db;
  const parts = await Promise.all([
    sql`select string_agg(concat_ws('|', id, code, scope_path, province_id, superior_id, grassroots_id, established_on, ended_on, end_reason), ',' order by id) as d from org_units`.execute(db),
    sql`select string_agg(concat_ws('|', unit_id, valid_from, valid_to, parent_id, name, kind, sector, path, batch_id, change), ',' order by id) as d from org_unit_versions`.execute(db),
    sql`select string_agg(concat_ws('|', id, number, signed_on, issuing_body, issuing_unit_id), ',' order by id) as d from decisions`.execute(db),
    sql`select string_agg(concat_ws('|', id, full_name, sex, birth_date, citizen_id, ethnicity, status, status_since, unit_id, admission_date, official_date), ',' order by id) as d from members`.execute(db),
    sql`select string_agg(concat_ws('|', member_id, kind, effective_date, unit_id, status_after, decision_id), ',' order by id) as d from member_events`.execute(db),
    sql`select string_agg(concat_ws('|', member_id, unit_id, valid_from, valid_to), ',' order by id) as d from member_placements`.execute(db),
    sql`select string_agg(concat_ws('|', member_id, milestone, presented_on, unit_id, decision_id), ',' order by id) as d from member_badge_awards`.execute(db),
  ]);
  return parts.map((part) => (part.rows[0] as { d: string | null }).d ?? '').join('#');
}

describe('demo data (the province generator, small scale)', () => {
  let database: TestDatabase;
  let summary: DemoSummary;
  const today = todayInVietnam();
  let adminScope: { org: Scope; member: Scope };

  beforeAll(async () => {
    database = await createTestDatabase();
    summary = await generate(database, { scale: 'small', seed: SEED });
    adminScope = adminScopes(summary.rootUnitId);
  }, 300_000);
  afterAll(async () => {
    await database?.drop();
  });

  it('writes a tree that satisfies every invariant of data written by the services', async () => {
    await assertOrgInvariants(database.db);
  });

  it('writes members whose events, placements and projection agree', async () => {
    expect(await findMemberInvariantViolations(database.db)).toEqual([]);
  });

  it('counts by level differ before and after 1/7/2025 exactly as the planned history says', async () => {
    const plan = planDemo({ scale: 'small', seed: SEED, today, root: { id: summary.rootUnitId, establishedOn: ROOT_UNIT.establishedOn } });
    for (const date of ['2020-01-01', '2024-12-31', '2025-06-30', today]) {
      const counts = await countUnitsAsOf(database.db, adminScope.org, { unitId: summary.rootUnitId, date });
      const expected = [...plan.world.countByKind(date, plan.root).entries()].filter(([, n]) => n > 0).sort();
      expect(counts.byKind.map((item) => [item.kind, item.count] as [string, number]).filter(([, n]) => n > 0).sort(), date).toEqual(expected);
    }
    const before = await countUnitsAsOf(database.db, adminScope.org, { unitId: summary.rootUnitId, date: '2024-12-31' });
    const after = await countUnitsAsOf(database.db, adminScope.org, { unitId: summary.rootUnitId, date: today });
    const kindCount = (counts: typeof before, kind: string) => counts.byKind.find((item) => item.kind === kind)?.count ?? 0;
    expect(kindCount(before, 'district_committee')).toBe(2);
    expect(kindCount(after, 'district_committee')).toBe(0);
    expect(kindCount(before, 'commune_committee')).toBe(0);
    expect(kindCount(after, 'commune_committee')).toBe(4);
    // Old communes merged three or four into one: fewer grassroots organizations of the commune/ward sector.
    const communeSector = (counts: typeof before) => counts.grassrootsBySector.find((item) => item.sector === 'commune_ward')?.count ?? 0;
    expect(communeSector(before)).toBeGreaterThanOrEqual(12);
    expect(communeSector(after)).toBe(4);
    // The summary the command prints reads the same numbers.
    expect(summary.unitsByDate.find((entry) => entry.date === '2024-12-31')!.byKind.district_committee).toBe(2);
  });

  it('the province tree as of 2024-12-31 has districts; today it has commune committees', async () => {
    const province = summary.provinceUnitIds[0];
    const past = await listChildrenAsOf(database.db, adminScope.org, { unitId: province, date: '2024-12-31', limit: 200 });
    const now = await listChildrenAsOf(database.db, adminScope.org, { unitId: province, date: today, limit: 200 });
    expect(past.items.filter((item) => item.kind === 'district_committee').map((item) => item.name).sort()).toEqual(['Đảng bộ huyện Bình Liêu', 'Đảng bộ huyện Tiên Yên']);
    expect(now.items.some((item) => item.kind === 'district_committee')).toBe(false);
    const communes = now.items.filter((item) => item.kind === 'commune_committee');
    expect(communes.length).toBe(4);
    expect(communes.every((item) => /^Đảng bộ (xã|phường|đặc khu) /.test(item.name))).toBe(true);
    // Names are Vietnamese organization names.
    const commune = await listChildrenAsOf(database.db, adminScope.org, { unitId: communes[0].id, date: today, limit: 200 });
    expect(commune.items.some((item) => item.name.startsWith('Đảng bộ Khối dân cư'))).toBe(true);
  });

  it('a merged commune has its lineage: merged on 1/7/2025 into the new commune\'s grassroots committee', async () => {
    const merged = await sql<{ id: number }>`
      select l.predecessor_id as id from org_unit_links l join org_unit_versions v on v.unit_id = l.predecessor_id and v.sector = 'commune_ward'
      where l.effective_date = '2025-07-01' and l.link_kind = 'merged_into' limit 1`.execute(database.db);
    expect(merged.rows.length).toBe(1);
    const lineage = await getLineage(database.db, adminScope.org, { unitId: merged.rows[0].id });
    const link = lineage.links.find((item) => item.predecessorId === merged.rows[0].id);
    expect(link).toMatchObject({ kind: 'merged_into', effectiveDate: '2025-07-01' });
    const successor = lineage.nodes.find((node) => node.id === link!.successorId);
    expect(successor?.name).toMatch(/^Đảng bộ Khối dân cư /);
    // Every change is a batch citing a decision with a realistic number, journaled in the same way as the service.
    const batch = await database.db.selectFrom('restructure_batches as b').innerJoin('decisions as d', 'd.id', 'b.decision_id')
      .select(['b.id', 'b.operation', 'd.number', 'd.issuing_body', 'd.signed_on']).where('b.id', '=', link!.batchId).executeTakeFirstOrThrow();
    expect(batch.operation).toBe('merge');
    expect(batch.number).toMatch(/^\d+-QĐ\/TU$/);
    expect(batch.issuing_body).toBe('Ban Thường vụ Tỉnh ủy Quảng Ninh');
    expect(batch.signed_on <= '2025-07-01').toBe(true);
    const journal = await database.db.selectFrom('journal').select(['action', 'object_type', 'object_id']).where('decision_id', 'in', sql<number>`(select decision_id from restructure_batches where id = ${batch.id})`).execute();
    expect(journal).toEqual(expect.arrayContaining([
      { action: 'org.merge', object_type: 'restructure_batch', object_id: String(batch.id) },
      { action: 'org.merge', object_type: 'org_unit', object_id: String(merged.rows[0].id) },
    ]));
  });

  it('every restructuring batch cites a decision signed on or before its effective date and is journaled', async () => {
    const problems = await sql<{ id: number }>`
      select b.id from restructure_batches b left join decisions d on d.id = b.decision_id
      where d.id is null or d.signed_on > b.effective_date
         or not exists (select 1 from journal j where j.object_type = 'restructure_batch' and j.object_id = b.id::text and j.action = 'org.' || b.operation)`.execute(database.db);
    expect(problems.rows).toEqual([]);
    const operations = await sql<{ operation: string }>`select distinct operation from restructure_batches order by 1`.execute(database.db);
    expect(operations.rows.map((row) => row.operation)).toEqual(expect.arrayContaining(['dissolve', 'establish', 'merge', 'move', 'rename', 'upgrade']));
    // Batch ids follow effective dates, so a later change always has a larger batch id (undo relies on it).
    const order = await sql<{ n: number }>`
      select count(*)::int as n from restructure_batches a join restructure_batches b on b.id > a.id and b.effective_date < a.effective_date`.execute(database.db);
    expect(order.rows[0].n).toBe(0);
  });

  it('members have realistic distributions, valid identities and their life cycles', async () => {
    const stats = await sql<{ total: number; women: number; probationary: number; kinh: number; minorities: number; former: number; exempted: number; transfers: number }>`
      select count(*)::int as total, count(*) filter (where sex = 'female')::int as women, count(*) filter (where status = 'probationary')::int as probationary,
        count(*) filter (where ethnicity = '01')::int as kinh, count(*) filter (where ethnicity in ('02', '09', '17', '13'))::int as minorities,
        count(*) filter (where status in ('removed', 'expelled', 'deceased'))::int as former, count(*) filter (where status = 'exempted')::int as exempted,
        (select count(*)::int from member_transfers) as transfers
      from members`.execute(database.db);
    const s = stats.rows[0];
    expect(s.total).toBe(3000);
    expect(s.women / s.total).toBeGreaterThan(0.22);
    expect(s.women / s.total).toBeLessThan(0.45);
    expect(s.probationary / s.total).toBeGreaterThan(0.015);
    expect(s.probationary / s.total).toBeLessThan(0.07);
    expect(s.kinh / s.total).toBeGreaterThan(0.75);
    expect(s.minorities).toBeGreaterThan(0);
    expect(s.former).toBeGreaterThan(0);
    expect(s.exempted).toBeGreaterThan(0);
    expect(s.transfers).toBeGreaterThan(0);
    const members = await database.db.selectFrom('members').select(['full_name', 'name_folded', 'name_sort_key', 'citizen_id', 'sex', 'birth_date']).execute();
    for (const member of members) {
      expect(member.name_folded).toBe(foldText(member.full_name));
      expect(member.name_sort_key).toBe(vietnameseNameSortKey(member.full_name));
      if (member.citizen_id) expect(citizenIdProblems(member.citizen_id, member.sex, member.birth_date), member.citizen_id).toEqual([]);
    }
    const families = new Map<string, number>();
    for (const member of members) families.set(member.full_name.split(' ')[0], (families.get(member.full_name.split(' ')[0]) ?? 0) + 1);
    expect(families.get('Nguyễn')! / members.length).toBeGreaterThan(0.25);
    expect(families.get('Nguyễn')! / members.length).toBeLessThan(0.45);
    // Each kind of deliberate data-quality problem is there for the cleaning worklist.
    const quality = await sql<{ missing: number; duplicates: number; under_age: number; mismatch: number }>`
      select
        (select count(*)::int from members where ethnicity is null and education_level is null) as missing,
        (select count(*)::int from (select name_folded, birth_date from members group by 1, 2 having count(*) > 1) d) as duplicates,
        (select count(*)::int from members where admission_date < birth_date + interval '18 years') as under_age,
        (select count(*)::int from members where official_date is not null and official_date <> (probation_start + interval '12 months')::date) as mismatch`.execute(database.db);
    expect(quality.rows[0].missing).toBeGreaterThan(0);
    expect(quality.rows[0].duplicates).toBeGreaterThan(0);
    expect(quality.rows[0].under_age).toBeGreaterThan(0);
    expect(quality.rows[0].mismatch).toBeGreaterThan(0);
  });

  it('the member services read the generated registry: search, lists, member pages', async () => {
    const province = summary.provinceUnitIds[0];
    const sample = await database.db.selectFrom('members').select(['id', 'full_name']).where('status', '=', 'official').orderBy('id').limit(1).executeTakeFirstOrThrow();
    const found = await searchMembers(database.db, adminScope.member, { q: foldText(sample.full_name), limit: 50 });
    expect(found.items.map((item) => item.id)).toContain(sample.id);
    const page = await listMembers(database.db, adminScope.member, { unitId: province, limit: 50 });
    expect(page.items.length).toBe(50);
    const next = await listMembers(database.db, adminScope.member, { unitId: province, limit: 50, after: page.nextCursor! });
    expect(next.items[0].id).not.toBe(page.items[0].id);
    const moved = await sql<{ member_id: number }>`select member_id from member_events where kind in ('rehomed', 'transfer_received') order by id limit 1`.execute(database.db);
    const memberPage = await getMemberPage(database.db, adminScope.member, moved.rows[0].member_id);
    expect(memberPage.placements.length).toBeGreaterThanOrEqual(2);
    expect(memberPage.timeline[0].kind).toMatch(/^(registration|admission)$/);
    const pastList = await listMembers(database.db, adminScope.member, { unitId: province, limit: 10, asOf: '2024-12-31' });
    expect(pastList.items.length).toBe(10);
  });

  it('party badges already presented follow the rules, so the next presentation day lists those reaching a milestone, not everyone past thirty years', async () => {
    const awards = await sql<{ member_id: number; milestone: number; presented_on: string; admission_date: string; status: string; status_since: string;
      signed_on: string; issuing_kind: string; unit_id: number | null; first_placed: string; placed_then: number | null }>`
      select b.member_id, b.milestone, b.presented_on, m.admission_date, m.status, m.status_since, d.signed_on,
        (select min(p.valid_from) from member_placements p where p.member_id = b.member_id) as first_placed,
        (select p.unit_id from member_placements p where p.member_id = b.member_id and p.kind = 'official' and p.valid_from <= b.presented_on
           and (p.valid_to is null or p.valid_to > b.presented_on)) as placed_then,
        (select v.kind from org_unit_versions v where v.unit_id = d.issuing_unit_id order by v.valid_from desc limit 1) as issuing_kind, b.unit_id
      from member_badge_awards b join members m on m.id = b.member_id join decisions d on d.id = b.decision_id
      order by b.member_id, b.presented_on`.execute(database.db);
    expect(awards.rows.length).toBe(summary.members!.badgeAwards);
    expect(awards.rows.length).toBeGreaterThan(100);
    let previous: { member_id: number; milestone: number } | undefined;
    for (const award of awards.rows) {
      expect(isPresentationDay(award.presented_on), award.presented_on).toBe(true);
      expect(badgeRulesFor(award.presented_on).milestones).toContain(award.milestone);
      const reachedOn = `${Number(award.admission_date.slice(0, 4)) + award.milestone}${award.admission_date.slice(4)}`;
      expect(reachedOn <= award.presented_on, `${award.member_id}: ${award.milestone} years reached ${reachedOn}, presented ${award.presented_on}`).toBe(true);
      expect(award.presented_on <= today).toBe(true);
      expect(award.signed_on <= award.presented_on).toBe(true);
      expect(award.issuing_kind).toBe('provincial_committee');
      // The member's unit on the day, unless the registry holds the member only from a later date (earlier records).
      expect(award.unit_id).toBe(award.placed_then);
      if (award.unit_id === null) expect(award.presented_on < award.first_placed).toBe(true);
      // Nobody is awarded after leaving the party.
      if (['removed', 'expelled', 'deceased'].includes(award.status)) expect(award.presented_on < award.status_since).toBe(true);
      if (previous?.member_id === award.member_id) expect(award.milestone).toBeGreaterThan(previous.milestone);
      previous = award;
    }
    const journaled = await sql<{ n: number }>`select count(*)::int as n from journal where action = 'member.badge_import'`.execute(database.db);
    expect(journaled.rows[0].n).toBe(summary.members!.badgeDecisions);

    const { caller } = systemActor(summary.rootUnitId);
    const nextDay = nextPresentationDay(addDays(today, 1));
    const due = await listBadgesDue(database.db, caller, { presentationDate: nextDay });
    const dueCount = Object.values(due.byMilestone).reduce((sum, count) => sum + count, 0);
    const pastThirty = await sql<{ n: number }>`
      select count(*)::int as n from members where status in ('official', 'exempted') and admission_date <= ${nextDay}::date - interval '30 years'`.execute(database.db);
    expect(dueCount).toBeGreaterThan(0);
    expect(dueCount / pastThirty.rows[0].n).toBeLessThan(0.25);
    // Each member listed is due a milestone above the badges already presented to them.
    const highest = new Map<number, number>();
    for (const award of awards.rows) highest.set(award.member_id, Math.max(highest.get(award.member_id) ?? 0, award.milestone));
    for (const item of due.items) expect(item.milestone).toBeGreaterThan(highest.get(item.memberId) ?? 0);
  });

  it('refuses to run again on the same database, with a clear error, and changes nothing', async () => {
    const before = await contentDigest(database);
    const error = await generate(database, { scale: 'province', seed: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DEMO_DATA_EXISTS');
    expect((error as AppError).details).toMatchObject({ existing: ['small:022'] });
    expect(await contentDigest(database)).toBe(before);
  });

  it('refuses when units already in the database use the codes it would give, and writes nothing', async () => {
    const other = await createTestDatabase();
    try {
      const rootId = await ensureRootUnit(other.db);
      await insertUnit(other.db, { parentId: rootId, kind: 'provincial_committee', name: 'Đảng bộ tỉnh đã có', code: '22' });
      const error = await generate(other, { scale: 'small', seed: SEED }).catch((caught: unknown) => caught);
      expect((error as AppError).code).toBe('ORG_CODE_TAKEN');
      expect((error as AppError).details).toMatchObject({ codes: ['22'] });
      const counts = await sql<{ units: number; members: number; journal: number }>`
        select (select count(*)::int from org_units) as units, (select count(*)::int from members) as members,
          (select count(*)::int from journal where action = 'demo.generate') as journal`.execute(other.db);
      expect(counts.rows[0]).toEqual({ units: 2, members: 0, journal: 0 });
    } finally {
      await other.drop();
    }
  });

  it('is deterministic for a seed', async () => {
    const other = await createTestDatabase();
    try {
      await generate(other, { scale: 'small', seed: SEED, today });
      expect(await contentDigest(other)).toBe(await contentDigest(database));
      const third = planDemo({ scale: 'small', seed: SEED + 1, today, root: { id: summary.rootUnitId, establishedOn: ROOT_UNIT.establishedOn } });
      const first = planDemo({ scale: 'small', seed: SEED, today, root: { id: summary.rootUnitId, establishedOn: ROOT_UNIT.establishedOn } });
      const names = (plan: typeof first) => plan.world.units.map((unit) => plan.world.lastVersion(unit).name).join('|');
      expect(names(third)).not.toBe(names(first));
    } finally {
      await other.drop();
    }
  }, 300_000);

  it('levels of the planned units follow the structure rules', () => {
    const plan = planDemo({ scale: 'small', seed: SEED, today, root: { id: 1, establishedOn: ROOT_UNIT.establishedOn } });
    const levels = new Set(plan.world.units.map((unit) => levelOfKind(plan.world.lastVersion(unit).kind)));
    expect([...levels].sort()).toEqual(['cell', 'central', 'grassroots', 'group', 'provincial', 'superior']);
  });
});

describe('demo data of a province merged on 1/7/2025 (Tuyên Quang and Hà Giang, small scale)', () => {
  let database: TestDatabase;
  let summary: DemoSummary;
  let adminScope: { org: Scope; member: Scope };
  const today = todayInVietnam();

  beforeAll(async () => {
    database = await createTestDatabase();
    summary = await generate(database, { scale: 'small', seed: SEED, province: 'Hà Giang' });
    adminScope = adminScopes(summary.rootUnitId);
  }, 300_000);
  afterAll(async () => {
    await database?.drop();
  });

  it('keeps every invariant through the merger of the provinces and of their blocs', async () => {
    await assertOrgInvariants(database.db);
    expect(await findMemberInvariantViolations(database.db)).toEqual([]);
  });

  it('two provincial committees before, one after; both old ones merged into the new one by a decision of the Politburo', async () => {
    const provincial = async (date: string) => (await countUnitsAsOf(database.db, adminScope.org, { unitId: summary.rootUnitId, date })).byKind.find((item) => item.kind === 'provincial_committee')?.count;
    expect(await provincial('2024-12-31')).toBe(2);
    expect(await provincial(today)).toBe(1);
    const [province] = summary.provinceUnitIds;
    const lineage = await getLineage(database.db, adminScope.org, { unitId: province });
    const predecessors = lineage.links.filter((link) => link.successorId === province && link.kind === 'merged_into');
    const names = predecessors.map((link) => lineage.nodes.find((node) => node.id === link.predecessorId)?.name).sort();
    expect(names).toEqual(['Đảng bộ tỉnh Hà Giang', 'Đảng bộ tỉnh Tuyên Quang']);
    expect(predecessors.every((link) => link.effectiveDate === '2025-07-01')).toBe(true);
    const established = await sql<{ number: string; issuing_body: string }>`
      select d.number, d.issuing_body from restructure_batches b join decisions d on d.id = b.decision_id
      where b.operation = 'establish' and b.payload->'units'->0->>'kind' = 'provincial_committee'`.execute(database.db);
    expect(established.rows).toEqual([{ number: expect.stringMatching(/^\d+-QĐ\/TW$/), issuing_body: 'Bộ Chính trị' }]);
    // The blocs of the merged province joined the blocs of the same kind.
    const blocLinks = await sql<{ n: number }>`
      select count(*)::int as n from org_unit_links l join org_unit_versions v on v.unit_id = l.predecessor_id and v.kind = 'agency_bloc_committee'
      where l.effective_date = '2025-07-01'`.execute(database.db);
    expect(blocLinks.rows[0].n).toBeGreaterThan(0);
    // Members of both provinces are now in the new province's subtree.
    const outside = await sql<{ n: number }>`select count(*)::int as n from members where status in ('probationary', 'official', 'exempted') and province_id <> ${province}`.execute(database.db);
    expect(outside.rows[0].n).toBe(0);
    expect(summary.membersByStatus.official).toBeGreaterThan(4000);
  });
});

describe('`cellbase demo-data` on the command line', () => {
  let database: TestDatabase;

  function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: database.url }, timeout: 240_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
  }

  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(async () => { await database?.drop(); });

  it('refuses a bad scale and an unknown province with their codes, and writes nothing', async () => {
    const badScale = await run(['demo-data', '--scale', 'city']);
    expect(badScale.code).toBe(1);
    expect(badScale.stderr).toContain('DEMO_SCALE_INVALID');
    const badProvince = await run(['demo-data', '--scale', 'province', '--province', 'Atlantis']);
    expect(badProvince.code).toBe(1);
    expect(badProvince.stderr).toContain('DEMO_PROVINCE_UNKNOWN');
    const missing = await run(['demo-data']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Usage: cellbase demo-data');
    const units = await database.db.selectFrom('org_units').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(units.n).toBeLessThanOrEqual(1);
  }, 120_000);

  it('generates, prints the summary, and refuses a second run', async () => {
    const first = await run(['demo-data', '--scale', 'small', '--seed', '7']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Demo data: small');
    expect(first.stdout).toMatch(/Commune\/ward committee\s+0\s+0\s+4/);
    expect(first.stdout).toMatch(/Members by status/);
    expect(first.stdout).toMatch(/Elapsed: \d+\.\d s/);
    const second = await run(['demo-data', '--scale', 'small']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('DEMO_DATA_EXISTS');
    expect(second.stderr).toContain('Demo data already exists');
  }, 240_000);
});


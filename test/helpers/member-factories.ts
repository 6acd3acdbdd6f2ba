/**
 * Member-registry fixtures: a small tree with its ancestor columns filled in (as restructuring maintains them),
 * decisions, valid citizen IDs, and members recorded through the real services.
 */
import pg from 'pg';
import { inTransaction, scopeOf, type Actor, type Caller, type Db, type Scope } from '../../src/kernel/index.ts';
import type { MemberIdentityInput } from '../../src/contracts/members.ts';
import { foldText } from '../../src/lib/text.ts';
import { admitMember, registerMember } from '../../src/modules/members/members.service.ts';
import { ROOT_UNIT } from '../../src/modules/accounts/bootstrap.ts';
import { insertUnit, uniqueSuffix, type UnitFixture } from './factories.ts';

/** Sequential serials from a random start: unique within a test file's database for each birth year and sex. */
let citizenSequence = Math.floor(Math.random() * 500_000);

/** A citizen ID consistent with the sex and birth date (Hà Nội birth registration), unique within the run. */
export function validCitizenId(sex: 'male' | 'female', birthDate: string): string {
  const year = Number(birthDate.slice(0, 4));
  const century = Math.floor(year / 100);
  const centuryDigit = ({ 19: 0, 20: 2, 21: 4, 22: 6, 18: 8 } as Record<number, number>)[century] + (sex === 'female' ? 1 : 0);
  const serial = String(citizenSequence++ % 1_000_000).padStart(6, '0');
  return `001${centuryDigit}${String(year % 100).padStart(2, '0')}${serial}`;
}

export async function insertDecision(db: Db, input: { signedOn: string; issuingUnitId?: number | null; number?: string; issuingBody?: string }): Promise<number> {
  const number = input.number ?? `${uniqueSuffix()}-QĐ/TU`;
  // The API always records an issuing unit and a decision without one is citable by no one (requireUsableDecision):
  // one a test does not attribute is the centre's (the root unit), which applies everywhere.
  const issuingUnitId = input.issuingUnitId !== undefined ? input.issuingUnitId
    : (await db.selectFrom('org_units').select('id').where('code', '=', ROOT_UNIT.code).executeTakeFirst())?.id ?? null;
  const row = await db.insertInto('decisions').values({
    number, signed_on: input.signedOn, issuing_body: input.issuingBody ?? 'Ban Thường vụ Tỉnh ủy', issuing_unit_id: issuingUnitId,
    signer: null, subject: null, attachment_id: null, number_folded: foldText(number).replace(/\s+/g, ''), recorded_by: null,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Sets the ancestor columns of a unit the way restructuring does (a unit is its own province/superior/grassroots). */
export async function setAncestors(db: Db, unitId: number, ancestors: { provinceId?: number | null; superiorId?: number | null; grassrootsId?: number | null }) {
  await db.updateTable('org_units').set({ province_id: ancestors.provinceId ?? null, superior_id: ancestors.superiorId ?? null, grassroots_id: ancestors.grassrootsId ?? null }).where('id', '=', unitId).execute();
}

export interface ProvinceFixture {
  province: UnitFixture;
  commune: UnitFixture;
  grassroots: UnitFixture;
  cellA: UnitFixture;
  cellB: UnitFixture;
}

/** Province → commune committee → grassroots committee → two cells, with ancestor columns. */
export async function insertProvinceTree(db: Db, rootUnitId: number, name: string, validFrom = '2000-01-01'): Promise<ProvinceFixture> {
  const province = await insertUnit(db, { parentId: rootUnitId, kind: 'provincial_committee', name: `Đảng bộ tỉnh ${name}`, validFrom });
  const commune = await insertUnit(db, { parentId: province.id, kind: 'commune_committee', name: `Đảng bộ xã ${name}`, validFrom });
  const grassroots = await insertUnit(db, { parentId: commune.id, kind: 'grassroots_committee', name: `Đảng bộ cơ sở ${name}`, validFrom });
  const cellA = await insertUnit(db, { parentId: grassroots.id, kind: 'cell', name: `Chi bộ ${name} 1`, validFrom });
  const cellB = await insertUnit(db, { parentId: grassroots.id, kind: 'cell', name: `Chi bộ ${name} 2`, validFrom });
  await setAncestors(db, province.id, { provinceId: province.id });
  await setAncestors(db, commune.id, { provinceId: province.id, superiorId: commune.id });
  for (const unit of [grassroots, cellA, cellB]) await setAncestors(db, unit.id, { provinceId: province.id, superiorId: commune.id, grassrootsId: grassroots.id });
  return { province, commune, grassroots, cellA, cellB };
}

/** An actor with an administrator's reach over the whole tree, for fixtures recorded through the services. */
export function systemActor(rootUnitId: number): Actor {
  // No account: fixtures are recorded by "the system" (journal and events keep a null account).
  const caller: Caller = {
    accountId: null as unknown as number, username: 'fixture', displayName: 'fixture', locale: 'vi', memberId: null,
    grants: [{ grantId: 0, role: 'admin', unitId: rootUnitId, scopePath: `/${rootUnitId}/`, validFrom: '1930-01-01', validTo: null, isDelegation: false }],
  };
  return { caller };
}

/** The `member.read` scope of a caller granted the given subtrees (paths such as '/1/12/'), for calling the services. */
export function readScopeOf(...paths: string[]): Scope {
  const caller: Caller = {
    accountId: 0, username: 'scope', displayName: 'scope', locale: 'vi', memberId: null,
    grants: paths.map((scopePath, index) => ({
      grantId: index, role: 'admin', unitId: Number(scopePath.split('/').filter(Boolean).at(-1)), scopePath, validFrom: '1930-01-01', validTo: null, isDelegation: false,
    })),
  };
  return scopeOf(caller, 'member.read');
}

export function identity(overrides: Partial<MemberIdentityInput> = {}): MemberIdentityInput {
  const sex = overrides.sex ?? 'male';
  const birthDate = overrides.birthDate ?? '1985-06-15';
  return {
    fullName: 'Nguyễn Văn An', sex, birthDate, ethnicity: '01', religion: 'none', educationLevel: 'upper_secondary', theoryLevel: 'elementary',
    citizenId: validCitizenId(sex, birthDate), ...overrides,
  };
}

/** An existing member recorded at a cell (official by default), through the registration service. */
export async function registerTestMember(db: Db, rootUnitId: number, input: {
  unitId: number; status?: 'probationary' | 'official' | 'exempted'; effectiveDate?: string; admissionDate?: string; probationStart?: string; officialDate?: string | null;
} & Partial<MemberIdentityInput>) {
  const { unitId, status = 'official', effectiveDate, admissionDate = '2010-03-01', probationStart, officialDate, ...person } = input;
  const result = await inTransaction(db, (tx) => registerMember(tx, systemActor(rootUnitId), {
    unitId, status, effectiveDate: effectiveDate ?? admissionDate, admissionDate, probationStart,
    officialDate: officialDate === undefined ? (status === 'probationary' ? null : '2011-03-01') : officialDate,
    member: identity(person),
  }));
  return result.member;
}

/** A probationary member admitted through the admission service. */
export async function admitTestMember(db: Db, rootUnitId: number, input: { unitId: number; decisionDate: string; cellVoteDate?: string; ceremonyDate?: string } & Partial<MemberIdentityInput>) {
  const { unitId, decisionDate, cellVoteDate, ceremonyDate, ...person } = input;
  const decisionId = await insertDecision(db, { signedOn: decisionDate });
  const result = await inTransaction(db, (tx) => admitMember(tx, systemActor(rootUnitId), {
    unitId, decisionId, cellVoteDate: cellVoteDate ?? decisionDate, ceremonyDate: ceremonyDate ?? decisionDate, member: identity(person),
  }));
  return result.member;
}

/**
 * Places a member's open placements (and record) in `unitId` as data recorded before migration 0026 could be: as the
 * schema's owner, with the placement-in-cell trigger off for the one statement, so a test can hold a member in a
 * unit that is not a cell (the cleaning list's `unit_not_a_cell`).
 */
export async function strandMember(ownerUrl: string, memberId: number, unitId: number): Promise<void> {
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query('begin');
    await owner.query('alter table member_placements disable trigger member_placement_in_cell_update');
    await owner.query('update member_placements set unit_id = $1 where member_id = $2 and valid_to is null and voided_by_event_id is null', [unitId, memberId]);
    await owner.query('update members set unit_id = $1, scope_path = (select scope_path from org_units where id = $1) where id = $2', [unitId, memberId]);
    await owner.query('alter table member_placements enable trigger member_placement_in_cell_update');
    await owner.query('commit');
  } finally {
    await owner.end();
  }
}

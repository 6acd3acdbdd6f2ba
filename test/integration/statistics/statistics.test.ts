/**
 * The statistics every area feeds (issue 12): a province's members and organizations as of a date and over a period,
 * on the tree as it stood then, by dimension and per unit directly under it; every figure against a count over the
 * raw records (the headcount), the stock at a period's end equal to the stock before plus what came in minus what
 * went out, scope and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWorld, type OrgWorld } from '../orgs/world.ts';
import { admitTestMember, insertDecision, registerTestMember, validCitizenId } from '../../helpers/member-factories.ts';
import { headcountOfUnit } from '../../../src/modules/members/members-query.service.ts';
import { systemScope } from '../../../src/kernel/index.ts';
import type { StatisticsFigure } from '../../../src/contracts/statistics.ts';

const ALL = systemScope('test: the raw headcount');
const IN = ['admitted', 'readmitted', 'registered', 'transferredIn', 'restructuredIn'];
const OUT = ['transferredOut', 'restructuredOut', 'removed', 'expelled', 'died'];

describe('statistics from the areas: members and organizations', () => {
  let world: OrgWorld;
  const units: Record<string, number> = {};
  const ids: Record<string, number> = {};

  const figures = async (query: string, client = world.admin) => {
    const response = await client.get(`/api/statistics/figures?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { figures: StatisticsFigure[]; units: { id: number; name: string }[]; unitName: string; edition: string };
  };
  const pick = (rows: StatisticsFigure[], measure: string, where: Partial<StatisticsFigure> = {}) => rows
    .filter((row) => row.measure === measure && row.value === (where.value ?? null) && row.unitId === (where.unitId ?? null) && row.at === (where.at ?? null))
    .reduce((sum, row) => sum + row.count, 0);

  beforeAll(async () => {
    world = await createOrgWorld();
    const { db, rootUnitId } = world.ctx;
    units.province = await world.establish({ parentId: rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Thống Kê', date: '2015-01-01' });
    units.north = await world.establish({ parentId: units.province, kind: 'district_committee', name: 'Huyện Bắc', date: '2015-01-01' });
    units.south = await world.establish({ parentId: units.province, kind: 'district_committee', name: 'Huyện Nam', date: '2015-01-01' });
    units.c1 = await world.establish({ parentId: units.north, kind: 'grassroots_cell', name: 'Chi bộ Một', sector: 'commune_ward', date: '2015-01-01' });
    units.c2 = await world.establish({ parentId: units.north, kind: 'grassroots_cell', name: 'Chi bộ Hai', sector: 'enterprise_private', date: '2015-01-01' });
    units.c3 = await world.establish({ parentId: units.south, kind: 'grassroots_cell', name: 'Chi bộ Ba', sector: 'commune_ward', date: '2015-01-01' });
    const person = (fullName: string, sex: 'male' | 'female', birthDate: string, extra: Record<string, string> = {}) => ({ fullName, sex, birthDate, citizenId: validCitizenId(sex, birthDate), ...extra });
    ids.a = (await registerTestMember(db, rootUnitId, { unitId: units.c1, ...person('Lò Thị An', 'female', '1990-04-02', { ethnicity: '02' }), admissionDate: '2012-01-01', officialDate: '2013-01-01', effectiveDate: '2016-01-01' })).id;
    ids.b = (await registerTestMember(db, rootUnitId, { unitId: units.c1, ...person('Trần Văn Bình', 'male', '1960-07-09', { ethnicity: '01', religion: 'buddhism' }), admissionDate: '1985-01-01', officialDate: '1986-01-01', effectiveDate: '2016-01-01' })).id;
    ids.d = (await registerTestMember(db, rootUnitId, { unitId: units.c3, ...person('Hà Văn Dũng', 'male', '1980-02-03'), admissionDate: '2005-01-01', officialDate: '2006-01-01', effectiveDate: '2016-01-01' })).id;
    ids.e = (await registerTestMember(db, rootUnitId, { unitId: units.c2, ...person('Phạm Văn Em', 'male', '1970-02-03'), admissionDate: '2000-01-01', officialDate: '2001-01-01', effectiveDate: '2016-01-01' })).id;
    ids.c = (await admitTestMember(db, rootUnitId, { unitId: units.c2, decisionDate: '2020-03-10', ...person('Nguyễn Thị Chi', 'female', '2001-05-06', { occupation: 'student' }) })).id;
    // 2021: Dũng moves from the south to the north; Em is removed from the list.
    const issued = await world.admin.post('/api/transfers', { memberId: ids.d, kind: 'official', purpose: 'work', toUnitId: units.c1, decisionId: await insertDecision(db, { signedOn: '2021-03-01' }), issuedOn: '2021-03-01', expectedRowVersion: 0 });
    expect(issued.statusCode, issued.body).toBe(201);
    const accepted = await world.admin.post(`/api/transfers/${issued.json().id}/accept`, { receivedOn: '2021-03-15', cellId: units.c1, expectedRowVersion: 0 });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const removal = await world.admin.post(`/api/members/${ids.e}/removal`, { decisionId: await insertDecision(db, { signedOn: '2021-05-01' }), effectiveDate: '2021-05-01', ground: 'inactivity', expectedRowVersion: (await world.admin.get(`/api/members/${ids.e}`)).json().record.rowVersion });
    expect(removal.statusCode, removal.body).toBe(200);
    // 2022: the cell Hai (with Chi, probationary) moves from the north to the south.
    await world.apply({ operation: 'move', effectiveDate: '2022-01-01', unitIds: [units.c2], newParentId: units.south });
  });
  afterAll(async () => { await world?.close(); });

  it('members on a date equal the headcount over the raw records, for every unit and date, and split by status', async () => {
    for (const date of ['2015-06-01', '2016-01-01', '2020-03-09', '2020-03-10', '2021-03-14', '2021-03-15', '2021-05-01', '2021-12-31', '2022-01-01', '2024-06-30']) {
      for (const unit of Object.values(units)) {
        const answer = await figures(`source=members&unitId=${unit}&date=${date}`);
        const raw = await headcountOfUnit(world.ctx.db, unit, date, ALL);
        expect({ unit, date, total: pick(answer.figures, 'members'), official: pick(answer.figures, 'official'), probationary: pick(answer.figures, 'probationary') })
          .toEqual({ unit, date, total: raw.total, official: raw.official, probationary: raw.probationary });
      }
    }
    const province = await figures(`source=members&unitId=${units.province}&date=2020-06-01`);
    expect(pick(province.figures, 'members')).toBe(5);
    expect(pick(province.figures, 'probationary')).toBe(1);
    expect(province.unitName).toBe('Tỉnh Thống Kê');
    expect(province.edition).toBe('11-HD/BTCTW');
  });

  it('breaks down by the record\'s dimensions, with ages counted on the date', async () => {
    const bySex = await figures(`source=members&unitId=${units.province}&date=2020-06-01&by=sex`);
    expect(pick(bySex.figures, 'members', { value: 'female' })).toBe(2);
    expect(pick(bySex.figures, 'members', { value: 'male' })).toBe(3);
    const byAge = await figures(`source=members&unitId=${units.province}&date=2020-06-01&by=ageBand`);
    // An (30 on 2/4/2020) and Chi (19) are youth; Bình 59, Dũng 40, Em 50.
    expect(pick(byAge.figures, 'members', { value: 'to_30' })).toBe(2);
    expect(pick(byAge.figures, 'members', { value: '56_60' })).toBe(1);
    expect(pick(byAge.figures, 'members', { value: '36_40' })).toBe(1);
    const laterAge = await figures(`source=members&unitId=${units.province}&date=2020-04-01&by=ageBand`);
    expect(pick(laterAge.figures, 'members', { value: 'to_30' })).toBe(2);
    const minorities = await figures(`source=members&unitId=${units.province}&date=2020-06-01&by=minority`);
    expect(pick(minorities.figures, 'members', { value: 'yes' })).toBe(1);
    const believers = await figures(`source=members&unitId=${units.province}&date=2020-06-01&by=believer`);
    expect(pick(believers.figures, 'members', { value: 'yes' })).toBe(1);
  });

  it('per unit directly under it, on the tree of the date: the parts add up to the whole', async () => {
    for (const date of ['2021-12-31', '2022-01-01']) {
      const answer = await figures(`source=members&unitId=${units.province}&date=${date}&breakdown=children&by=sex`);
      const north = pick(answer.figures, 'members', { unitId: units.north });
      const south = pick(answer.figures, 'members', { unitId: units.south });
      expect(north + south).toBe(pick(answer.figures, 'members'));
      expect(pick(answer.figures, 'members', { unitId: units.north, value: 'female' }) + pick(answer.figures, 'members', { unitId: units.south, value: 'female' }))
        .toBe(pick(answer.figures, 'members', { value: 'female' }));
      expect(answer.units.map((unit) => unit.id).sort()).toEqual([units.north, units.south].sort());
      // The cell Hai (with Chi) belonged to the north until 1/1/2022, then to the south; Dũng came to the north in 2021.
      expect({ date, north, south }).toEqual(date === '2021-12-31' ? { date, north: 4, south: 0 } : { date, north: 3, south: 1 });
    }
  });

  it('changes over a period: admitted by source, moves across the unit\'s boundary, and the stock balances', async () => {
    const admitted = await figures(`source=members&unitId=${units.province}&from=2020-01-01&to=2020-12-31&by=source`);
    expect(pick(admitted.figures, 'admitted')).toBe(1);
    expect(pick(admitted.figures, 'admitted', { value: 'student' })).toBe(1);
    const north = await figures(`source=members&unitId=${units.north}&from=2021-01-01&to=2022-12-31`);
    expect(pick(north.figures, 'transferredIn')).toBe(1);
    expect(pick(north.figures, 'removed')).toBe(1);
    expect(pick(north.figures, 'restructuredOut')).toBe(1);
    const south = await figures(`source=members&unitId=${units.south}&from=2021-01-01&to=2022-12-31`);
    expect(pick(south.figures, 'transferredOut')).toBe(1);
    expect(pick(south.figures, 'restructuredIn')).toBe(1);
    // Moves inside the province are not changes of the province.
    const province = await figures(`source=members&unitId=${units.province}&from=2021-01-01&to=2022-12-31`);
    expect(pick(province.figures, 'transferredIn') + pick(province.figures, 'transferredOut') + pick(province.figures, 'restructuredIn')).toBe(0);
    expect(pick(province.figures, 'removed')).toBe(1);
    for (const unit of Object.values(units)) {
      for (const [from, to] of [['2016-01-01', '2016-12-31'], ['2020-01-01', '2022-12-31'], ['2021-03-15', '2021-03-15'], ['2015-01-01', '2025-01-01']]) {
        const answer = await figures(`source=members&unitId=${unit}&from=${from}&to=${to}`);
        const before = pick(answer.figures, 'members', { at: 'before' });
        const after = pick(answer.figures, 'members', { at: 'after' });
        const net = IN.reduce((sum, measure) => sum + pick(answer.figures, measure), 0) - OUT.reduce((sum, measure) => sum + pick(answer.figures, measure), 0);
        expect({ unit, from, to, after }).toEqual({ unit, from, to, after: before + net });
      }
    }
  });

  it('organizations under a unit by kind and sector, on the tree of the date', async () => {
    const before = await figures(`source=organizations&unitId=${units.north}&date=2021-12-31&by=sector`);
    expect(pick(before.figures, 'units')).toBe(2);
    expect(pick(before.figures, 'units', { value: 'enterprise_private' })).toBe(1);
    const after = await figures(`source=organizations&unitId=${units.north}&date=2022-01-01&by=kind`);
    expect(pick(after.figures, 'units', { value: 'grassroots_cell' })).toBe(1);
    const province = await figures(`source=organizations&unitId=${units.province}&date=2022-01-01&breakdown=children`);
    expect(pick(province.figures, 'units')).toBe(5);
    expect(pick(province.figures, 'units', { unitId: units.south })).toBe(3);
  });

  it('another subtree\'s unit is not found; bad input is refused with its code', async () => {
    const southOfficer = await world.clientFor('org_officer', units.south);
    expect((await southOfficer.get(`/api/statistics/figures?source=members&unitId=${units.north}&date=2020-01-01`)).statusCode).toBe(404);
    expect((await southOfficer.get(`/api/statistics/figures?source=members&unitId=${units.province}&date=2020-01-01`)).statusCode).toBe(404);
    const own = await figures(`source=members&unitId=${units.south}&date=2020-06-01`, southOfficer);
    expect(pick(own.figures, 'members')).toBe(1);
    const refused = async (query: string, code: string) => {
      const response = await world.admin.get(`/api/statistics/figures?${query}`);
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json().error.code).toBe(code);
    };
    await refused(`source=members&unitId=${units.province}&date=2999-01-01`, 'DATE_IN_FUTURE');
    await refused(`source=members&unitId=${units.province}&date=2010-01-01`, 'STATISTICS_DATE_BEFORE_RECORDS');
    await refused(`source=members&unitId=${units.province}&from=2022-01-01&to=2021-01-01`, 'DATE_RANGE_INVALID');
    await refused(`source=members&unitId=${units.province}&date=2022-01-01&from=2021-01-01`, 'STATISTICS_DATE_MIXED');
    await refused(`source=dues&unitId=${units.province}`, 'STATISTICS_SOURCE_UNKNOWN');
    await refused(`source=members&unitId=${units.province}&by=shoeSize`, 'STATISTICS_DIMENSION_UNKNOWN');
    await refused(`source=members&unitId=${units.province}&by=source`, 'STATISTICS_DIMENSION_UNKNOWN');
    await refused(`source=members&unitId=${units.province}&date=2022-02-30`, 'VALIDATION_FAILED');
    const catalog = await world.admin.get('/api/statistics/catalog');
    expect(catalog.statusCode, catalog.body).toBe(200);
    expect(catalog.json().sources.map((source: { key: string }) => source.key)).toEqual(['members', 'organizations']);
  });
});

/**
 * Indicators and targets (issue 12, item 6): indicators defined from the sources' figures (a count, a ratio), an
 * unknown figure refused; a target for a year split among the units beneath, the parts never exceeding the whole;
 * the dashboard's actuals counted from the data, following it as admissions are recorded; a ratio over nothing is
 * no data, not a target missed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWorld, type OrgWorld } from '../orgs/world.ts';
import { admitTestMember, registerTestMember, validCitizenId } from '../../helpers/member-factories.ts';
import type { TargetDashboard } from '../../../src/contracts/statistics.ts';
import { todayInVietnam } from '../../../src/lib/dates.ts';

describe('indicators and targets', () => {
  let world: OrgWorld;
  const units: Record<string, number> = {};
  const indicators: Record<string, number> = {};
  let sequence = 0;

  const admit = (unitId: number, decisionDate: string) => {
    const birthDate = `199${sequence % 10}-03-1${sequence % 10}`;
    sequence++;
    return admitTestMember(world.ctx.db, world.ctx.rootUnitId, { unitId, decisionDate, fullName: `Nguyễn Văn Mới ${sequence}`, birthDate, citizenId: validCitizenId('male', birthDate) });
  };
  const dashboard = async (unitId: number, year: number, client = world.admin) => {
    const response = await client.get(`/api/statistics/targets?unitId=${unitId}&year=${year}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as TargetDashboard;
  };
  const refused = async (path: string, body: unknown, code: string, status = 422, client = world.admin) => {
    const response = await client.post(path, body);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.code).toBe(code);
  };

  beforeAll(async () => {
    world = await createOrgWorld();
    units.province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Chỉ Tiêu', date: '2015-01-01' });
    units.north = await world.establish({ parentId: units.province, kind: 'district_committee', name: 'Huyện Bắc', date: '2015-01-01' });
    units.south = await world.establish({ parentId: units.province, kind: 'district_committee', name: 'Huyện Nam', date: '2015-01-01' });
    units.northCell = await world.establish({ parentId: units.north, kind: 'grassroots_cell', name: 'Chi bộ Bắc', date: '2015-01-01' });
    units.southCell = await world.establish({ parentId: units.south, kind: 'grassroots_cell', name: 'Chi bộ Nam', date: '2015-01-01' });
    for (let index = 0; index < 10; index++) {
      const birthDate = `197${index}-05-0${1 + (index % 9)}`;
      await registerTestMember(world.ctx.db, world.ctx.rootUnitId, {
        unitId: index < 6 ? units.northCell : units.southCell, fullName: `Trần Văn Cũ ${index}`, birthDate, citizenId: validCitizenId('male', birthDate),
        admissionDate: '2000-01-01', officialDate: '2001-01-01', effectiveDate: '2020-01-01',
      });
    }
    await admit(units.southCell, '2025-04-10');
  });
  afterAll(async () => { await world?.close(); });

  it('defines indicators from the figures the sources have, and refuses any other', async () => {
    const count = await world.admin.post('/api/statistics/indicators', {
      key: 'admissions', label: { vi: 'Số đảng viên kết nạp', en: 'Members admitted' }, unitId: units.province, numerator: { source: 'members', measure: 'admitted' },
    });
    expect(count.statusCode, count.body).toBe(201);
    expect(count.json()).toMatchObject({ key: 'admissions', kind: 'count', denominator: null });
    indicators.admissions = count.json().id;
    const ratio = await world.admin.post('/api/statistics/indicators', {
      key: 'admission-rate', label: { vi: 'Tỷ lệ kết nạp so với số đảng viên đầu năm', en: 'Admissions as a share of members at the start of the year' }, unitId: units.province,
      numerator: { source: 'members', measure: 'admitted' }, denominator: { source: 'members', measure: 'members', at: 'before' },
    });
    expect(ratio.statusCode, ratio.body).toBe(201);
    expect(ratio.json().kind).toBe('ratio');
    indicators.rate = ratio.json().id;
    const bad = (numerator: unknown) => ({ key: `bad-${sequence++}`, label: { vi: 'Sai', en: 'Wrong' }, unitId: units.province, numerator });
    await refused('/api/statistics/indicators', bad({ source: 'dues', measure: 'paid' }), 'STATISTICS_FIGURE_UNKNOWN');
    await refused('/api/statistics/indicators', bad({ source: 'members', measure: 'admittedd' }), 'STATISTICS_FIGURE_UNKNOWN');
    await refused('/api/statistics/indicators', bad({ source: 'members', measure: 'admitted', by: 'shoeSize', value: 'x' }), 'STATISTICS_FIGURE_UNKNOWN');
    await refused('/api/statistics/indicators', bad({ source: 'members', measure: 'admitted', by: 'sex', value: 'other' }), 'STATISTICS_FIGURE_UNKNOWN');
    await refused('/api/statistics/indicators', bad({ source: 'members', measure: 'admitted', at: 'before' }), 'STATISTICS_FIGURE_UNKNOWN');
    await refused('/api/statistics/indicators', bad({ source: 'members', measure: 'admitted', unknownField: 1 }), 'VALIDATION_FAILED');
    await refused('/api/statistics/indicators', { ...bad({ source: 'members', measure: 'admitted' }), key: 'admissions' }, 'STATISTICS_INDICATOR_KEY_TAKEN', 409);
    // They serve the province and every unit beneath; the centre's list of its own does not hold them.
    const forNorth = await world.admin.get(`/api/statistics/indicators?unitId=${units.north}`);
    expect(forNorth.json().items.map((item: { key: string }) => item.key)).toEqual(['admission-rate', 'admissions']);
    expect((await world.admin.get(`/api/statistics/indicators?unitId=${world.ctx.rootUnitId}`)).json().items).toEqual([]);
  });

  it('a year\'s target split among the units beneath; the parts of a count never exceed the whole', async () => {
    const target = (body: Record<string, unknown>) => ({ termFrom: 2025, termTo: 2030, year: 2025, comparison: 'at_least', ...body });
    const whole = await world.admin.post('/api/statistics/targets', target({ indicatorId: indicators.admissions, unitId: units.province, value: 3, note: 'Kết nạp ít nhất 3 đảng viên' }));
    expect(whole.statusCode, whole.body).toBe(201);
    const rate = await world.admin.post('/api/statistics/targets', target({ indicatorId: indicators.rate, unitId: units.province, value: 3.2 }));
    expect(rate.statusCode, rate.body).toBe(201);
    const provinceOfficer = await world.clientFor('org_officer', units.province);
    expect((await provinceOfficer.post('/api/statistics/targets', target({ indicatorId: indicators.admissions, unitId: units.north, value: 2, parentId: whole.json().id }))).statusCode).toBe(201);
    await refused('/api/statistics/targets', target({ indicatorId: indicators.admissions, unitId: units.south, value: 2, parentId: whole.json().id }), 'STATISTICS_TARGET_PARTS_EXCEED', 422, provinceOfficer);
    expect((await provinceOfficer.post('/api/statistics/targets', target({ indicatorId: indicators.admissions, unitId: units.south, value: 1, parentId: whole.json().id }))).statusCode).toBe(201);
    await refused('/api/statistics/targets', target({ indicatorId: indicators.admissions, unitId: units.south, value: 1, parentId: whole.json().id }), 'STATISTICS_TARGET_EXISTS', 409, provinceOfficer);
    // A part must split the target of the unit directly above, for the same year.
    await refused('/api/statistics/targets', target({ indicatorId: indicators.admissions, unitId: units.northCell, value: 1, parentId: whole.json().id }), 'STATISTICS_TARGET_PARENT_INVALID');
    await refused('/api/statistics/targets', target({ indicatorId: indicators.admissions, unitId: units.north, year: 2026, value: 1, parentId: whole.json().id }), 'STATISTICS_TARGET_PARENT_INVALID');
    await refused('/api/statistics/targets', target({ indicatorId: indicators.admissions, unitId: units.north, year: 2031, value: 1 }), 'VALIDATION_FAILED');
    // The north's own officer cannot give the north a part of the province's target: splitting is the level above's act.
    const northOfficer = await world.clientFor('org_officer', units.north);
    expect((await northOfficer.post('/api/statistics/targets', target({ indicatorId: indicators.rate, unitId: units.north, value: 5, parentId: rate.json().id }))).statusCode).toBe(404);
    // Another district's officer cannot set the north's targets.
    const southOfficer = await world.clientFor('org_officer', units.south);
    expect((await southOfficer.post('/api/statistics/targets', target({ indicatorId: indicators.admissions, unitId: units.north, year: 2026, value: 1 }))).statusCode).toBe(404);
  });

  it('the dashboard counts the actuals from the data and follows it as admissions are recorded', async () => {
    const before = await dashboard(units.province, 2025);
    expect(before.total).toBe(2);
    const admissions = before.targets.find((target) => target.indicator.key === 'admissions')!;
    expect(admissions).toMatchObject({ value: 3, actual: 1, met: false, from: '2025-01-01', to: '2025-12-31', expectedByNow: null });
    expect(admissions.parts.map((part) => [part.unitName, part.value, part.actual, part.met])).toEqual([['Huyện Bắc', 2, 0, false], ['Huyện Nam', 1, 1, true]]);
    const rate = before.targets.find((target) => target.indicator.key === 'admission-rate')!;
    // 1 admitted over the 10 members on 31/12/2024.
    expect(rate).toMatchObject({ numerator: 1, denominator: 10, actual: 10, met: true });
    expect(before.met).toBe(1);

    await admit(units.northCell, '2025-06-02');
    await admit(units.northCell, '2025-09-02');
    const after = await dashboard(units.province, 2025);
    expect(after.targets.find((target) => target.indicator.key === 'admissions')).toMatchObject({ actual: 3, met: true });
    expect(after.targets.find((target) => target.indicator.key === 'admissions')!.parts[0]).toMatchObject({ unitName: 'Huyện Bắc', actual: 2, met: true });
    expect(after.met).toBe(2);
    const north = await dashboard(units.north, 2025);
    expect(north.targets).toEqual([expect.objectContaining({ value: 2, actual: 2, met: true, parentId: expect.any(Number) })]);
    const southOfficer = await world.clientFor('org_officer', units.south);
    expect((await southOfficer.get(`/api/statistics/targets?unitId=${units.north}&year=2025`)).statusCode).toBe(404);
  });

  it('a ratio with nothing to count over (no review recorded yet) is no data, neither met nor missed', async () => {
    const indicator = await world.admin.post('/api/statistics/indicators', {
      key: 'member-completed', label: { vi: 'Tỷ lệ đảng viên hoàn thành nhiệm vụ trở lên', en: 'Members who completed their tasks or better' }, unitId: units.province,
      numerator: { source: 'reviews', measure: 'membersCompletedOrBetter' }, denominator: { source: 'reviews', measure: 'membersClassified' },
    });
    expect(indicator.statusCode, indicator.body).toBe(201);
    const target = (unitId: number, parentId?: number) => world.admin.post('/api/statistics/targets', {
      indicatorId: indicator.json().id, unitId, termFrom: 2025, termTo: 2030, year: 2025, comparison: 'at_least', value: 85, ...(parentId ? { parentId } : {}),
    });
    const whole = await target(units.province);
    expect(whole.statusCode, whole.body).toBe(201);
    expect((await target(units.north, whole.json().id)).statusCode).toBe(201);
    const shown = await dashboard(units.province, 2025);
    const reviewed = shown.targets.find((item) => item.indicator.key === 'member-completed')!;
    expect(reviewed).toMatchObject({ numerator: 0, denominator: 0, actual: null, met: null });
    expect(reviewed.parts).toEqual([expect.objectContaining({ unitName: 'Huyện Bắc', actual: null, met: null })]);
    // Counted apart: the two targets met stay met, none is counted as missed for want of data.
    expect(shown).toMatchObject({ met: 2, noData: 1, total: 3 });
    expect(shown.targets.filter((item) => item.met === false)).toEqual([]);
  });

  it('next year\u2019s targets have nothing counted yet: no data, neither met nor missed, nothing due', async () => {
    const next = Number(todayInVietnam().slice(0, 4)) + 1;
    const set = (indicatorId: number, unitId: number, value: number, parentId?: number) => world.admin.post('/api/statistics/targets', {
      indicatorId, unitId, termFrom: 2025, termTo: next + 3, year: next, comparison: 'at_least', value, ...(parentId ? { parentId } : {}),
    });
    const count = await set(indicators.admissions, units.province, 4);
    expect(count.statusCode, count.body).toBe(201);
    expect((await set(indicators.admissions, units.north, 2, count.json().id)).statusCode).toBe(201);
    expect((await set(indicators.rate, units.province, 5)).statusCode).toBe(201);
    const shown = await dashboard(units.province, next);
    const admissions = shown.targets.find((target) => target.indicator.key === 'admissions')!;
    // Before the fix: actual 0, met false, a negative share due (counted over a period ending before it starts).
    expect(admissions).toMatchObject({ from: `${next}-01-01`, numerator: 0, actual: null, met: null, expectedByNow: 0 });
    expect(admissions.parts).toEqual([expect.objectContaining({ unitName: 'Huyện Bắc', actual: null, met: null })]);
    const rate = shown.targets.find((target) => target.indicator.key === 'admission-rate')!;
    // Before the fix: the members on the eve of next year (a day still ahead) as the denominator, 0 %, missed.
    expect(rate).toMatchObject({ numerator: 0, denominator: null, actual: null, met: null, expectedByNow: null });
    expect(shown).toMatchObject({ met: 0, noData: 2, total: 2 });
  });

  it('a classification target of the year still running counts the year\u2019s results once recorded (held in its last weeks)', async () => {
    const year = Number(todayInVietnam().slice(0, 4));
    const indicator = await world.admin.post('/api/statistics/indicators', {
      key: 'member-completed-now', label: { vi: 'Tỷ lệ đảng viên hoàn thành nhiệm vụ trở lên', en: 'Members who completed their tasks or better' }, unitId: units.province,
      numerator: { source: 'reviews', measure: 'membersCompletedOrBetter' }, denominator: { source: 'reviews', measure: 'membersClassified' },
    });
    expect(indicator.statusCode, indicator.body).toBe(201);
    const target = await world.admin.post('/api/statistics/targets', {
      indicatorId: indicator.json().id, unitId: units.province, termFrom: 2025, termTo: 2030, year, comparison: 'at_least', value: 85,
    });
    expect(target.statusCode, target.body).toBe(201);
    const decision = await world.admin.post('/api/decisions', {
      number: '7-QĐ/HU', signedOn: `${year}-01-01`, issuingBody: 'Ban Thường vụ Huyện ủy', issuingUnitId: units.north, subject: `Xếp loại chất lượng năm ${year}`,
    });
    expect(decision.statusCode, decision.body).toBe(201);
    const listed = (await world.admin.get(`/api/reviews?unitId=${units.northCell}&year=${year}`)).json();
    const classified = listed.items.filter((item: { notClassified: string | null }) => item.notClassified === null).slice(0, 5);
    expect(classified).toHaveLength(5);
    const recorded = await world.admin.post('/api/reviews/members', {
      unitId: units.northCell, year, decisionId: decision.json().id,
      results: classified.map((item: { id: number }, index: number) => ({ memberId: item.id, level: index === 0 ? 'not_completed' : 'good' })),
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const shown = (await dashboard(units.province, year)).targets.find((item) => item.indicator.key === 'member-completed-now')!;
    // Before the fix: counted up to today only, the year's results (dated 31/12) were "no data" until the year ended.
    expect(shown).toMatchObject({ numerator: 4, denominator: 5, actual: 80, met: false });
  });
});

/**
 * The statistics every area feeds (issue 12): a province's members and organizations as of a date and over a period,
 * on the tree as it stood then, by dimension and per unit directly under it; every figure against a count over the
 * raw records (the headcount), the stock at a period's end equal to the stock before plus what came in minus what
 * went out, scope and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWorld, type OrgWorld } from '../orgs/world.ts';
import { recordMemberStory } from './member-story.ts';
import { headcountOfUnit } from '../../../src/modules/members/members-query.service.ts';
import { systemScope } from '../../../src/kernel/index.ts';
import ExcelJS from 'exceljs';
import type { StatisticsFigure, StatisticsForm } from '../../../src/contracts/statistics.ts';
import { areas } from '../../../src/modules/index.ts';
import { FORMS, checkForms } from '../../../src/modules/statistics/index.ts';
import { pdfPages } from '../../helpers/pdf-text.ts';

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
    await recordMemberStory(world, units, ids, 'Tỉnh Thống Kê');
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
    expect(catalog.json().sources.map((source: { key: string }) => source.key)).toEqual(expect.arrayContaining(['members', 'organizations']));
  });

  it('the standard forms name only what the sources count', () => {
    expect(checkForms(FORMS, areas.flatMap((area) => area.statistics ?? []), '2025-12-31')).toEqual([]);
  });

  const form = async (key: string, query: string, client = world.admin) => {
    const response = await client.get(`/api/statistics/forms/${key}?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as StatisticsForm;
  };
  const cellOf = (answer: StatisticsForm, section: string, row: string, column: string) => {
    const found = answer.sections.find((candidate) => candidate.key === section)!;
    const index = found.columns.findIndex((candidate) => candidate.key === column);
    return found.rows.find((candidate) => candidate.key === row)!.cells[index];
  };

  it('the members form: every section laid out in full, each cell the figure it drills into', async () => {
    const answer = await form('members', `unitId=${units.province}&date=2020-06-01`);
    expect(answer).toMatchObject({ key: 'members', kind: 'stock', unitName: 'Tỉnh Thống Kê', date: '2020-06-01', edition: '11-HD/BTCTW' });
    expect(cellOf(answer, 'total', 'total', 'members').count).toBe(5);
    expect(cellOf(answer, 'total', 'total', 'probationary').count).toBe(1);
    expect(cellOf(answer, 'sex', 'female', 'members')).toEqual({ count: 2, figure: { source: 'members', measure: 'members', by: 'sex', value: 'female', at: null } });
    // The printed form has every ethnic group (54 and "not recorded"), counted or not.
    expect(answer.sections.find((section) => section.key === 'ethnicity')!.rows).toHaveLength(55);
    for (const section of answer.sections.filter((candidate) => ['sex', 'age', 'ethnicity', 'religion', 'occupation'].includes(candidate.key))) {
      expect({ section: section.key, sum: section.rows.reduce((sum, row) => sum + row.cells[0].count, 0) }).toEqual({ section: section.key, sum: 5 });
    }
  });

  it('the changes form: the stock at the end is the stock at the start plus what came in minus what went out, by group too', async () => {
    const answer = await form('member-changes', `unitId=${units.north}&from=2021-01-01&to=2022-12-31`);
    const balance = answer.sections.find((section) => section.key === 'balance')!;
    // Youth is left out: members age out of it on their birthdays, a change no flow records.
    for (const [index, column] of balance.columns.entries()) {
      if (column.key === 'youth') continue;
      const value = (key: string) => balance.rows.find((row) => row.key === key)!.cells[index].count;
      expect({ column: column.key, after: value('members@after') }).toEqual({
        column: column.key,
        after: value('members@before') + IN.reduce((sum, key) => sum + value(key), 0) - OUT.reduce((sum, key) => sum + value(key), 0),
      });
    }
    expect(cellOf(answer, 'balance', 'transferredIn', 'all').count).toBe(1);
    expect(cellOf(answer, 'balance', 'restructuredOut', 'women').count).toBe(1);
    const year = await form('member-changes', `unitId=${units.province}&from=2020-01-01&to=2020-12-31`);
    expect(cellOf(year, 'admittedBySource', 'student', 'admitted').count).toBe(1);
    // Without a period: the year so far.
    expect((await form('member-changes', `unitId=${units.province}`)).from).toMatch(/^\d{4}-01-01$/);
  });

  it('drills from a figure to the members it counts, a page at a time, in scope', async () => {
    const women = async (after?: number) => {
      const response = await world.admin.get(`/api/statistics/members?source=members&unitId=${units.province}&measure=members&by=sex&value=female&date=2020-06-01&limit=1${after ? `&after=${after}` : ''}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const first = await women();
    expect(first.items).toHaveLength(1);
    const second = await women(first.nextAfter);
    expect(second.nextAfter).toBeNull();
    expect([...first.items, ...second.items].map((item: { fullName: string }) => item.fullName).sort()).toEqual(['Lò Thị An', 'Nguyễn Thị Chi']);
    const moved = await world.admin.get(`/api/statistics/members?source=members&unitId=${units.north}&measure=transferredIn&from=2021-01-01&to=2022-12-31`);
    expect(moved.json()).toMatchObject({ who: 'members', items: [expect.objectContaining({ id: ids.d, fullName: 'Hà Văn Dũng', unitId: units.c1, date: '2021-03-15', link: `/members/${ids.d}` })] });
    // A count of organizations has nobody to list.
    const organizations = await world.admin.get(`/api/statistics/members?source=organizations&unitId=${units.north}&measure=units&date=2022-01-01`);
    expect(organizations.statusCode, organizations.body).toBe(200);
    expect(organizations.json()).toEqual({ who: 'none', items: [], nextAfter: null });
    const before = await world.admin.get(`/api/statistics/members?source=members&unitId=${units.north}&measure=members&at=before&from=2022-01-01&to=2022-12-31`);
    expect(before.json().items.map((item: { id: number }) => item.id).sort((a: number, b: number) => a - b)).toEqual([ids.a, ids.b, ids.c, ids.d].sort((a, b) => a - b));
    const southOfficer = await world.clientFor('org_officer', units.south);
    expect((await southOfficer.get(`/api/statistics/members?source=members&unitId=${units.north}&measure=members&date=2020-06-01`)).statusCode).toBe(404);
    // A value without its dimension is refused (it was dropped: asked for the women, everyone was listed).
    const valueAlone = await world.admin.get(`/api/statistics/members?source=members&unitId=${units.province}&measure=members&value=female&date=2020-06-01`);
    expect(valueAlone.statusCode, valueAlone.body).toBe(422);
    expect(valueAlone.json().error).toMatchObject({ code: 'STATISTICS_DIMENSION_UNKNOWN', details: { by: null, value: 'female' } });
  });

  it('exports a form as Excel in its layout and as a party document in PDF', async () => {
    const xlsx = await world.admin.get(`/api/statistics/forms/members/export?format=xlsx&unitId=${units.province}&date=2020-06-01`);
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const texts: string[] = [];
    // A merged title reads once.
    sheet.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1).map(String);
      texts.push(row.getCell(1).isMerged ? values[0] : values.join('|'));
    });
    expect(texts).toContain('SỐ LƯỢNG, CHẤT LƯỢNG ĐẢNG VIÊN');
    expect(texts).toContain('Tính đến ngày 01/06/2020');
    expect(texts).toContain('Tổng số|5|4|1|0');
    expect(texts).toContain('Chỉ tiêu|Đảng viên|Đảng viên chính thức|Đảng viên dự bị|Đảng viên được miễn sinh hoạt');
    expect(texts.filter((line) => line.startsWith('Nữ|'))).toEqual(['Nữ|2|1|1']);
    const pdf = await world.admin.get(`/api/statistics/forms/member-changes/export?format=pdf&unitId=${units.north}&from=2021-01-01&to=2022-12-31`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfPages(pdf.rawPayload)).join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('BIỂU THỐNG KÊ: BIẾN ĐỘNG ĐẢNG VIÊN');
    expect(text).toContain('Từ ngày 01/01/2021 đến ngày 31/12/2022');
    expect(text).toContain('Chuyển đến');
    expect(text).toContain('T/M ĐẢNG ỦY');
    expect((await world.admin.get(`/api/statistics/forms/nothing?unitId=${units.province}`)).statusCode).toBe(404);
    expect((await world.admin.get(`/api/statistics/forms/members?unitId=${units.province}&from=2020-01-01`)).json().error.code).toBe('STATISTICS_DATE_MIXED');
  });

  // Last: it records a death that changes the figures of earlier dates.
  it('a level submits a form, locked until the level above returns it; the level above sees what changed since', async () => {
    const northOfficer = await world.clientFor('org_officer', units.north);
    const provinceOfficer = await world.clientFor('org_officer', units.province);
    const body = { formKey: 'members', unitId: units.north, date: '2022-06-30', note: 'Báo cáo 6 tháng đầu năm 2022' };
    const submitted = await northOfficer.post('/api/statistics/submissions', body);
    expect(submitted.statusCode, submitted.body).toBe(201);
    const submission = submitted.json();
    expect(submission).toMatchObject({ unitId: units.north, unitName: 'Huyện Bắc', formKey: 'members', from: null, to: '2022-06-30', status: 'submitted', note: 'Báo cáo 6 tháng đầu năm 2022' });
    const again = await northOfficer.post('/api/statistics/submissions', body);
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().error.code).toBe('STATISTICS_PERIOD_LOCKED');

    // A late entry changes the live figures of that date; the submitted ones stay as they were.
    const binh = (await world.admin.get(`/api/members/${ids.b}`)).json().record;
    const death = await world.admin.post(`/api/members/${ids.b}/death`, { effectiveDate: '2021-06-01', expectedRowVersion: binh.rowVersion });
    expect(death.statusCode, death.body).toBe(200);
    const listed = await provinceOfficer.get(`/api/statistics/submissions?unitId=${units.province}`);
    expect(listed.json().items.map((item: { id: number }) => item.id)).toContain(submission.id);
    const detail = (await provinceOfficer.get(`/api/statistics/submissions/${submission.id}`)).json();
    // The north on 30/6/2022: An, Bình and Dũng (the cell Hai went south on 1/1/2022).
    expect(detail.submitted.sections[0].rows[0].cells[0].count).toBe(3);
    expect(detail.live.sections[0].rows[0].cells[0].count).toBe(2);
    expect(detail.differences).toContainEqual({ section: 'total', row: 'total', column: 'members', submitted: 3, live: 2 });
    expect(detail.differences).toContainEqual({ section: 'sex', row: 'male', column: 'members', submitted: 2, live: 1 });

    const southOfficer = await world.clientFor('org_officer', units.south);
    expect((await southOfficer.get(`/api/statistics/submissions/${submission.id}`)).statusCode).toBe(404);
    const own = await northOfficer.post(`/api/statistics/submissions/${submission.id}/return`, { reason: 'Tự trả', expectedRowVersion: 0 });
    expect(own.statusCode, own.body).toBe(422);
    expect(own.json().error.code).toBe('STATISTICS_NOT_ABOVE');
    const returned = await provinceOfficer.post(`/api/statistics/submissions/${submission.id}/return`, { reason: 'Số liệu chưa cập nhật trường hợp từ trần.', expectedRowVersion: 0 });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned', returnReason: 'Số liệu chưa cập nhật trường hợp từ trần.', rowVersion: 1 });
    const twice = await provinceOfficer.post(`/api/statistics/submissions/${submission.id}/return`, { reason: 'Lần nữa', expectedRowVersion: 1 });
    expect(twice.json().error.code).toBe('STATISTICS_SUBMISSION_RETURNED');
    const resubmitted = await northOfficer.post('/api/statistics/submissions', body);
    expect(resubmitted.statusCode, resubmitted.body).toBe(201);
    expect((await provinceOfficer.get(`/api/statistics/submissions/${resubmitted.json().id}`)).json().differences).toEqual([]);
    const journal = await world.ctx.db.selectFrom('journal').select('action').where('object_type', '=', 'statistics_submission').orderBy('id').execute();
    expect(journal.map((entry) => entry.action)).toEqual(['statistics.submit', 'statistics.return', 'statistics.submit']);
  });

  it('two officers submitting the same form and period at once: one is kept, the other is told it is locked', async () => {
    const a = await world.clientFor('org_officer', units.south);
    const b = await world.clientFor('org_officer', units.south);
    const body = { formKey: 'organizations', unitId: units.south, date: '2022-06-30' };
    const answers = await Promise.all([a.post('/api/statistics/submissions', body), b.post('/api/statistics/submissions', body)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
  });
});

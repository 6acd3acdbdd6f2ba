import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { anonymousClient, createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount, insertUnit } from '../../helpers/factories.ts';
import { insertDecision, insertProvinceTree, registerTestMember, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';
import {
  CSV_HEADER, applyJob, csvFile, personCells, readWorkbook, sheetRows, upload, uploadAndValidate, waitForJob, xlsxFile,
} from './helpers.ts';
import { readJobFile } from '../../../src/modules/member-import/member-import.repository.ts';
import { FILE_PART_BYTES } from '../../../src/db/file-parts.ts';
import { rowValidator } from '../../../src/modules/member-import/row-validation.ts';
import { todayInVietnam } from '../../../src/lib/dates.ts';

describe('member import through HTTP', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let other: ProvinceFixture;
  let officer: ApiClient;
  let outsider: ApiClient;

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Nhập');
    other = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Khác');
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: home.commune.id });
    officer = await signIn(ctx.app, account.username, account.password);
    const otherAccount = await createAccount(ctx.db, { role: 'org_officer', unitId: other.commune.id });
    outsider = await signIn(ctx.app, otherAccount.username, otherAccount.password);
  });
  afterAll(async () => { await ctx.close(); });

  async function memberCount(): Promise<number> {
    const row = await ctx.db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('hands out a real template: Vietnamese headers, drop-down lists, instructions and the caller\u2019s cells', async () => {
    const response = await officer.get('/api/member-import/template.xlsx');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = await readWorkbook(response.rawPayload);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Danh sách đảng viên', 'Hướng dẫn', 'Danh mục', 'Chi bộ']);
    const data = workbook.getWorksheet('Danh sách đảng viên')!;
    const header = sheetRows(data)[0];
    expect(header.slice(0, 3)).toEqual(['Họ và tên (*)', 'Giới tính (*)', 'Ngày sinh (*)']);
    expect(header).toContain('Dân tộc');
    const ethnicityColumn = String.fromCharCode(65 + header.indexOf('Dân tộc'));
    const validation = data.getCell(`${ethnicityColumn}2`).dataValidation;
    expect(validation).toMatchObject({ type: 'list' });
    expect(String(validation.formulae?.[0])).toContain('Danh mục');
    const lists = sheetRows(workbook.getWorksheet('Danh mục')!);
    expect(lists.filter((row) => row.includes('Ơ Đu'))).toHaveLength(1);
    expect(sheetRows(workbook.getWorksheet('Hướng dẫn')!).flat().join(' ')).toContain('dd/mm/yyyy');
    const cells = sheetRows(workbook.getWorksheet('Chi bộ')!).slice(1).map((row) => row[0]);
    expect(cells).toEqual(expect.arrayContaining([home.cellA.code, home.cellB.code]));
    expect(cells).not.toContain(other.cellA.code);
  });

  it('the filled-in template imports as it is', async () => {
    const template = await readWorkbook((await officer.get('/api/member-import/template.xlsx')).rawPayload);
    const sheet = template.getWorksheet('Danh sách đảng viên')!;
    const citizenId = validCitizenId('female', '1990-04-30');
    sheet.getRow(2).values = ['Trần Thị Bình', 'Nữ', new Date('1990-04-30T00:00:00Z'), citizenId, 'Hà Nội', 'Nam Định', 'Tày', 'Phật giáo', 'Trung học phổ thông',
      'Đại học', 'Trung cấp', 'Viên chức', 'TD-0001', home.cellA.code, new Date('2015-05-19T00:00:00Z'), null, new Date('2016-05-19T00:00:00Z'), 'Chính thức', null];
    const job = await uploadAndValidate(officer, home.commune.id, 'mau.xlsx', Buffer.from(await template.xlsx.writeBuffer()));
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ status: 'validated', totalRows: 1, validRows: 1, invalidRows: 0 });
    const applied = await applyJob(officer, job as never, 'all');
    expect(applied.statusCode).toBe(202);
    expect(await waitForJob(officer, job.id)).toMatchObject({ status: 'applied', appliedRows: 1 });
    const member = await ctx.db.selectFrom('members').selectAll().where('citizen_id', '=', citizenId).executeTakeFirstOrThrow();
    expect(member).toMatchObject({
      full_name: 'Trần Thị Bình', sex: 'female', birth_date: '1990-04-30', ethnicity: '02', religion: 'buddhism', education_level: 'upper_secondary',
      professional_level: 'university', theory_level: 'intermediate', occupation: 'public_employee', party_card_number: 'TD-0001',
      unit_id: home.cellA.id, admission_date: '2015-05-19', official_date: '2016-05-19', status: 'official', hometown: 'Nam Định',
    });
  });

  it('reads a CSV with a BOM and quoted cells, proposes the mapping, and reports every bad row without applying any', async () => {
    const existing = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: home.cellB.id, fullName: 'Lê Văn Có Sẵn' });
    const shared = validCitizenId('male', '1985-06-15');
    const rows = [
      personCells({ name: 'Nguyễn Văn "Tư", con', unitCode: home.cellA.code }),
      personCells({ name: 'Phạm Thị Năm', sex: 'Nữ', birth: '31/02/1990', unitCode: home.cellA.code }),
      personCells({ name: 'Hoàng Văn Sáu', unitCode: other.cellA.code }),
      personCells({ name: 'Đỗ Văn Bảy', unitCode: home.grassroots.code }),
      personCells({ name: 'Vũ Văn Tám', citizenId: existing.citizenId!, unitCode: home.cellA.code }),
      personCells({ name: 'Bùi Văn Chín', citizenId: shared, unitCode: home.cellA.code }),
      personCells({ name: 'Bùi Văn Mười', citizenId: shared, unitCode: home.cellB.code }),
      personCells({ name: 'Ngô Văn Mười Một', ethnicity: 'Atlantis', theory: 'cao cap', unitCode: home.cellB.code, admitted: '01/01/2012', official: '01/01/2011' }),
      personCells({ name: '', unitCode: home.cellB.code }),
      personCells({ name: 'Cao Văn Mười Ba', citizenId: '0010851', unitCode: 'KHONG-CO' }),
    ];
    const before = await memberCount();
    const uploaded = await upload(officer, home.commune.id, 'danh-sach.csv', csvFile(rows), 'text/csv');
    expect(uploaded.statusCode).toBe(201);
    const created = uploaded.json();
    expect(created).toMatchObject({ status: 'uploaded', format: 'csv', headerRow: 1 });
    expect(created.headers.map((header: { text: string }) => header.text)).toEqual(CSV_HEADER);
    expect(created.proposedMapping).toMatchObject({ fullName: 0, sex: 1, birthDate: 2, citizenId: 3, ethnicity: 4, religion: 5, theoryLevel: 6, unitCode: 7, admissionDate: 8, officialDate: 9, partyCardNumber: null });

    const started = await officer.post(`/api/member-import/jobs/${created.id}/validate`, { mapping: created.proposedMapping, expectedRowVersion: created.rowVersion });
    expect(started.statusCode).toBe(202);
    expect(started.json().status).toBe('validating');
    const job = await waitForJob(officer, created.id);
    expect(job).toMatchObject({ status: 'validated', totalRows: 10, validRows: 1, invalidRows: 9 });
    // The staged rows were analyzed by the validation, on every server version (migration 0048; -1: never analyzed).
    const staged = await sql<{ tuples: number }>`select reltuples::float8 as tuples from pg_class where oid = 'member_import_rows'::regclass`.execute(ctx.db);
    expect(staged.rows[0].tuples).toBeGreaterThan(0);

    const listed = await officer.get(`/api/member-import/jobs/${job.id}/rows?invalidOnly=true&limit=100`);
    expect(listed.statusCode).toBe(200);
    const problems = new Map<number, string[]>(listed.json().items.map((row: { rowNumber: number; problems: { code: string }[] }) => [row.rowNumber, row.problems.map((problem) => problem.code)]));
    expect(problems.get(3)).toEqual(['invalid_date']);
    expect(problems.get(4)).toEqual(['unit_not_found']);
    expect(problems.get(5)).toEqual(['unit_not_a_cell']);
    expect(problems.get(6)).toEqual(['citizen_id_exists']);
    expect(problems.get(7)).toEqual(['citizen_id_duplicate_in_file']);
    expect(problems.get(8)).toEqual(['citizen_id_duplicate_in_file']);
    expect(problems.get(9)).toEqual(expect.arrayContaining(['unknown_value', 'date_order']));
    expect(problems.get(10)).toEqual(['required']);
    expect(problems.get(11)).toEqual(expect.arrayContaining(['citizen_id_format', 'unit_not_found']));
    expect(problems.has(2)).toBe(false);
    const firstBad = listed.json().items.find((row: { rowNumber: number }) => row.rowNumber === 3);
    expect(firstBad.values['Họ và tên']).toBe('Phạm Thị Năm');
    expect(firstBad.problems[0].message).toBe('Ngày sinh: Ngày không hợp lệ (dd/mm/yyyy)');

    const refused = await applyJob(officer, job as never, 'all');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'IMPORT_HAS_INVALID_ROWS', details: { invalidRows: 9, validRows: 1 } });
    expect(await memberCount()).toBe(before);

    const report = await officer.get(`/api/member-import/jobs/${job.id}/report.xlsx`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-disposition']).toContain('danh-sach-loi.xlsx');
    const reportRows = sheetRows((await readWorkbook(report.rawPayload)).worksheets[0]);
    expect(reportRows[0]).toEqual([...CSV_HEADER, 'Lỗi']);
    expect(reportRows).toHaveLength(10);
    expect(reportRows[1][0]).toBe('Phạm Thị Năm');
    expect(reportRows[1][10]).toContain('Ngày sinh');
    expect(reportRows.map((row) => row[0])).not.toContain('Nguyễn Văn "Tư", con');

    const partial = await applyJob(officer, job as never, 'valid_only');
    expect(partial.statusCode).toBe(202);
    const done = await waitForJob(officer, job.id);
    expect(done).toMatchObject({ status: 'applied', appliedRows: 1, applyMode: 'valid_only' });
    expect(await memberCount()).toBe(before + 1);
    const member = await ctx.db.selectFrom('members').selectAll().where('full_name', '=', 'Nguyễn Văn "Tư", con').executeTakeFirstOrThrow();
    expect(member).toMatchObject({ unit_id: home.cellA.id, status: 'official', admission_date: '2010-02-03', official_date: '2011-02-03', theory_level: 'elementary', ethnicity: '01' });
    const events = await ctx.db.selectFrom('member_events').selectAll().where('member_id', '=', member.id).execute();
    expect(events).toMatchObject([{ kind: 'registration', status_after: 'official', unit_id: home.cellA.id }]);
    const placements = await ctx.db.selectFrom('member_placements').selectAll().where('member_id', '=', member.id).execute();
    expect(placements).toMatchObject([{ kind: 'official', unit_id: home.cellA.id, valid_to: null, event_id: events[0].id }]);
    const journal = await ctx.db.selectFrom('journal').selectAll().where('object_type', '=', 'member_import_job').where('object_id', '=', String(job.id)).orderBy('id').execute();
    expect(journal.map((entry) => entry.action)).toEqual(['member_import.upload', 'member_import.validate', 'member.import_batch', 'member_import.apply']);
    expect(journal[2]).toMatchObject({ unit_id: home.cellA.id, after: { memberIds: [member.id], rows: [2], count: 1 } });

    const again = await applyJob(officer, done as never, 'valid_only');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('IMPORT_ALREADY_APPLIED');
  });

  it('the fixed error report re-imports', async () => {
    const rows = [
      personCells({ name: 'Sai Ngày Sinh', birth: '30/02/1991', unitCode: home.cellA.code }),
      personCells({ name: 'Sai Chi Bộ', unitCode: 'KHONG-CO' }),
    ];
    const job = await uploadAndValidate(officer, home.commune.id, 'sua.csv', csvFile(rows));
    expect(job).toMatchObject({ validRows: 0, invalidRows: 2 });
    const nothing = await applyJob(officer, job as never, 'valid_only');
    expect(nothing.json().error.code).toBe('IMPORT_NO_VALID_ROWS');
    const workbook = await readWorkbook((await officer.get(`/api/member-import/jobs/${job.id}/report.xlsx`)).rawPayload);
    const sheet = workbook.worksheets[0];
    const header = sheetRows(sheet)[0];
    const birthColumn = header.indexOf('Ngày sinh') + 1;
    const unitColumn = header.indexOf('Mã chi bộ') + 1;
    const nameColumn = header.indexOf('Họ và tên') + 1;
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      if (row.getCell(nameColumn).value === 'Sai Ngày Sinh') row.getCell(birthColumn).value = '28/02/1991';
      else row.getCell(unitColumn).value = home.cellB.code;
    });
    // The citizen ID of the first row was made for 1985: fix it to match the corrected birth year.
    const idColumn = header.indexOf('Số CCCD') + 1;
    sheet.getRow(2).getCell(idColumn).value = validCitizenId('male', '1991-02-28');
    const fixed = await uploadAndValidate(officer, home.commune.id, 'sua-lai.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(fixed).toMatchObject({ status: 'validated', validRows: 2, invalidRows: 0 });
    expect(fixed.proposedMapping.fullName).toBe(nameColumn - 1);
    await applyJob(officer, fixed as never, 'all');
    expect(await waitForJob(officer, fixed.id)).toMatchObject({ status: 'applied', appliedRows: 2 });
  });

  it('reads typed .xlsx cells: real dates and citizen IDs that lost their leading zeros', async () => {
    const job = await uploadAndValidate(officer, home.commune.id, 'typed.xlsx', await xlsxFile([
      { name: 'Lý Văn Số', unitCode: home.cellB.code, birth: '01/01/1970', admitted: '02/09/1995', official: '02/09/1996' },
    ]));
    expect(job).toMatchObject({ status: 'validated', headerRow: 1, validRows: 1 });
    expect(job.proposedMapping.fullName).toBe(1); // the STT column comes first
    const rows = (await officer.get(`/api/member-import/jobs/${job.id}/rows`)).json().items;
    expect(rows[0].values['Ngày sinh']).toBe('1970-01-01');
    expect(rows[0].values['Số CCCD']).toMatch(/^1\d{9}$/);
  });

  it('stores the file in parts of 1 MB and reads it back byte for byte', async () => {
    // Through a binary COPY of the parts in order (`readJobFile`): Vietnamese letters (several bytes each) across the
    // parts' and the socket's chunks, and the byte order mark first.
    const file = csvFile(Array.from({ length: 10_000 }, (_, index) => personCells({ name: `Nguyễn Thị Ánh ${index}`, unitCode: home.cellA.code })));
    expect(file.length).toBeGreaterThan(FILE_PART_BYTES);
    const job = await uploadAndValidate(officer, home.commune.id, 'tep.csv', file);
    expect(job).toMatchObject({ status: 'validated', validRows: 10_000 });
    const parts = await ctx.db.selectFrom('member_import_file_parts').select(['part', sql<number>`length(data)`.as('bytes')])
      .where('job_id', '=', job.id).orderBy('part').execute();
    expect(parts.map((part) => part.part)).toEqual(Array.from({ length: Math.ceil(file.length / FILE_PART_BYTES) }, (_, index) => index));
    expect(parts.slice(0, -1).every((part) => part.bytes === FILE_PART_BYTES)).toBe(true);
    const read = await readJobFile(ctx.db, { id: job.id, size_bytes: file.length });
    expect(read.equals(file)).toBe(true);
    expect((await ctx.db.selectFrom('member_import_jobs').select('sha256').where('id', '=', job.id).executeTakeFirstOrThrow()).sha256)
      .toBe(crypto.createHash('sha256').update(file).digest('hex'));
    // A job without its parts, or with fewer bytes than its size says, is refused rather than read short.
    await expect(readJobFile(ctx.db, { id: 2 ** 40, size_bytes: 10 })).rejects.toThrow('0 of the 10 bytes');
    await expect(readJobFile(ctx.db, { id: job.id, size_bytes: file.length + 1 })).rejects.toThrow(`${file.length} of the ${file.length + 1} bytes`);
    await expect(readJobFile(ctx.db, { id: job.id, size_bytes: file.length - 1 })).rejects.toThrow('more than the');
  });

  it('stages every cell through COPY\u2019s escapes exactly as the checks read it', async () => {
    // Cells with what COPY's text format escapes (backslash, tab, carriage return, line feed), in every column the
    // staging writes as text; the columns of a fixed form (dates, codes) cannot hold them.
    const awkward = ['Tab\tvà\\gạch', 'Dòng\r\nmới', 'Về\rđầu', 'Kết thúc\\', '\\N', 'Nháy "kép"'];
    const rows = awkward.map((name, index) => personCells({ name: `Phạm ${name} ${index}`, unitCode: home.cellA.code }));
    const quoted = (cells: readonly string[]) => cells.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(',');
    const file = Buffer.from([quoted(CSV_HEADER), ...rows.map(quoted)].join('\r\n'), 'utf8');
    const job = await uploadAndValidate(officer, home.commune.id, 'ky-tu.csv', file);
    expect(job).toMatchObject({ status: 'validated', totalRows: rows.length });
    const staged = await ctx.db.selectFrom('member_import_rows').selectAll().where('job_id', '=', job.id).orderBy('row_number').execute();
    const validate = rowValidator({ mapping: job.proposedMapping, effectiveDate: todayInVietnam(), today: todayInVietnam() });
    expect(staged).toHaveLength(rows.length);
    for (const [index, row] of staged.entries()) {
      const checked = validate(rows[index]);
      expect(row.raw).toEqual(rows[index]);
      expect({ unitCode: row.unit_code, citizenId: row.citizen_id, fullName: row.full_name, nameFolded: row.name_folded, nameSortKey: row.name_sort_key })
        .toEqual({ unitCode: checked.unitCode, citizenId: checked.citizenId, fullName: checked.record?.fullName ?? null,
          nameFolded: checked.record?.nameFolded ?? null, nameSortKey: checked.record?.nameSortKey ?? null });
      expect(row.errors).toEqual(checked.problems);
    }
  });

  it('refuses files that are not spreadsheets, the old .xls format and empty files, by their bytes', async () => {
    const pdf = await upload(officer, home.commune.id, 'danh-sach.xlsx', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj', 'latin1'));
    expect(pdf.statusCode).toBe(422);
    expect(pdf.json().error.code).toBe('IMPORT_FILE_NOT_SPREADSHEET');
    const png = await upload(officer, home.commune.id, 'a.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    expect(png.json().error.code).toBe('IMPORT_FILE_NOT_SPREADSHEET');
    const xls = await upload(officer, home.commune.id, 'cu.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    expect(xls.json().error).toMatchObject({ code: 'IMPORT_FILE_LEGACY_XLS', message: expect.stringContaining('.xlsx') });
    const zip = await upload(officer, home.commune.id, 'fake.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]));
    expect(zip.json().error.code).toBe('IMPORT_FILE_NOT_SPREADSHEET');
    const empty = await upload(officer, home.commune.id, 'rong.csv', Buffer.alloc(0));
    expect(empty.statusCode).toBe(422);
    const noHeader = await upload(officer, home.commune.id, 'mot-cot.csv', Buffer.from('chỉ một cột\n1\n2\n'));
    expect(noHeader.json().error.code).toBe('IMPORT_NO_HEADER');
    const json = await officer.request('POST', `/api/member-import/jobs?unitId=${home.commune.id}&filename=a.json`, { a: 1 });
    expect(json.statusCode).toBe(415);
    const jobs = (await officer.get('/api/member-import/jobs')).json().items;
    expect(jobs.map((job: { filename: string }) => job.filename)).not.toContain('danh-sach.xlsx');
  });

  it('a file with a header and no rows ends as a failed job with IMPORT_NO_ROWS; semicolon-separated CSV is read too', async () => {
    const empty = await uploadAndValidate(officer, home.commune.id, 'chi-tieu-de.csv', csvFile([]));
    expect(empty).toMatchObject({ status: 'failed', error: { code: 'IMPORT_NO_ROWS', message: expect.stringContaining('không có dòng dữ liệu') } });
    const semicolons = Buffer.from(`${CSV_HEADER.join(';')}\n${personCells({ name: 'Chấm Phẩy', unitCode: home.cellA.code }).join(';')}\n`, 'utf8');
    const job = await uploadAndValidate(officer, home.commune.id, 'cham-phay.csv', semicolons);
    expect(job).toMatchObject({ status: 'validated', validRows: 1, invalidRows: 0 });
  });

  it('refuses a mapping without the required columns, or with a column used twice', async () => {
    const uploaded = await upload(officer, home.commune.id, 'thieu-cot.csv', csvFile([['Nguyễn Văn A', 'Nam']], ['Họ và tên', 'Giới tính']));
    const job = uploaded.json();
    expect(job.proposedMapping).toMatchObject({ fullName: 0, sex: 1, birthDate: null, unitCode: null });
    const incomplete = await officer.post(`/api/member-import/jobs/${job.id}/validate`, { mapping: job.proposedMapping, expectedRowVersion: job.rowVersion });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().error).toMatchObject({ code: 'IMPORT_MAPPING_INCOMPLETE', details: { missing: ['birthDate', 'unitCode', 'admissionDate'] } });
    const twice = await officer.post(`/api/member-import/jobs/${job.id}/validate`, {
      mapping: { fullName: 0, sex: 1, birthDate: 1, unitCode: 0, admissionDate: 1 }, expectedRowVersion: job.rowVersion,
    });
    expect(twice.json().error.code).toBe('IMPORT_MAPPING_INVALID');
    const missingColumn = await officer.post(`/api/member-import/jobs/${job.id}/validate`, {
      mapping: { fullName: 0, sex: 1, birthDate: 5, unitCode: 6, admissionDate: 7 }, expectedRowVersion: job.rowVersion,
    });
    expect(missingColumn.json().error).toMatchObject({ code: 'IMPORT_MAPPING_INVALID', details: { reason: 'no_such_column' } });
    const unknownField = await officer.post(`/api/member-import/jobs/${job.id}/validate`, { mapping: { nickname: 0 }, expectedRowVersion: job.rowVersion });
    expect(unknownField.statusCode).toBe(422);
    expect((await officer.get(`/api/member-import/jobs/${job.id}`)).json().status).toBe('uploaded');
  });

  it('refuses an upload over 50 MB with PAYLOAD_TOO_LARGE, by its declared length or as it streams, without reading it all', async () => {
    let produced = 0;
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    const endless = (limitMb: number) => new Readable({
      read() {
        if (produced >= limitMb * 1024 * 1024) { this.push(null); return; }
        produced += chunk.length;
        this.push(chunk);
      },
    });
    const declared = await ctx.app.inject({
      method: 'POST', url: `/api/member-import/jobs?unitId=${home.commune.id}&filename=big.csv`,
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrfToken, 'content-type': 'text/csv', 'content-length': String(200 * 1024 * 1024) },
      payload: endless(200),
    });
    expect(declared.statusCode).toBe(413);
    expect(declared.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(produced).toBeLessThan(1024 * 1024);
    produced = 0;
    const streamed = await ctx.app.inject({
      method: 'POST', url: `/api/member-import/jobs?unitId=${home.commune.id}&filename=big.csv`,
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrfToken, 'content-type': 'text/csv' },
      payload: endless(200),
    });
    expect(streamed.statusCode).toBe(413);
    expect(streamed.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(produced).toBeLessThan(64 * 1024 * 1024);
  });

  it('keeps jobs inside scope: another province\u2019s officer gets 404, and a unit outside scope cannot be the target', async () => {
    const job = (await upload(officer, home.commune.id, 'pham-vi.csv', csvFile([personCells({ name: 'Phạm Vi', unitCode: home.cellA.code })]))).json();
    expect((await outsider.get(`/api/member-import/jobs/${job.id}`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/member-import/jobs/${job.id}/validate`, { mapping: job.proposedMapping, expectedRowVersion: job.rowVersion })).statusCode).toBe(404);
    expect((await outsider.get(`/api/member-import/jobs/${job.id}/rows`)).statusCode).toBe(404);
    expect((await outsider.get('/api/member-import/jobs')).json().items.map((item: { id: number }) => item.id)).not.toContain(job.id);
    const foreign = await upload(officer, other.commune.id, 'ngoai.csv', csvFile([personCells({ name: 'Ngoài', unitCode: other.cellA.code })]));
    expect(foreign.statusCode).toBe(404);
    // A file for the commune may not place members in a cell of another grassroots organization outside the job's unit.
    const narrow = await uploadAndValidate(officer, home.cellA.id, 'hep.csv', csvFile([personCells({ name: 'Hẹp', unitCode: home.cellB.code })]));
    expect(narrow).toMatchObject({ validRows: 0, invalidRows: 1 });
    const viewer = await createAccount(ctx.db, { role: 'viewer', unitId: home.commune.id });
    const viewerClient = await signIn(ctx.app, viewer.username, viewer.password);
    expect((await viewerClient.get(`/api/member-import/jobs/${job.id}`)).statusCode).toBe(403);
    expect((await anonymousClient(ctx.app).get(`/api/member-import/jobs/${job.id}`)).statusCode).toBe(401);
  });

  it('a stale version or a second start is refused with CONFLICT or IMPORT_JOB_BUSY', async () => {
    const job = (await upload(officer, home.commune.id, 'dua.csv', csvFile([personCells({ name: 'Đua Tranh', unitCode: home.cellA.code })]))).json();
    const first = await officer.post(`/api/member-import/jobs/${job.id}/validate`, { mapping: job.proposedMapping, expectedRowVersion: job.rowVersion });
    expect(first.statusCode).toBe(202);
    const second = await officer.post(`/api/member-import/jobs/${job.id}/validate`, { mapping: job.proposedMapping, expectedRowVersion: job.rowVersion });
    expect([409]).toContain(second.statusCode);
    expect(['IMPORT_JOB_BUSY', 'CONFLICT']).toContain(second.json().error.code);
    const validated = await waitForJob(officer, job.id);
    const stale = await applyJob(officer, { id: job.id, rowVersion: job.rowVersion }, 'all');
    expect(stale.json().error.code).toBe('CONFLICT');
    expect((await applyJob(officer, validated as never, 'all')).statusCode).toBe(202);
    await waitForJob(officer, job.id);
  });

  it('cites the decision given at validation on every registration event and journal entry', async () => {
    const decisionId = await insertDecision(ctx.db, { signedOn: '2024-01-15' });
    const citizenId = validCitizenId('male', '1980-01-01');
    const job = await uploadAndValidate(officer, home.commune.id, 'qd.csv', csvFile([personCells({ name: 'Có Quyết Định', birth: '01/01/1980', citizenId, unitCode: home.cellA.code })]), {
      decisionId, effectiveDate: '2024-02-01',
    });
    expect(job).toMatchObject({ decisionId, effectiveDate: '2024-02-01', validRows: 1 });
    await applyJob(officer, job as never, 'all');
    await waitForJob(officer, job.id);
    const member = await ctx.db.selectFrom('members').select(['id', 'status_since']).where('citizen_id', '=', citizenId).executeTakeFirstOrThrow();
    // The status dates from the official date in the file (personCells' default), not from the import (issue 10).
    expect(member.status_since).toBe('2011-02-03');
    const event = await ctx.db.selectFrom('member_events').selectAll().where('member_id', '=', member.id).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ decision_id: decisionId, effective_date: '2024-02-01' });
    const entries = await ctx.db.selectFrom('journal').selectAll().where('object_id', '=', String(job.id)).where('action', 'in', ['member.import_batch', 'member_import.apply']).execute();
    expect(entries.every((entry) => entry.decision_id === decisionId && entry.effective_date === '2024-02-01')).toBe(true);
    const missing = await upload(officer, home.commune.id, 'qd2.csv', csvFile([personCells({ name: 'X', unitCode: home.cellA.code })]));
    const refused = await officer.post(`/api/member-import/jobs/${missing.json().id}/validate`, { mapping: missing.json().proposedMapping, expectedRowVersion: 0, decisionId: 999_999 });
    expect(refused.json().error.code).toBe('DECISION_NOT_FOUND');
    const future = await officer.post(`/api/member-import/jobs/${missing.json().id}/validate`, { mapping: missing.json().proposedMapping, expectedRowVersion: 0, effectiveDate: '2999-01-01' });
    expect(future.json().error.code).toBe('DATE_IN_FUTURE');
    // A date before the job's unit existed (year 1, a typo) is refused once, not blamed on every row's admission date.
    for (const effectiveDate of ['0001-01-01', '1929-12-31']) {
      const early = await officer.post(`/api/member-import/jobs/${missing.json().id}/validate`, { mapping: missing.json().proposedMapping, expectedRowVersion: 0, effectiveDate });
      expect(early.statusCode).toBe(422);
      expect(early.json().error).toMatchObject({ code: 'ORG_DATE_BEFORE_ESTABLISHED', details: { field: 'effectiveDate', date: effectiveDate } });
    }
    expect((await officer.get(`/api/member-import/jobs/${missing.json().id}`)).json()).toMatchObject({ status: 'uploaded', rowVersion: 0 });
  });

  it('a unit that is not a cell as the upload target still scopes its subtree', async () => {
    const cell = await insertUnit(ctx.db, { parentId: home.grassroots.id, kind: 'cell', name: 'Chi bộ mới lập', validFrom: '2023-06-01' });
    const job = await uploadAndValidate(officer, home.grassroots.id, 'moi.csv', csvFile([personCells({ name: 'Vào Sớm', unitCode: cell.code })]), { effectiveDate: '2023-01-01' });
    const rows = (await officer.get(`/api/member-import/jobs/${job.id}/rows`)).json().items;
    expect(rows[0].problems.map((problem: { code: string }) => problem.code)).toEqual(['unit_not_yet_established']);
  });
});

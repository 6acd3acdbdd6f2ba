import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memberIdentityInputSchema } from '../../../src/contracts/members.ts';
import { proposeMapping } from '../../../src/modules/member-import/mapping.ts';
import { IMPORT_STATUSES } from '../../../src/contracts/member-import.ts';
import { MEMBER_REFERENCE_LISTS } from '../../../src/contracts/member-reference.ts';
import { KeysSeenTwice, RowsSeen, identityIssues, type ImportRecord, normalizeCitizenId, parseDateCell, rowValidator } from '../../../src/modules/member-import/row-validation.ts';
import { memberNameKeys } from '../../../src/modules/members/bulk.ts';
import { COPY_STAGED_ROWS, STAGED_RECORD_COLUMNS, stagedRowLine } from '../../../src/modules/member-import/staged-rows.ts';
import { detectFormat } from '../../../src/modules/member-import/spreadsheet.ts';
import { foldText, vietnameseNameSortKey } from '../../../src/lib/text.ts';
import { AppError } from '../../../src/contracts/errors.ts';

describe('import building blocks', () => {
  it('reads dates as officers write them', () => {
    expect(parseDateCell('03/02/2010')).toBe('2010-02-03');
    expect(parseDateCell('3/2/2010')).toBe('2010-02-03');
    expect(parseDateCell('03-02-2010')).toBe('2010-02-03');
    expect(parseDateCell('03.02.2010')).toBe('2010-02-03');
    expect(parseDateCell('2010-02-03')).toBe('2010-02-03');
    expect(parseDateCell('40212')).toBe('2010-02-03'); // an Excel serial number
    expect(parseDateCell('29/02/2023')).toBeNull();
    expect(parseDateCell('29/02/2024')).toBe('2024-02-29');
    expect(parseDateCell('2010-02-30')).toBeNull();
    expect(parseDateCell('tháng 2')).toBeNull();
    expect(parseDateCell('12')).toBeNull();
  });

  it('gives back the leading zeros a spreadsheet took from a citizen ID', () => {
    expect(normalizeCitizenId('1085123456')).toBe('001085123456');
    expect(normalizeCitizenId('001 085 123 456')).toBe('001085123456');
    expect(normalizeCitizenId('12345')).toBe('12345');
  });

  it('computes the same name sort key as the registry', () => {
    for (const name of ['Nguyễn Văn An', 'Trần Thị Ánh Dương', 'Lê  Bá', 'Ngô', 'Tôn Nữ Thị Hồng Ân', '  Đặng Văn Đức ']) {
      // Twice: computed, then from the word cache.
      expect(memberNameKeys(name).nameSortKey).toBe(vietnameseNameSortKey(name));
      expect(memberNameKeys(name).nameSortKey).toBe(vietnameseNameSortKey(name));
    }
  });

  it('folds a name word by word exactly as the whole name folds', () => {
    // Vietnamese letters with their tones, combining marks alone, spaces of every kind, and any other text.
    const piece = fc.oneof(
      fc.constantFrom('Nguyễn', 'ĐẶNG', 'đức', 'Ánh', 'Ư', 'ơ', 'İ', 'ΑΣ', 'ß', '𠀀', 'a\u0301', '\u0301', '\u0323\u0300', ' ', '  ', '\t', '\n', '\u00a0', '\u3000'),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
      const name = pieces.join('');
      // Twice: computed, then from the word cache.
      expect(memberNameKeys(name).nameFolded).toBe(foldText(name));
      expect(memberNameKeys(name).nameFolded).toBe(foldText(name));
      expect(memberNameKeys(name).nameSortKey).toBe(vietnameseNameSortKey(name));
    }), { numRuns: 2_000 });
  });

  it('gives the fields staged without COPY\u2019s escapes only forms that need none', () => {
    // staged-rows.ts writes the codes of the lists, the statuses and the sexes as they are (a date is yyyy-mm-dd).
    const codes = [...Object.values(MEMBER_REFERENCE_LISTS).flat(), ...IMPORT_STATUSES].map((item) => item.code);
    expect(codes.length).toBeGreaterThan(100);
    for (const code of codes) expect(code).not.toMatch(/[\\\t\n\r]/);
  });

  it('stages a record\u2019s fields in the order of the columns COPY names', () => {
    const camel = (column: string) => column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    // Every field holds its own name, so the line shows which field went to which column.
    const record = Object.fromEntries(STAGED_RECORD_COLUMNS.map((column) => [camel(column), camel(column)])) as unknown as ImportRecord;
    const line = stagedRowLine('5', 9, ['a'], { record, problems: [], unitCode: 'CB', citizenId: null, partyCardNumber: null });
    const fields = line.slice(0, -1).split('\t');
    expect(fields.slice(6, 6 + STAGED_RECORD_COLUMNS.length)).toEqual(STAGED_RECORD_COLUMNS.map(camel));
    expect(COPY_STAGED_ROWS).toContain(`party_card_number, ${STAGED_RECORD_COLUMNS.join(', ')}, errors, is_valid`);
    expect(fields).toHaveLength(6 + STAGED_RECORD_COLUMNS.length + 2);
  });

  it('proposes a mapping from headers written in many ways', () => {
    const mapping = proposeMapping(['STT', 'HỌ VÀ TÊN (*)', 'Ngày tháng năm sinh', 'Giới tính', 'Số CCCD/định danh', 'Ngày sinh hoạt tại chi bộ', 'Ngày kết nạp', 'Mã đơn vị', 'Dân tộc', 'Ghi chú']);
    expect(mapping).toMatchObject({ fullName: 1, birthDate: 2, sex: 3, citizenId: 4, joinedUnitOn: 5, admissionDate: 6, unitCode: 7, ethnicity: 8, religion: null });
  });

  it('reports every problem of a row, not just the first', () => {
    const validate = rowValidator({ mapping: proposeMapping(['Họ và tên', 'Giới tính', 'Ngày sinh', 'Số CCCD', 'Mã chi bộ', 'Ngày vào Đảng', 'Ngày chính thức', 'Dân tộc']), effectiveDate: '2025-01-01', today: '2025-06-01' });
    const result = validate(['', 'Khác', '2030-01-01', '123', '', '01/01/2010', '01/01/2009', 'Kinh']);
    expect(result.record).toBeNull();
    expect(result.problems.map((problem) => `${problem.field}:${problem.code}`)).toEqual(expect.arrayContaining([
      'fullName:required', 'sex:unknown_value', 'birthDate:date_in_future', 'citizenId:citizen_id_format', 'unitCode:required', 'officialDate:date_order',
    ]));
    const good = validate(['Nguyễn Văn An', 'nam', '15/06/1985', '001085123456', 'CB-1', '03/02/2010', '03/02/2011', 'kinh']);
    expect(good.problems).toEqual([]);
    expect(good.record).toMatchObject({ fullName: 'Nguyễn Văn An', sex: 'male', birthDate: '1985-06-15', ethnicity: '01', status: 'official', effectiveDate: '2025-01-01', probationStart: '2010-02-03' });
  });

  it('the record of a good row carries every field, with the same keys whatever the row', () => {
    const validate = rowValidator({ mapping: proposeMapping(['Họ và tên', 'Giới tính', 'Ngày sinh', 'Số CCCD', 'Mã chi bộ', 'Ngày vào Đảng', 'Ngày chính thức', 'Dân tộc', 'Số thẻ đảng viên']), effectiveDate: '2025-01-01', today: '2025-06-01' });
    const first = validate(['Nguyễn Văn An', 'nam', '15/06/1985', '001085123456', 'CB-1', '03/02/2010', '03/02/2011', 'kinh', 'T-1']);
    const second = validate(['Trần Thị Bình', 'nữ', '1/1/1990', '', 'CB-2', '03/02/2015', '', '', '']);
    expect(first.record).toEqual({
      fullName: 'Nguyễn Văn An', ...memberNameKeys('Nguyễn Văn An'), sex: 'male', birthDate: '1985-06-15', birthplace: null, hometown: null,
      ethnicity: '01', religion: null, citizenId: '001085123456', partyCardNumber: 'T-1', educationLevel: null, professionalLevel: null,
      theoryLevel: null, occupation: null, unitCode: 'CB-1', admissionDate: '2010-02-03', probationStart: '2010-02-03',
      officialDate: '2011-02-03', status: 'official', effectiveDate: '2025-01-01',
    });
    expect(Object.keys(second.record!)).toEqual(Object.keys(first.record!));
    expect(second.record).toMatchObject({ citizenId: null, partyCardNumber: null, status: 'probationary', officialDate: null });
  });

  it('notes the citizen IDs and party cards a file holds twice, as the rows are staged (a citizen ID compared normalized)', () => {
    const keys = new KeysSeenTwice();
    for (const row of [
      { citizenId: '001085123456', partyCardNumber: 'T-1' }, { citizenId: null, partyCardNumber: 'T-2' },
      { citizenId: normalizeCitizenId('1085123456'), partyCardNumber: null }, { citizenId: '001085999999', partyCardNumber: 'T-2' },
      { citizenId: '001085123456', partyCardNumber: 'T-3' },
    ]) keys.note(row);
    expect(keys.twice).toEqual({ citizenIds: ['001085123456'], partyCardNumbers: ['T-2'] });
    expect(new KeysSeenTwice().twice).toEqual({ citizenIds: [], partyCardNumbers: [] });
  });

  it('sums up what the rows showed: every key once as it comes, each unit code with its earliest date, the rows valid on their own', () => {
    const validate = rowValidator({
      mapping: proposeMapping(['Họ và tên', 'Giới tính', 'Ngày sinh', 'Số CCCD', 'Mã chi bộ', 'Ngày vào Đảng', 'Ngày sinh hoạt tại chi bộ', 'Số thẻ đảng viên']),
      effectiveDate: '2025-01-01', today: '2025-06-01',
    });
    const seen = new RowsSeen();
    const rows = [
      ['Nguyễn Văn An', 'nam', '15/06/1985', '001085123456', 'CB-1', '03/02/2010', '', 'T-1'], // recorded on the job's date
      ['Trần Thị Bình', 'nữ', '1/1/1990', '', 'CB-1', '03/02/2015', '01/03/2016', 'T-2'], // joined the cell earlier
      ['', 'nam', '1/1/1990', '001090000001', 'CB-2', '03/02/2015', '01/03/2012', ''], // no name: no registration, no date
      ['Lê Văn Cường', 'nam', '1/1/1991', '001091000002', 'CB-3', '03/02/2015', '', 'T-1'], // valid on its own; card held twice
    ];
    // The keys each call finds first, as the worker posts them with each batch: every key of the file once.
    for (const cells of rows.slice(0, 2)) seen.note(validate(cells));
    expect(seen.takeNewKeys()).toEqual({ citizenIds: ['001085123456'], partyCardNumbers: ['T-1', 'T-2'] });
    for (const cells of rows.slice(2)) seen.note(validate(cells));
    expect(seen.takeNewKeys()).toEqual({ citizenIds: ['001090000001', '001091000002'], partyCardNumbers: [] });
    expect(seen.takeNewKeys()).toEqual({ citizenIds: [], partyCardNumbers: [] });
    expect(seen.summary).toEqual({
      twice: { citizenIds: [], partyCardNumbers: ['T-1'] },
      unitCodes: [{ code: 'CB-1', earliest: '2016-03-01' }, { code: 'CB-2', earliest: null }, { code: 'CB-3', earliest: '2025-01-01' }],
      validRows: 3,
    });
  });

  it('the identity check compiled from the schema finds exactly what the schema finds, on generated identities', () => {
    // The reference: a zod parse of the schema a single registration is checked with, its issues as the import reads them.
    const bySchema = (identity: Record<string, unknown>) => {
      const parsed = memberIdentityInputSchema.safeParse(identity);
      return parsed.success ? [] : parsed.error.issues.filter((issue) => issue.path[0] !== 'citizenId')
        .map((issue) => ({ field: String(issue.path[0] ?? 'row'), code: issue.code === 'too_big' ? 'too_big' : 'other' }));
    };
    const shape = memberIdentityInputSchema.shape;
    const codesOf = (field: keyof typeof shape): string[] => {
      const options = (shape[field] as unknown as { unwrap?: () => unknown }).unwrap?.() ?? shape[field];
      const inner = (options as { unwrap?: () => unknown }).unwrap?.() ?? options;
      return (inner as { options?: string[] }).options ?? [];
    };
    // Lengths around every bound (30, 200, 300), padded with spaces the schema trims, and any text at all.
    const text = fc.oneof(
      fc.constantFrom(0, 1, 29, 30, 31, 199, 200, 201, 299, 300, 301).chain((length) => fc.tuple(fc.constantFrom('', ' ', '  \t'), fc.constantFrom('a', 'Đ', ' '), fc.constantFrom('', ' ', '\n'))
        .map(([before, char, after]) => `${before}${char.repeat(length)}${after}`)),
      fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 320 }));
    const value = (field: keyof typeof shape) => fc.oneof(fc.constant(null), fc.constant(undefined), text, fc.integer(), ...(codesOf(field).length ? [fc.constantFrom(...codesOf(field))] : []));
    const date = fc.oneof(fc.date({ min: new Date('1800-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((day) => day.toISOString().slice(0, 10)),
      fc.constantFrom('2023-02-29', '2024-02-29', '1990-13-01', '15/06/1985', ''), text);
    const identity = fc.record(Object.fromEntries(Object.keys(shape).map((field) => [field, field === 'birthDate' ? date : value(field as keyof typeof shape)])), { requiredKeys: [] });
    fc.assert(fc.property(identity, (generated) => {
      expect(identityIssues(generated)).toEqual(bySchema(generated));
    }), { numRuns: 3_000 });
  });

  it('tells spreadsheets from other files by their first bytes', () => {
    expect(detectFormat(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('xlsx');
    expect(detectFormat(Buffer.from('\uFEFFHọ và tên,Giới tính\n', 'utf8'))).toBe('csv');
    expect(() => detectFormat(Buffer.from('%PDF-1.4'))).toThrow(AppError);
    expect(() => detectFormat(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toThrow(AppError);
  });
});

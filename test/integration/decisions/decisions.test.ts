import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount, insertUnit } from '../../helpers/factories.ts';

/** A multipart/form-data body with one file field. */
export function multipartFile(filename: string, content: Buffer, field = 'file', contentType = 'application/pdf') {
  const boundary = `----cellbase${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const pdf = (size = 2000) => Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(size), Buffer.from('\n%%EOF\n')]);

describe('decisions: record, search, scope and the signed PDF', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let admin: ApiClient;
  let province: { id: number };
  let otherProvince: { id: number };
  let commune: { id: number };
  let sibling: { id: number };
  let cell: { id: number };
  let officer: ApiClient;

  beforeAll(async () => {
    ctx = await createTestApp();
    const adminAccount = await createAccount(ctx.db, { role: 'admin', unitId: ctx.rootUnitId });
    admin = await signIn(ctx.app, adminAccount.username, adminAccount.password);
    province = await insertUnit(ctx.db, { parentId: ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Quyết Định' });
    otherProvince = await insertUnit(ctx.db, { parentId: ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Khác' });
    commune = await insertUnit(ctx.db, { parentId: province.id, kind: 'commune_committee', name: 'Xã Một' });
    sibling = await insertUnit(ctx.db, { parentId: province.id, kind: 'commune_committee', name: 'Xã Hai' });
    cell = await insertUnit(ctx.db, { parentId: commune.id, kind: 'grassroots_cell', name: 'Chi bộ Một' });
    const officerAccount = await createAccount(ctx.db, { role: 'org_officer', unitId: commune.id });
    officer = await signIn(ctx.app, officerAccount.username, officerAccount.password);
  });
  afterAll(async () => { await ctx?.close(); });

  const create = (client: ApiClient, body: Record<string, unknown>) => client.post('/api/decisions', { signedOn: '2024-03-01', issuingBody: 'Ban Thường vụ', ...body });

  it('records a decision and journals it; the same decision twice is DECISION_DUPLICATE', async () => {
    const response = await create(officer, { number: '12-QĐ/ĐU', issuingUnitId: commune.id, signer: 'Nguyễn Văn An', subject: 'Thành lập chi bộ' });
    expect(response.statusCode, response.body).toBe(201);
    const decision = response.json();
    expect(decision).toMatchObject({ number: '12-QĐ/ĐU', signedOn: '2024-03-01', issuingUnitId: commune.id, issuingUnitName: 'Xã Một', signer: 'Nguyễn Văn An', attachment: null });
    const journal = await ctx.db.selectFrom('journal').selectAll().where('action', '=', 'decision.create').where('object_id', '=', String(decision.id)).executeTakeFirstOrThrow();
    expect(journal).toMatchObject({ unit_id: commune.id, effective_date: '2024-03-01', decision_id: decision.id });
    const duplicate = await create(officer, { number: '12 - qd/đu', issuingUnitId: commune.id });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('DECISION_DUPLICATE');
    const count = await ctx.db.selectFrom('decisions').select((eb) => eb.fn.countAll<number>().as('n')).where('number_folded', '=', '12-qd/du').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('records many decisions in one request, each journaled as one alone, in the rows\' order', async () => {
    const rows = Array.from({ length: 30 }, (_, index) => ({
      number: `HL${100 + index}/QĐ`, signedOn: '2024-04-01', issuingBody: 'Ban Thường vụ', issuingUnitId: index % 2 === 0 ? commune.id : cell.id,
      ...(index === 0 ? { signer: 'Nguyễn Văn An', subject: 'Kết nạp đảng viên' } : {}),
    }));
    const response = await officer.post('/api/decisions/bulk', { rows });
    expect(response.statusCode, response.body).toBe(201);
    const items = response.json().items as { id: number; number: string; issuingUnitId: number; signer: string | null }[];
    expect(items.map((item) => item.number)).toEqual(rows.map((row) => row.number));
    expect(items[0]).toMatchObject({ signer: 'Nguyễn Văn An', issuingUnitId: commune.id, issuingUnitName: 'Xã Một' });
    const journal = await ctx.db.selectFrom('journal').select(['object_id', 'unit_id', 'decision_id', 'effective_date'])
      .where('action', '=', 'decision.create').where('object_id', 'in', items.map((item) => String(item.id))).execute();
    expect(journal).toHaveLength(30);
    for (const entry of journal) expect(entry).toMatchObject({ decision_id: Number(entry.object_id), effective_date: '2024-04-01' });
    // Each is a decision like any other: read alone, and citable.
    expect((await officer.get(`/api/decisions/${items[1].id}`)).json()).toMatchObject({ number: 'HL101/QĐ', issuingUnitId: cell.id });
  });

  it('a bulk request with bad rows records nothing and names every bad row with the single command\'s code', async () => {
    await create(officer, { number: '200-QĐ/ĐU', issuingUnitId: commune.id });
    const before = await ctx.db.selectFrom('decisions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const journalBefore = await ctx.db.selectFrom('journal').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const row = (number: string, extra: Record<string, unknown> = {}) => ({ number, signedOn: '2024-03-01', issuingBody: 'Ban Thường vụ', issuingUnitId: commune.id, ...extra });
    const response = await officer.post('/api/decisions/bulk', {
      rows: [row('201-QĐ/ĐU'), row('200 - qđ/đu'), row('202-QĐ/ĐU', { signedOn: '2999-01-01' }), row('203-QĐ/ĐU', { issuingUnitId: sibling.id }), row('201-qd/du'), row('204-QĐ/ĐU')],
    });
    expect(response.statusCode, response.body).toBe(422);
    const error = response.json().error;
    expect(error.code).toBe('BULK_ROWS_INVALID');
    expect(error.details.rows.map((bad: { index: number; code: string }) => [bad.index, bad.code])).toEqual([
      [1, 'DECISION_DUPLICATE'], [2, 'DATE_IN_FUTURE'], [3, 'NOT_FOUND'], [4, 'DECISION_DUPLICATE'],
    ]);
    expect(error.details.rows[3].details).toMatchObject({ firstIndex: 0 });
    expect(error.details.rows[0].message).toBe('Quyết định này đã được ghi nhận.');
    const after = await ctx.db.selectFrom('decisions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const journalAfter = await ctx.db.selectFrom('journal').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect([Number(after.n), Number(journalAfter.n)]).toEqual([Number(before.n), Number(journalBefore.n)]);
    // Only issuing units the caller cannot see: as one at a time, NOT_FOUND (404), the rows still named.
    const hidden = await officer.post('/api/decisions/bulk', { rows: [row('205-QĐ', { issuingUnitId: sibling.id }), row('206-QĐ', { issuingUnitId: otherProvince.id })] });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.details.rows).toHaveLength(2);
    // More rows than the documented maximum, and a row of the wrong shape.
    const tooMany = await officer.post('/api/decisions/bulk', { rows: Array.from({ length: 5_001 }, (_, index) => row(`${1000 + index}-QĐ`)) });
    expect(tooMany.json().error.code).toBe('BULK_TOO_MANY_ROWS');
    expect((await officer.post('/api/decisions/bulk', { rows: [row('207-QĐ', { color: 'red' })] })).statusCode).toBe(422);
    expect((await officer.post('/api/decisions/bulk', { rows: [] })).statusCode).toBe(422);
    const viewer = await createAccount(ctx.db, { role: 'viewer', unitId: commune.id });
    const viewerClient = await signIn(ctx.app, viewer.username, viewer.password);
    expect((await viewerClient.post('/api/decisions/bulk', { rows: [row('208-QĐ')] })).statusCode).toBe(403);
  });

  it('refuses bad input: future dates, unknown fields, issuing units out of scope', async () => {
    const future = await create(officer, { number: '1-QĐ', issuingUnitId: commune.id, signedOn: '2999-01-01' });
    expect(future.json().error.code).toBe('DATE_IN_FUTURE');
    const unknown = await create(officer, { number: '1-QĐ', issuingUnitId: commune.id, color: 'red' });
    expect(unknown.statusCode).toBe(422);
    const outside = await create(officer, { number: '2-QĐ', issuingUnitId: sibling.id });
    expect(outside.statusCode).toBe(404);
    // An ancestor's body may be recorded by its subordinate officer (the decision concerns them).
    const ancestor = await create(officer, { number: '3-QĐ/TU', issuingUnitId: province.id, issuingBody: 'Ban Thường vụ Tỉnh ủy' });
    expect(ancestor.statusCode, ancestor.body).toBe(201);
    const viewer = await createAccount(ctx.db, { role: 'viewer', unitId: commune.id });
    const viewerClient = await signIn(ctx.app, viewer.username, viewer.password);
    expect((await create(viewerClient, { number: '4-QĐ', issuingUnitId: commune.id })).statusCode).toBe(403);
  });

  it('reads decisions of its subtree and of its ancestors, not of siblings or other provinces', async () => {
    const own = (await create(admin, { number: '20-QĐ/ĐU', issuingUnitId: cell.id })).json();
    const fromProvince = (await create(admin, { number: '21-QĐ/TU', issuingUnitId: province.id })).json();
    const fromRoot = (await create(admin, { number: '22-QĐ/TW', issuingUnitId: ctx.rootUnitId })).json();
    const fromSibling = (await create(admin, { number: '23-QĐ/ĐU', issuingUnitId: sibling.id })).json();
    const fromOther = (await create(admin, { number: '24-QĐ/TU', issuingUnitId: otherProvince.id })).json();
    for (const visible of [own, fromProvince, fromRoot]) expect((await officer.get(`/api/decisions/${visible.id}`)).statusCode).toBe(200);
    for (const hidden of [fromSibling, fromOther]) {
      const response = await officer.get(`/api/decisions/${hidden.id}`);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    const list = (await officer.get('/api/decisions?limit=200')).json();
    const ids = list.items.map((item: { id: number }) => item.id);
    expect(ids).toEqual(expect.arrayContaining([own.id, fromProvince.id, fromRoot.id]));
    expect(ids).not.toContain(fromSibling.id);
    expect(ids).not.toContain(fromOther.id);
  });

  it('searches by number, text, date range and issuing unit, newest first, with paging', async () => {
    for (const [index, day] of ['2023-01-10', '2023-02-10', '2023-03-10', '2023-04-10'].entries()) {
      expect((await create(admin, { number: `${100 + index}-QĐ/ĐU`, signedOn: day, issuingUnitId: commune.id, subject: `Kiện toàn cấp ủy đợt ${index}` })).statusCode).toBe(201);
    }
    const byNumber = (await admin.get('/api/decisions?number=101-qd')).json();
    expect(byNumber.items.map((item: { number: string }) => item.number)).toEqual(['101-QĐ/ĐU']);
    const byText = (await admin.get(`/api/decisions?q=${encodeURIComponent('kien toan cap uy')}`)).json();
    expect(byText.items.map((item: { subject: string }) => item.subject)).toEqual(['Kiện toàn cấp ủy đợt 3', 'Kiện toàn cấp ủy đợt 2', 'Kiện toàn cấp ủy đợt 1', 'Kiện toàn cấp ủy đợt 0']);
    const byBody = (await admin.get(`/api/decisions?q=${encodeURIComponent('BAN THUONG VU')}&limit=1`)).json();
    expect(byBody.items).toHaveLength(1);
    const ranged = (await admin.get('/api/decisions?from=2023-02-01&to=2023-03-31')).json();
    expect(ranged.items.map((item: { signedOn: string }) => item.signedOn)).toEqual(['2023-03-10', '2023-02-10']);
    const reversed = await admin.get('/api/decisions?from=2023-04-01&to=2023-03-01');
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().error.code).toBe('DATE_RANGE_INVALID');
    const first = (await admin.get(`/api/decisions?issuingUnitId=${commune.id}&from=2023-01-01&to=2023-12-31&limit=3`)).json();
    expect(first.items.map((item: { signedOn: string }) => item.signedOn)).toEqual(['2023-04-10', '2023-03-10', '2023-02-10']);
    const second = (await admin.get(`/api/decisions?issuingUnitId=${commune.id}&from=2023-01-01&to=2023-12-31&limit=3&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((item: { signedOn: string }) => item.signedOn)).toEqual(['2023-01-10']);
    expect(second.nextCursor).toBeNull();
    expect((await officer.get(`/api/decisions?issuingUnitId=${sibling.id}`)).statusCode).toBe(404);
  });

  it('attaches a PDF (checked by its magic bytes), downloads it, and refuses other files and oversized ones', async () => {
    const decision = (await create(officer, { number: '30-QĐ/ĐU', issuingUnitId: commune.id })).json();
    const content = pdf();
    const upload = multipartFile('Quyết định số 30.pdf', content);
    const response = await officer.request('PUT', `/api/decisions/${decision.id}/attachment`, upload.payload, upload.headers);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().attachment).toMatchObject({ filename: 'Quyết định số 30.pdf', contentType: 'application/pdf', sizeBytes: content.length, sha256: crypto.createHash('sha256').update(content).digest('hex') });
    const download = await officer.get(`/api/decisions/${decision.id}/attachment`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.equals(content)).toBe(true);
    expect(String(download.headers['content-disposition'])).toContain(encodeURIComponent('Quyết định số 30.pdf'));

    const notPdf = multipartFile('virus.pdf', Buffer.from('MZ this is not a pdf'));
    const refused = await officer.request('PUT', `/api/decisions/${decision.id}/attachment`, notPdf.payload, notPdf.headers);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('ATTACHMENT_NOT_PDF');
    const big = multipartFile('big.pdf', pdf(21 * 1024 * 1024));
    const tooBig = await officer.request('PUT', `/api/decisions/${decision.id}/attachment`, big.payload, big.headers);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const json = await officer.request('PUT', `/api/decisions/${decision.id}/attachment`, { file: 'x' });
    expect(json.statusCode).toBe(415);
    // Still the first file.
    expect((await officer.get(`/api/decisions/${decision.id}`)).json().attachment.sizeBytes).toBe(content.length);
    const attachJournal = await ctx.db.selectFrom('journal').select(['action']).where('action', '=', 'decision.attach').where('object_id', '=', String(decision.id)).execute();
    expect(attachJournal).toHaveLength(1);
  });

  it('stores a PDF of several megabytes in parts and downloads it byte for byte (a binary COPY, a socket chunk at a time)', async () => {
    const decision = (await create(officer, { number: '33-QĐ/ĐU', issuingUnitId: commune.id })).json();
    const content = pdf(6 * 1024 * 1024);
    const upload = multipartFile('Quyết định số 33.pdf', content);
    const attached = await officer.request('PUT', `/api/decisions/${decision.id}/attachment`, upload.payload, upload.headers);
    expect(attached.statusCode).toBe(200);
    // Stored in parts of 1 MB, one statement each (migration 0055).
    const parts = await ctx.db.selectFrom('attachment_parts').select('part').where('attachment_id', '=', attached.json().attachment.id).orderBy('part').execute();
    expect(parts.map((row) => row.part)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const download = await officer.get(`/api/decisions/${decision.id}/attachment`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.length).toBe(content.length);
    expect(download.rawPayload.equals(content)).toBe(true);
  });

  it('hides the PDF of an out-of-scope decision and refuses uploads to it (404)', async () => {
    const hidden = (await create(admin, { number: '31-QĐ/ĐU', issuingUnitId: sibling.id })).json();
    const upload = multipartFile('a.pdf', pdf());
    expect((await admin.request('PUT', `/api/decisions/${hidden.id}/attachment`, upload.payload, upload.headers)).statusCode).toBe(200);
    expect((await officer.get(`/api/decisions/${hidden.id}/attachment`)).statusCode).toBe(404);
    const again = multipartFile('b.pdf', pdf());
    expect((await officer.request('PUT', `/api/decisions/${hidden.id}/attachment`, again.payload, again.headers)).statusCode).toBe(404);
    const withoutFile = await admin.get(`/api/decisions/${(await create(admin, { number: '32-QĐ', issuingUnitId: commune.id })).json().id}/attachment`);
    expect(withoutFile.statusCode).toBe(404);
  });

  it('a superior\'s decision: its PDF is the issuing side\'s; below, only the account that recorded it attaches one, once', async () => {
    const journalCount = async (id: number) => (await ctx.db.selectFrom('journal').select('id').where('action', '=', 'decision.attach').where('object_id', '=', String(id)).execute()).length;
    const put = (client: ApiClient, id: number, name: string) => {
      const upload = multipartFile(name, pdf());
      return client.request('PUT', `/api/decisions/${id}/attachment`, upload.payload, upload.headers);
    };
    // Recorded by the province's side, with its PDF: the commune's officer reads it and may cite it, never replace its text.
    const provinces = (await create(admin, { number: '40-QĐ/TU', issuingUnitId: province.id })).json();
    expect((await put(admin, provinces.id, 'ban-goc.pdf')).statusCode).toBe(200);
    const refused = await put(officer, provinces.id, 'gia-mao.pdf');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'DECISION_ATTACHMENT_NOT_YOURS', details: { decisionId: provinces.id, hasAttachment: true } });
    expect(refused.json().error.message).toContain('cấp trên');
    expect((await officer.get(`/api/decisions/${provinces.id}`)).json().attachment.filename).toBe('ban-goc.pdf');
    expect(await journalCount(provinces.id)).toBe(1);
    // Recorded by the province's side without a PDF: still not the commune's to give.
    const bare = (await create(admin, { number: '41-QĐ/TU', issuingUnitId: province.id })).json();
    expect((await put(officer, bare.id, 'x.pdf')).json().error).toMatchObject({ code: 'DECISION_ATTACHMENT_NOT_YOURS', details: { hasAttachment: false } });
    expect((await officer.get(`/api/decisions/${bare.id}`)).json().attachment).toBeNull();
    // Recorded by the commune's officer to cite it: the scan it holds goes with it once; then only the province replaces it.
    const recorded = (await create(officer, { number: '42-QĐ/TU', issuingUnitId: province.id })).json();
    expect((await put(officer, recorded.id, 'ban-chup.pdf')).statusCode).toBe(200);
    expect((await put(officer, recorded.id, 'ban-khac.pdf')).json().error.code).toBe('DECISION_ATTACHMENT_NOT_YOURS');
    expect((await put(admin, recorded.id, 'ban-chinh-thuc.pdf')).statusCode).toBe(200);
    expect((await officer.get(`/api/decisions/${recorded.id}`)).json().attachment.filename).toBe('ban-chinh-thuc.pdf');
    expect(await journalCount(recorded.id)).toBe(2);
    // The commune's own decisions stay the commune's to attach and replace.
    const own = (await create(officer, { number: '43-QĐ/ĐU', issuingUnitId: commune.id })).json();
    expect((await put(officer, own.id, 'a.pdf')).statusCode).toBe(200);
    expect((await put(officer, own.id, 'b.pdf')).statusCode).toBe(200);
  });
});

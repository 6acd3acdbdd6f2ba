/**
 * The decisions list's free-text search (`GET /api/decisions?q=`): the text, diacritics and case ignored, anywhere in
 * the number, the issuing body or the subject, in the caller's scope; read from the folded text the database keeps
 * (migration 0057), by the trigram index or, for one or two characters, by the same test without it; the newest
 * decisions first (src/modules/decisions/NOTES.md, "The free-text search").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount, insertUnit } from '../../helpers/factories.ts';
import type { DecisionList } from '../../../src/contracts/decisions.ts';

describe('decisions: the free-text search', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let admin: ApiClient;
  let officer: ApiClient;
  let province: { id: number };
  let commune: { id: number };
  let sibling: { id: number };
  let cell: { id: number };
  const ids: Record<string, number> = {};

  const record = async (key: string, body: Record<string, unknown>) => {
    const response = await admin.post('/api/decisions', { signedOn: '2024-03-01', ...body });
    expect(response.statusCode, response.body).toBe(201);
    ids[key] = response.json().id;
  };
  const search = async (client: ApiClient, q: string, extra = '') => {
    const response = await client.get(`/api/decisions?q=${encodeURIComponent(q)}${extra}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as DecisionList;
  };
  /** The keys of the decisions recorded here that the search returns (other tests' decisions left out). */
  const found = async (client: ApiClient, q: string) => {
    const list = await search(client, q, '&limit=200');
    const byId = new Map(Object.entries(ids).map(([key, id]) => [id, key]));
    return list.items.map((item) => byId.get(item.id)).filter((key): key is string => key !== undefined).sort();
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    const adminAccount = await createAccount(ctx.db, { role: 'admin', unitId: ctx.rootUnitId });
    admin = await signIn(ctx.app, adminAccount.username, adminAccount.password);
    province = await insertUnit(ctx.db, { parentId: ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Tìm Kiếm' });
    commune = await insertUnit(ctx.db, { parentId: province.id, kind: 'commune_committee', name: 'Xã Hoành Mô' });
    sibling = await insertUnit(ctx.db, { parentId: province.id, kind: 'commune_committee', name: 'Xã Đồng Văn' });
    cell = await insertUnit(ctx.db, { parentId: commune.id, kind: 'grassroots_cell', name: 'Chi bộ Thôn Một' });
    const officerAccount = await createAccount(ctx.db, { role: 'org_officer', unitId: commune.id });
    officer = await signIn(ctx.app, officerAccount.username, officerAccount.password);
    await record('province', {
      number: '125-QĐ/TU', issuingBody: 'Ban Thường vụ Tỉnh ủy Quảng Ninh', issuingUnitId: province.id, signedOn: '2024-01-10',
      subject: 'Về việc kiện toàn Ban Chấp hành Đảng bộ tỉnh',
    });
    await record('commune', {
      number: '7-NQ/ĐU', issuingBody: 'Đảng ủy xã Hoành Mô', issuingUnitId: commune.id, signedOn: '2024-02-10',
      subject: 'Về việc kết nạp đảng viên Nguyễn Thị Thu Hằng',
    });
    await record('sibling', {
      number: '31-QĐ/ĐU', issuingBody: 'Đảng ủy xã Đồng Văn', issuingUnitId: sibling.id, signedOn: '2024-02-20',
      subject: 'Về việc công nhận đảng viên chính thức Ngô Văn Đạt',
    });
    await record('noSubject', { number: 'HD-02/CB', issuingBody: 'Chi bộ Thôn Một', issuingUnitId: cell.id, signedOn: '2024-03-05' });
    // Where one part ends and the next begins: "… tổ chức" then "Chức năng …"; "… Dân vận Q" then "J …".
    await record('joins', {
      number: 'KQ-9/BDV', issuingBody: 'Ban Tổ chức Dân vận Q', issuingUnitId: commune.id, signedOn: '2024-03-10', subject: 'J hội nghị chức năng nhiệm vụ',
    });
    await record('percent', { number: '12-QĐ/ĐU', issuingBody: 'Đảng ủy xã Hoành Mô', issuingUnitId: commune.id, signedOn: '2024-03-15', subject: 'Tăng 50% định mức' });
  });
  afterAll(async () => { await ctx?.close(); });

  it('finds a decision by its number, issuing body or subject, diacritics and case ignored', async () => {
    for (const q of ['125-QĐ/TU', '125-qd/tu', 'qđ/tu', 'QD/TU']) expect(await found(admin, q), q).toEqual(['province']);
    for (const q of ['Ban Thường vụ Tỉnh ủy Quảng Ninh', 'thuong vu tinh uy quang ninh', 'THƯỜNG VỤ', 'tinh  uy   quang']) {
      expect(await found(admin, q), q).toEqual(['province']);
    }
    for (const q of ['kiện toàn ban chấp hành', 'KIEN TOAN', 'Đảng bộ tỉnh']) expect(await found(admin, q), q).toEqual(['province']);
    for (const q of ['Nguyễn Thị Thu Hằng', 'nguyen thi thu hang', 'THU HANG', 'ket nap']) expect(await found(admin, q), q).toEqual(['commune']);
    expect(await found(admin, 'hoanh mo')).toEqual(['commune', 'percent']);
    expect(await found(admin, 'ngo van dat')).toEqual(['sibling']);
    // A decision without a subject is found by its number and issuing body.
    expect(await found(admin, 'hd-02')).toEqual(['noSubject']);
    expect(await found(admin, 'chi bo thon mot')).toEqual(['noSubject']);
    expect(await found(admin, 'nothing like this')).toEqual([]);
  });

  it('matches one or two characters anywhere, as longer texts', async () => {
    expect(await found(admin, 'Q')).toEqual(['commune', 'joins', 'percent', 'province', 'sibling']);
    expect(await found(admin, 'đ')).toEqual(['commune', 'joins', 'noSubject', 'percent', 'province', 'sibling']);
    expect(await found(admin, 'kq')).toEqual(['joins']);
    expect(await found(admin, 'HD')).toEqual(['noSubject']);
    expect(await found(admin, 'Z')).toEqual([]);
  });

  it('does not match across the end of one part and the start of the next', async () => {
    expect(await found(admin, 'to chuc dan van q')).toEqual(['joins']);
    expect(await found(admin, 'j hoi nghi')).toEqual(['joins']);
    // The issuing body ends "… q", the subject starts "j …", the number ends "… bdv" and the body starts "ban …".
    for (const q of ['qj', 'q j', 'van q j hoi', 'bdvban', 'bdv ban', 'q chuc nang']) expect(await found(admin, q), q).toEqual([]);
  });

  it('takes % and _ in the text as themselves', async () => {
    expect(await found(admin, '50%')).toEqual(['percent']);
    expect(await found(admin, '%')).toEqual(['percent']);
    expect(await found(admin, '0%')).toEqual(['percent']);
    expect(await found(admin, '5%')).toEqual([]);
    expect(await found(admin, '_')).toEqual([]);
    expect(await found(admin, '12_qd')).toEqual([]);
  });

  it('stays in the caller\'s scope, its total too', async () => {
    // The commune's officer reads the commune's, its cell's and its ancestors' decisions, not the sibling commune's.
    expect(await found(officer, 'ngo van dat')).toEqual([]);
    expect(await found(officer, 'dong van')).toEqual([]);
    expect(await found(officer, '31-qđ')).toEqual([]);
    expect(await found(officer, 'đ')).toEqual(['commune', 'joins', 'noSubject', 'percent', 'province']);
    expect(await found(officer, 'dang')).toEqual(['commune', 'percent', 'province']);
    const mine = await search(officer, 'đảng viên');
    expect(mine.items.map((item) => item.id)).toEqual([ids.commune]);
    expect([mine.total, mine.totalCapped]).toEqual([1, false]);
    const all = await search(admin, 'đảng viên');
    expect(all.items.map((item) => item.id)).toEqual([ids.sibling, ids.commune]);
    expect(all.total).toBe(2);
    // With the list's other filters: the issuing unit's subtree, the dates.
    expect((await search(admin, 'đảng', `&issuingUnitId=${commune.id}`)).items.map((item) => item.id)).toEqual([ids.percent, ids.commune]);
    expect((await search(admin, 'd', `&issuingUnitId=${commune.id}&from=2024-03-01&to=2024-03-14`)).items.map((item) => item.id)).toEqual([ids.joins, ids.noSubject]);
  });

  it('finds decisions recorded in bulk', async () => {
    const response = await admin.post('/api/decisions/bulk', {
      rows: [
        { number: '40-QĐ/ĐU', signedOn: '2024-04-01', issuingBody: 'Đảng ủy xã Hoành Mô', issuingUnitId: commune.id, subject: 'Về việc khen thưởng Lê Văn Bảy' },
        { number: '41-QĐ/ĐU', signedOn: '2024-04-02', issuingBody: 'Đảng ủy xã Hoành Mô', issuingUnitId: commune.id },
      ],
    });
    expect(response.statusCode, response.body).toBe(201);
    const [praise, plain] = response.json().items as { id: number }[];
    expect((await search(officer, 'KHEN THƯỞNG lê văn bảy')).items.map((item) => item.id)).toEqual([praise.id]);
    expect((await search(officer, '41-qd')).items.map((item) => item.id)).toEqual([plain.id]);
  });
});

describe('decisions: the free-text search among many decisions', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let admin: ApiClient;
  let officer: ApiClient;
  let old: number[];
  let oldSibling: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    const adminAccount = await createAccount(ctx.db, { role: 'admin', unitId: ctx.rootUnitId });
    admin = await signIn(ctx.app, adminAccount.username, adminAccount.password);
    const province = await insertUnit(ctx.db, { parentId: ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Nhiều' });
    const commune = await insertUnit(ctx.db, { parentId: province.id, kind: 'commune_committee', name: 'Xã Cũ' });
    const sibling = await insertUnit(ctx.db, { parentId: province.id, kind: 'commune_committee', name: 'Xã Bên' });
    const officerAccount = await createAccount(ctx.db, { role: 'org_officer', unitId: commune.id });
    officer = await signIn(ctx.app, officerAccount.username, officerAccount.password);
    // Three old decisions of the commune and one of its sibling, then 6,000 newer ones of the province: more than the
    // search reads first (its newest decisions), so the old ones are found past them.
    old = [];
    for (const [index, signedOn] of ['2020-01-15', '2020-02-15', '2020-03-15'].entries()) {
      const response = await admin.post('/api/decisions', {
        number: `${index + 1}-QĐ/XC`, signedOn, issuingBody: 'Đảng ủy xã Cũ', issuingUnitId: commune.id, subject: `Về việc Xylophone đợt ${index + 1}`,
      });
      expect(response.statusCode, response.body).toBe(201);
      old.unshift(response.json().id);
    }
    const hidden = await admin.post('/api/decisions', {
      number: '9-QĐ/XB', signedOn: '2020-02-20', issuingBody: 'Đảng ủy xã Bên', issuingUnitId: sibling.id, subject: 'Về việc Xylophone của xã bên',
    });
    expect(hidden.statusCode, hidden.body).toBe(201);
    oldSibling = hidden.json().id;
    await sql`
      insert into decisions (number, number_folded, signed_on, issuing_body, issuing_unit_id, subject)
      select n || '-QĐ/TU', n || '-qd/tu', date '2024-01-01' + (n % 300), 'Ban Thường vụ Tỉnh ủy', ${province.id}::bigint, 'Về việc công tác cán bộ'
      from generate_series(1, 6000) n`.execute(ctx.db);
  });
  afterAll(async () => { await ctx?.close(); });

  const pages = async (client: ApiClient, q: string, limit: number) => {
    const seen: number[] = [];
    const first = (await client.get(`/api/decisions?q=${encodeURIComponent(q)}&limit=${limit}`)).json() as DecisionList;
    seen.push(...first.items.map((item) => item.id));
    let cursor = first.nextCursor;
    while (cursor) {
      const next = (await client.get(`/api/decisions?q=${encodeURIComponent(q)}&limit=${limit}&cursor=${cursor}`)).json() as DecisionList;
      expect(next.total).toBeNull();
      seen.push(...next.items.map((item) => item.id));
      cursor = next.nextCursor;
    }
    return { seen, total: first.total };
  };

  it('finds the old matches past the newest decisions, newest first, page by page, in scope', async () => {
    for (const q of ['xylophone', 'XYLO', 'ph', 'x']) {
      const mine = await pages(officer, q, 2);
      expect(mine, q).toEqual({ seen: old, total: 3 });
      const all = await pages(admin, q, 2);
      expect(all, q).toEqual({ seen: [old[0], oldSibling, old[1], old[2]], total: 4 });
    }
  });

  it('pages through a common text in the list\'s order, with its total', async () => {
    const common = await pages(admin, 'cong tac can bo', 200);
    expect(common.total).toBe(6000);
    expect(common.seen).toHaveLength(6000);
    const rows = await sql<{ id: number }>`
      select id from decisions where subject = 'Về việc công tác cán bộ' order by signed_on desc, id desc`.execute(ctx.db);
    expect(common.seen).toEqual(rows.rows.map((row) => Number(row.id)));
    // One character that most decisions hold: the first page of the newest, then the old ones at the end.
    const first = (await admin.get('/api/decisions?q=c&limit=3')).json() as DecisionList;
    expect(first.items.map((item) => item.id)).toEqual(rows.rows.slice(0, 3).map((row) => Number(row.id)));
    expect(first.total).toBe(6004);
  });
});

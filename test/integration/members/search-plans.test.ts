/**
 * Name search in a large subtree plans each name alternative on its own (members-query.repository.ts,
 * `officialByName`): a rare one ranked from its name index range, a common one by testing name order (at most
 * NAME_WALK_ROWS members; two words in a province: the family's members), then ranked when that was not enough.
 * With a province large enough for every plan, every query must give exactly the members a plain reading of the
 * rules gives, in Vietnamese order, page after page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp } from '../../helpers/app.ts';
import { insertProvinceTree, readScopeOf, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { NAME_COMMON_MATCHES, NAME_WALK_ROWS } from '../../../src/modules/members/members-query.repository.ts';
import { searchMembers } from '../../../src/modules/members/members-query.service.ts';
import { foldText, vietnameseNameSortKey } from '../../../src/lib/text.ts';

const FAMILY = ['Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Đặng'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Thu', 'Ngọc'];
const GIVEN = ['An', 'Anh', 'Bình', 'Hương', 'Hường', 'Lan', 'Tùng', 'Trang', 'Hùng', 'Ân'];

/** What the rules say a query matches (folded): a prefix of the name, a tail in whole words, or family + given. */
function matches(folded: string, q: string): boolean {
  const words = q.split(' ');
  const name = folded.split(' ');
  const reversed = [...name].reverse().join(' ');
  if (folded.startsWith(q) || reversed.startsWith([...words].reverse().join(' '))) return true;
  return words.length === 2 && name.length >= 2 && name[0] === words[0] && name[name.length - 1].startsWith(words[1]);
}

describe('name search across the window and the name indexes', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let tree: ProvinceFixture;
  let everyone: { id: number; folded: string }[];

  beforeAll(async () => {
    ctx = await createTestApp();
    tree = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Tìm Kiếm');
    const names: string[] = [];
    for (let index = 0; names.length < NAME_WALK_ROWS + 15_000; index++) {
      names.push(`${FAMILY[index % FAMILY.length]} ${MIDDLE[Math.floor(index / FAMILY.length) % MIDDLE.length]} ${GIVEN[Math.floor(index / 7) % GIVEN.length]}`);
    }
    // A rare family name: "vuong an" takes the family's range, not the given name's.
    names.push('Vương Văn An', 'Vương Thị Anh', 'Vương Hữu Bình', 'Vương An', 'Vương Ngọc Thu Ân');
    // A family whose first members in name order (given name An) all have one middle name and whose other middle name
    // goes with a given name late in the alphabet: "dinh thi" is common but absent from the family's first members.
    // Given names spelled with ư and with a letter from outside the Vietnamese alphabet: "nguyen un" finds both.
    names.push('Nguyễn Văn Ünal', 'Nguyễn Thị Ưng', 'Nguyễn Ủn');
    // A family larger than the walk whose first NAME_WALK_ROWS members all miss "ly thi": tested further.
    for (let index = 0; index < NAME_WALK_ROWS + 500; index++) names.push('Lý Văn An');
    for (let index = 0; index < NAME_COMMON_MATCHES; index++) names.push('Lý Thị Yến');
    for (let index = 0; index < 3_000; index++) names.push('Đinh Văn An');
    for (let index = 0; index < 1_500; index++) names.push('Đinh Thị Yến');
    // More members than the walk tests, each given name common: written straight into the current-state table (what the current list and search
    // read), with the name columns the registry computes, in one statement; the registration path is tested elsewhere.
    const cells = [tree.cellA, tree.cellB];
    await sql`
      insert into members (full_name, name_folded, name_sort_key, sex, birth_date, status, status_since, unit_id, scope_path, province_id, superior_id, grassroots_id)
      select x.full_name, x.name_folded, x.name_sort_key, x.sex, '1980-01-01', 'official', '2010-01-01', x.unit_id, u.scope_path, u.province_id, u.superior_id, u.grassroots_id
      from unnest(${names}::text[], ${names.map(foldText)}::text[], ${names.map(vietnameseNameSortKey)}::text[],
        ${names.map((name) => (name.includes(' Thị ') ? 'female' : 'male'))}::text[], ${names.map((_, index) => cells[index % 2].id)}::bigint[])
        as x(full_name, name_folded, name_sort_key, sex, unit_id)
      join org_units u on u.id = x.unit_id`.execute(ctx.db);
    await sql`analyze members`.execute(ctx.db);
    const rows = await sql<{ id: number; full_name: string }>`select id, full_name from members where province_id = ${tree.province.id} order by name_sort_key, id`.execute(ctx.db);
    everyone = rows.rows.map((row) => ({ id: row.id, folded: foldText(row.full_name) }));
  }, 120_000);
  afterAll(async () => { await ctx?.close(); });

  /** The ids of the first `maxPages` pages of `limit` results, following the cursors. */
  async function pages(q: string, scope: string[], limit: number, maxPages: number): Promise<{ ids: number[]; ended: boolean }> {
    const ids: number[] = [];
    let after: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const result = await searchMembers(ctx.db, readScopeOf(...scope), { q, limit, after });
      ids.push(...result.items.map((item) => item.id));
      if (!result.nextCursor) return { ids, ended: true };
      after = result.nextCursor;
    }
    return { ids, ended: false };
  }

  it('has common given names, and more members than the walk tests', () => {
    expect(everyone.length).toBeGreaterThan(NAME_WALK_ROWS);
    expect(everyone.filter((member) => matches(member.folded, 'trang')).length).toBeGreaterThanOrEqual(NAME_COMMON_MATCHES);
    // "trang" sorts after the members the walk tests: it is ranked from its range after the walk.
    expect(everyone.findIndex((member) => matches(member.folded, 'trang'))).toBeGreaterThan(NAME_WALK_ROWS);
    // "dinh thi" is common, and none of the family's first 3,000 members matches it.
    const dinh = everyone.filter((member) => member.folded.startsWith('dinh '));
    expect(dinh.filter((member) => matches(member.folded, 'dinh thi')).length).toBeGreaterThanOrEqual(NAME_COMMON_MATCHES);
    expect(dinh.slice(0, 3_000).some((member) => matches(member.folded, 'dinh thi'))).toBe(false);
    const ly = everyone.filter((member) => member.folded.startsWith('ly '));
    expect(ly.slice(0, NAME_WALK_ROWS).some((member) => matches(member.folded, 'ly thi'))).toBe(false);
  });

  it("gives each member's unit under its current name, read with the page", async () => {
    const result = await searchMembers(ctx.db, readScopeOf(tree.province.path), { q: 'nguyen van', limit: 20 });
    expect(result.items).toHaveLength(20);
    const names = new Map([[tree.cellA.id, 'Chi bộ Tìm Kiếm 1'], [tree.cellB.id, 'Chi bộ Tìm Kiếm 2']]);
    for (const item of result.items) expect(item.unitName).toBe(names.get(item.unitId));
  });

  // "nguyen", "nguyen van": common and spread through name order (walked); "huong": common, together, within the
  // walk; "trang": common, together, beyond it (ranked after the walk); "tran thi", "van tung", "dang ngoc an":
  // rare (ranked); "nguyen an", "tran huong", "vuong an": family and given name without the middle (by the given
  // name's range, or the rare family's); "dinh van": dense in its family's first members; "dinh thi": common, but
  // far into its family; "vuong van": rare within its family (ranked after the family is tested); "nguyen un":
  // given names spelled u, ư and ü; "ly thi": common, beyond the first NAME_WALK_ROWS of a family larger than that.
  for (const q of ['ly thi', 'nguyen un', 'dinh van', 'dinh thi', 'vuong van', 'nguyen', 'nguyen van', 'tran thi', 'huong', 'trang', 'van tung', 'nguyen an', 'tran huong', 'vuong an', 'vuong b', 'thu trang', 'dang ngoc an', 'hu', 'zzz']) {
    it(`"${q}": the same members as the rules give, in Vietnamese order, across pages`, async () => {
      const expected = everyone.filter((member) => matches(member.folded, q)).map((member) => member.id);
      // Small pages through the first results (the cursor crosses the window's end), then every result in large pages.
      const first = await pages(q, [tree.province.path], 7, 12);
      expect(first.ids).toEqual(expected.slice(0, first.ids.length));
      expect(first.ended).toBe(expected.length <= first.ids.length);
      const all = await pages(q, [tree.province.path], 200, 100);
      expect(all).toEqual({ ids: expected, ended: true });
      // The whole country (an administrator at the root) goes through the nationwide indexes.
      expect(await pages(q, [`/${ctx.rootUnitId}/`], 200, 100)).toEqual({ ids: expected, ended: true });
    });
  }
});

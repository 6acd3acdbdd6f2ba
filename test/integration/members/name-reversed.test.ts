import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase } from '../../helpers/database.ts';
import { foldText } from '../../../src/lib/text.ts';

/**
 * members.name_reversed is stored from member_name_reversed(name_folded). Its fast body (migration 0015) must give
 * exactly what the general word-by-word form gives, or search by the tail of a name would miss stored rows.
 */
describe('member_name_reversed', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(async () => { await database.drop(); });

  const samples = [
    '', ' ', '  ', 'a', 'an', 'nguyen an', 'nguyen van an', 'ton nu thi ngoc an', 'a b c d e f g h', 'a b c d e f g h i',
    'a b c d e f g h i j k', ' nguyen van an', 'nguyen van an ', 'nguyen  van an', 'mo dieu thi hoa bo',
    foldText('Hoàng Thị Thu Hà'), foldText('Ksor Hơ Ma Bia'), foldText('Đinh Núp'), foldText('Công Tôn Nữ Thị Kiều Diễm Phương Anh'),
  ];

  it('gives the words in reverse order, the same as the general form, for every sample', async () => {
    const result = await sql<{ input: string; fast: string; general: string }>`
      select s as input, member_name_reversed(s) as fast, member_name_reversed_words(s) as general from unnest(${samples}::text[]) as s`.execute(database.db);
    for (const row of result.rows) expect(row.fast, JSON.stringify(row.input)).toBe(row.general);
    const byInput = new Map(result.rows.map((row) => [row.input, row.fast]));
    expect(byInput.get('nguyen van an')).toBe('an van nguyen');
    expect(byInput.get('a b c d e f g h i j k')).toBe('k j i h g f e d c b a');
    expect(byInput.get('')).toBe('');
  });

  it('gives an empty string for null, as before', async () => {
    const result = await sql<{ value: string }>`select member_name_reversed(null) as value`.execute(database.db);
    expect(result.rows[0].value).toBe('');
  });
});

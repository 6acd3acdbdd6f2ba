// Temporary: writes a full digest of what the generator wrote (small and merged-province runs) for comparing before/after a refactor.
import fs from 'node:fs';
import { sql } from 'kysely';
import { it } from 'vitest';
import { createTestDatabase } from '../../helpers/database.ts';
import * as demo from '../../../tools/demo/index.ts';
import { createDb } from '../../../src/db/database.ts';

const TABLES: [string, string][] = [
  ['org_units', 'id'], ['org_unit_versions', 'id'], ['org_unit_links', 'id'], ['restructure_batches', 'id'], ['decisions', 'id'],
  ['members', 'id'], ['member_events', 'id'], ['member_placements', 'id'], ['member_transfers', 'id'], ['member_badge_awards', 'id'], ['journal', 'id'],
];
const SKIP = new Set(['created_at', 'updated_at', 'applied_at_now']);

it('digest', async () => {
  const label = process.env.DIGEST_LABEL ?? 'x';
  for (const province of [undefined, 'Hà Giang']) {
    const database = await createTestDatabase();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const generate = (demo as any).generateDemoData;
    if (generate.length === 3) await generate(database.db, database.url, { scale: 'small', seed: 4242, today: '2026-12-05', province });
    else { const owner = createDb(database.url); await generate(owner, { scale: 'small', seed: 4242, today: '2026-12-05', province }); await owner.destroy(); }
    const out: string[] = [];
    for (const [table, order] of TABLES) {
      const cols = (await sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = ${table} and table_schema = current_schema() order by ordinal_position`.execute(database.db)).rows.map((r) => r.column_name)
        .filter((c) => !SKIP.has(c) && !(table === 'journal' && c === 'recorded_at'));
      const rows = await sql.raw(`select ${cols.map((c) => `"${c}"::text`).join(', ')} from ${table} order by ${order}`).execute(database.db);
      out.push(`## ${table} ${rows.rows.length}`);
      for (const row of rows.rows) out.push(Object.values(row as object).join('|'));
      if (table === 'journal') {
        const rec = await sql.raw(`select recorded_at::text as r from journal where recorded_at < now() - interval '1 hour' order by id`).execute(database.db);
        out.push(`## journal past recorded_at ${rec.rows.length}`);
        for (const row of rec.rows) out.push((row as { r: string }).r);
      }
    }
    fs.writeFileSync(`/tmp/demo-digest/${label}-${province ?? 'qn'}.txt`, out.join('\n'));
    await database.drop();
  }
}, 600_000);

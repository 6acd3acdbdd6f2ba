// Temporary: digest of what an import writes, for comparing before/after a refactor.
import fs from 'node:fs';
import { sql } from 'kysely';
import { it } from 'vitest';
import { createTestApp, signIn } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertDecision, insertProvinceTree } from '../../helpers/member-factories.ts';
import { applyJob, csvFile, personCells, uploadAndValidate, waitForJob } from './helpers.ts';

it('digest', async () => {
  const ctx = await createTestApp();
  const home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Nhập');
  const account = await createAccount(ctx.db, { role: 'org_officer', unitId: home.commune.id });
  const officer = await signIn(ctx.app, account.username, account.password);
  const decisionId = await insertDecision(ctx.db, { signedOn: '2024-01-01', number: '77-QĐ/TU', issuingUnitId: home.province.id });
  const rows: string[][] = [];
  for (let i = 0; i < 23; i++) {
    rows.push(personCells({ name: `Nguyễn Văn Thử ${String.fromCharCode(65 + (i % 26))}`, sex: i % 2 ? 'Nữ' : 'Nam', birth: `1${i % 9}/0${1 + (i % 9)}/198${i % 10}`,
      citizenId: `001${i % 2 ? 1 : 0}8${i % 10}${String(100000 + i)}`, unitCode: i % 3 ? home.cellA.code : home.cellB.code, official: i % 4 ? '03/02/2011' : '' }));
  }
  rows.push(personCells({ name: 'Bad Row', unitCode: 'NO-SUCH-CELL', citizenId: '001085999999' }));
  const job = await uploadAndValidate(officer, home.commune.id, 'x.csv', csvFile(rows), { decisionId, effectiveDate: '2025-01-02' });
  const applied = await applyJob(officer, job as never, 'valid_only');
  if (applied.statusCode !== 202) throw new Error(applied.body);
  const done = await waitForJob(officer, job.id);
  const out: string[] = [JSON.stringify({ status: done.status, applied: done.appliedRows, valid: done.validRows, invalid: done.invalidRows })];
  const dump = async (label: string, text: string) => {
    const result = await sql.raw(text).execute(ctx.db);
    out.push(`## ${label} ${result.rows.length}`);
    for (const row of result.rows) out.push(JSON.stringify(row));
  };
  await dump('members', `select id, full_name, name_folded, name_sort_key, sex, birth_date, birthplace, hometown, ethnicity, religion, citizen_id, party_card_number, education_level, professional_level, theory_level, occupation, admission_date, probation_start, official_date, status, status_since, in_transit, unit_id, scope_path, province_id, superior_id, grassroots_id, created_by, row_version from members order by id`);
  await dump('events', `select id, member_id, kind, effective_date, decision_id, unit_id, status_after, payload::text, reason, transfer_id, corrects_event_id, voided_by_event_id, recorded_by from member_events order by id`);
  await dump('placements', `select * from member_placements order by id`);
  await dump('journal', `select account_id, action, object_type, object_id, unit_id, effective_date, decision_id, reason, before::text, after::text from journal where action like 'member%' order by id`);
  await dump('rows', `select row_number, member_id, is_valid, errors::text, registry_errors::text from member_import_rows order by row_number`);
  fs.writeFileSync(`/tmp/demo-digest/import-${process.env.DIGEST_LABEL ?? 'x'}.txt`, out.join('\n'));
  await ctx.close();
}, 300_000);

/**
 * The bulk writer of the admission files, for the demo data and the benchmark: files in progress spread over the
 * given cells and over the stages of the procedure, each with the deadline its stage has (set-based, one statement).
 */
import { sql } from 'kysely';
import type { Tx } from '../../kernel/index.ts';
import { CANDIDATE_SOURCES } from '../../contracts/admissions.ts';

/** The stages a file in progress can be at, with the next step, whom it waits on, and whether it has a deadline. */
const STAGES = [
  ['file', 'cell_vote', 'cell', false],
  ['cell_vote', 'grassroots_resolution', 'grassroots', true],
  ['grassroots_resolution', 'admission_decision', 'competent_level', true],
  ['admission_decision', 'ceremony', 'cell', true],
  ['ceremony', 'probation_review', 'cell', true],
  ['probation_review', 'recognition', 'competent_level', true],
] as const;

/**
 * Inserts `count` files in progress over `cellIds` (round robin), at every stage in turn, their deadlines spread over
 * the 120 days around `today`. Returns the number written. Synthetic people: no registry record is made for them.
 */
export async function insertSyntheticFiles(tx: Tx, input: { cellIds: readonly number[]; count: number; today: string; seed?: number }): Promise<number> {
  if (input.cellIds.length === 0 || input.count <= 0) return 0;
  const stages = STAGES.map(([stage]) => stage);
  const result = await sql`
    insert into admission_candidates (unit_id, full_name, name_folded, sex, birth_date, person, candidate_since, source, stage, next_step, due_by, waiting_on, status)
    select cells.ids[1 + (g % array_length(cells.ids, 1))], 'Quần chúng ' || g, 'quan chung ' || g, 'male', date '1995-01-01' + (g % 3000),
      jsonb_build_object('fullName', 'Quần chúng ' || g, 'sex', 'male', 'birthDate', (date '1995-01-01' + (g % 3000))::text),
      ${input.today}::date - 400, (${sql.val([...CANDIDATE_SOURCES])}::text[])[1 + (g % ${CANDIDATE_SOURCES.length})],
      (${sql.val(stages)}::text[])[1 + (g % ${stages.length})],
      (${sql.val(STAGES.map(([, next]) => next))}::text[])[1 + (g % ${stages.length})],
      case when (${sql.val(STAGES.map(([, , , due]) => due))}::boolean[])[1 + (g % ${stages.length})]
        then ${input.today}::date - 60 + ((g * 7919 + ${input.seed ?? 1}) % 120) end,
      (${sql.val(STAGES.map(([, , waiting]) => waiting))}::text[])[1 + (g % ${stages.length})],
      case when g % ${stages.length} >= 4 then 'admitted' else 'in_progress' end
    from generate_series(1, ${input.count}) g, (select ${sql.val([...input.cellIds])}::bigint[] as ids) cells`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * The party badges' bulk writer: besides the award commands, the only code that writes `member_badge_awards`. For
 * loads of badges already presented (demo data). Set-based: the source rows come as a select whose columns are
 * named as listed, each cast to its column's type, written in one statement in the source's order. The members'
 * highest badge follows by the table's trigger.
 */
import { sql, type Expression } from 'kysely';
import type { Tx } from '../../kernel/executor.ts';

/**
 * Writes presented badges. `source` yields, by name: `member_id`, `milestone`, `presented_on`, `decision_id`,
 * `early`, `unit_id` (the member's cell on the day, or null), `recorded_by`, `recorded_at` (null: now).
 */
export async function insertBadgeAwardsFrom(tx: Tx, source: Expression<unknown>): Promise<number> {
  const result = await sql`
    insert into member_badge_awards (member_id, milestone, presented_on, decision_id, early, unit_id, recorded_by, recorded_at)
    select s.member_id::bigint, s.milestone::int, s.presented_on::date, s.decision_id::bigint, coalesce(s.early::boolean, false), s.unit_id::bigint,
      s.recorded_by::bigint, coalesce(s.recorded_at::timestamptz, now())
    from (${source}) as s`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * The working-day calendar every deadline counts on (DOMAIN.md §2, §9): the statutory one (src/rules/working-days.ts:
 * weekends, public holidays with the lunar ones, the published yearly schedules) with the days the government moved
 * later laid over it, as the centre's officers recorded them (`working_day_overrides`, written by the admissions area,
 * journaled there). Read here, as the decision lookup is, because every area's deadlines need it: the registry's
 * recognition, the transfers' receipt and presentation, the admission pipeline's steps.
 */
import { workingCalendar, type WorkingCalendar } from '../rules/working-days.ts';
import type { Executor } from './executor.ts';

/** The calendar in force: the statutory one with every adjustment not voided (a small table: read whole). */
export async function workingCalendarOf(db: Executor): Promise<WorkingCalendar> {
  const rows = await db.selectFrom('working_day_overrides').select(['day', 'kind']).where('voided_at', 'is', null).orderBy('day').execute();
  return workingCalendar(rows.map((row) => ({ date: row.day, kind: row.kind })));
}

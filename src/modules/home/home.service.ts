/**
 * The home page (issue 10): where the caller works (their granted units, each with where it is and, for a cell, its
 * headcount) and what needs doing there: the work items every area declares (`ServerArea.workItems`), those whose
 * action the caller carries, each counted in the caller's scope by its owning area (asked on their own, so that a
 * slow count does not hold the page).
 */
import type { Home, WorkItemList } from '../../contracts/home.ts';
import type { WorkItem } from '../../http/context.ts';
import { callerMay, unitPlaces, type Caller, type Executor } from '../../kernel/index.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { CELL_KINDS, headcountOfUnit, memberReadScope } from '../members/index.ts';

export async function readHome(db: Executor, caller: Caller, workItems: readonly WorkItem[]): Promise<Home> {
  const today = todayInVietnam();
  // A member's own grant is their self-service, not a unit they work on.
  const grants = caller.grants.filter((grant) => grant.role !== 'member');
  const places = await unitPlaces(db, grants.map((grant) => grant.unitId), today);
  const seen = new Set<number>();
  const units: Home['units'] = [];
  for (const grant of grants) {
    const place = places.get(grant.unitId);
    if (!place || seen.has(grant.unitId)) continue;
    seen.add(grant.unitId);
    const isCell = (CELL_KINDS as readonly string[]).includes(place.kind);
    const headcount = isCell ? (await headcountOfUnit(db, grant.unitId, today, memberReadScope(caller))).total : null;
    units.push({ unitId: grant.unitId, role: grant.role, code: place.code, name: place.name, kind: place.kind, above: place.above, label: place.label, headcount });
  }
  return { today, units, workItems: visibleItems(caller, workItems).map((item) => item.key) };
}

/** The items whose action the caller carries somewhere, in the areas' order. */
function visibleItems(caller: Caller, workItems: readonly WorkItem[]): WorkItem[] {
  return workItems.filter((item) => callerMay(caller, item.action));
}

/**
 * The counts of the asked items (all the caller may see when `keys` is left out), each counted by its owning area in
 * the caller's scope, in parallel.
 */
export async function countWorkItems(db: Executor, caller: Caller, workItems: readonly WorkItem[], keys?: readonly string[]): Promise<WorkItemList> {
  const today = todayInVietnam();
  const asked = visibleItems(caller, workItems).filter((item) => !keys || keys.includes(item.key));
  const counts = await Promise.all(asked.map((item) => item.count(db, caller, today)));
  return { items: asked.map((item, index) => ({ key: item.key, count: counts[index].count, link: counts[index].link, params: counts[index].params ?? {} })) };
}

/**
 * The data the done scenario works on: the demo province from `cellbase demo-data --scale province` (run as a
 * second process against the server's data), or, where that command is not available, a small province built
 * through the API. Either way the units the scenario needs are then found through the API, as a person would find
 * them in the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { inject } from 'vitest';
import type { OrgChanges, OrgChildren, OrgNode, OrgNodeList, OrgUnitDetail } from '../../src/contracts/orgs.ts';
import type { ApiSession } from './helpers.ts';
import { seedProvince } from './province.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ScenarioUnits {
  province: OrgNode;
  /** A commune with at least one sibling, and that sibling. */
  commune: OrgNode;
  siblingCommune: OrgNode;
  /** Two live cells under the same parent. */
  cellA: OrgNode;
  cellB: OrgNode;
  /** A unit under the province established after `earlierDate`, so the tree differs between the two dates. */
  newer: { id: number; code: string; name: string; date: string };
  earlierDate: string;
  source: 'demo-data' | 'api';
}

/** The demo command, unless CELLBASE_BROWSER_PROVINCE=api asks for the small province built through the API. */
export function demoDataAvailable(): boolean {
  if (process.env.CELLBASE_BROWSER_PROVINCE === 'api') return false;
  return fs.existsSync(path.join(ROOT, 'src/cli/demo-data.command.ts'));
}

/** Loads the demo province into the suite's server, unless it is there already. */
export function runDemoData() {
  const env: NodeJS.ProcessEnv = { ...process.env, CELLBASE_DATA_DIR: inject('dataDir') };
  delete env.DATABASE_URL;
  if (inject('databaseUrl')) env.DATABASE_URL = inject('databaseUrl');
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/cellbase.mjs'), 'demo-data', '--scale', 'province'], { cwd: ROOT, env, encoding: 'utf8', timeout: 600_000 });
  // The suite's files share one server: the first to ask loads the province, the others find it there.
  if (result.status !== 0 && result.stderr.includes('DEMO_DATA_EXISTS')) return;
  if (result.status !== 0) throw new Error(`cellbase demo-data failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

/** Loads the demo province once, whichever file of the suite asks first (the journal records its generation). */
export async function ensureDemoProvince(api: ApiSession) {
  const loaded = await api.get<{ items: unknown[] }>('/api/journal?action=demo.generate&limit=1');
  if (loaded.items.length > 0) return;
  if (!demoDataAvailable()) throw new Error('the demo-data command is not available');
  runDemoData();
}

/**
 * The demo province, loaded if no file has yet: other files add small provinces of their own (Tỉnh Ghi Muộn, NC…,
 * TN…, the admissions walk's), so it is the one with the most units under it.
 */
export async function demoProvince(api: ApiSession): Promise<OrgNode | undefined> {
  await ensureDemoProvince(api);
  const roots = await api.get<OrgNodeList>('/api/orgs/roots');
  return (await children(api, roots.items[0].id))
    .filter((unit) => unit.kind === 'provincial_committee' && !unit.endedOn).sort((a, b) => b.childCount - a.childCount)[0];
}

/** Every child of a unit (on a date), through the pages of the API. */
export async function children(api: ApiSession, unitId: number, date?: string): Promise<OrgNode[]> {
  const items: OrgNode[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '500', ...(date ? { date } : {}), ...(cursor ? { cursor } : {}) });
    const page: OrgChildren = await api.get<OrgChildren>(`/api/orgs/units/${unitId}/children?${query}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

function dayBefore(date: string): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() - 1);
  return value.toISOString().slice(0, 10);
}

/** Loads the province (demo command or API) and finds the units the scenario needs. */
export async function prepareScenario(api: ApiSession): Promise<ScenarioUnits> {
  const source = demoDataAvailable() ? 'demo-data' : 'api';
  if (source === 'demo-data') runDemoData();
  else await seedProvince(api, 'A');

  const roots = await api.get<OrgNodeList>('/api/orgs/roots');
  const root = roots.items[0];
  // Other files of the suite may have built small provinces of their own: the biggest is the demo's.
  const provinces = (await children(api, root.id)).filter((unit) => unit.kind === 'provincial_committee' && unit.childCount > 1).sort((a, b) => b.childCount - a.childCount);
  for (const province of provinces) {
    const communes = (await children(api, province.id)).filter((unit) => unit.kind === 'commune_committee');
    if (communes.length < 2) continue;
    // Two cells under one parent, searched breadth-first under the communes.
    let pair: [OrgNode, OrgNode] | null = null;
    let commune: OrgNode | null = null;
    for (const candidate of communes) {
      const queue = [candidate];
      while (queue.length && !pair) {
        const unit = queue.shift()!;
        const below = await children(api, unit.id);
        const cells = below.filter((child) => child.kind === 'cell' && child.childCount === 0);
        if (cells.length >= 2) pair = [cells[0], cells[1]];
        queue.push(...below.filter((child) => child.childCount > 0));
      }
      if (pair) {
        commune = candidate;
        break;
      }
    }
    if (!pair || !commune) continue;
    // The most recent establishment under the province: look back one year, then further.
    let newer: OrgChanges['established']['items'][number] | undefined;
    for (const years of [1, 5, 100]) {
      const from = new Date(Date.now() - years * 365 * 86400_000).toISOString().slice(0, 10);
      const changes = await api.get<OrgChanges>(`/api/orgs/units/${province.id}/changes?from=${from < province.establishedOn ? province.establishedOn : from}&limit=1000`);
      const candidates = changes.established.items.filter((event) => event.date > province.establishedOn).sort((a, b) => b.date.localeCompare(a.date));
      // It must still be there today, to be found in today's tree.
      for (const event of candidates) {
        const unit = await api.get<OrgUnitDetail>(`/api/orgs/units/${event.unitId}`);
        if (unit.existsOnDate) {
          newer = event;
          break;
        }
      }
      if (newer) break;
    }
    if (!newer) continue;
    return {
      province,
      commune,
      siblingCommune: communes.find((unit) => unit.id !== commune!.id)!,
      cellA: pair[0],
      cellB: pair[1],
      newer: { id: newer.unitId, code: newer.code, name: newer.name, date: newer.date },
      earlierDate: dayBefore(newer.date),
      source,
    };
  }
  throw new Error('no province with two communes, two sibling cells and a later establishment was found');
}

/**
 * A province's years, as an integrator migrating from another system holds them: the tree on the first day, the
 * members on the first day (a spreadsheet), then dated events in the order they happened (restructuring batches,
 * admissions, recognitions as official, transfers, removals). Deterministic: the same sizes and seed give the same
 * story. The story also keeps what its own events imply (who is where, with which status, on each checkpoint date),
 * so that what cellbase reports afterwards can be compared with it figure by figure.
 *
 * The rules the events respect are the registry's (DOMAIN.md §2): admission at 18–60 counted at the cell's vote, the
 * ceremony after the decision, probation of 12 months from the ceremony, recognition decided on or after its end;
 * a transfer accepted by a cell of another grassroots organization; removal of an official member. Before 1/7/2025
 * the province has districts (DOMAIN.md §1), which is when this story takes place.
 */
import { Random } from '../demo/random.ts';
import { FAMILY_NAMES_NORTH, GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE, MIDDLE_NAMES_FEMALE_YOUNG, MIDDLE_NAMES_MALE_YOUNG } from '../demo/people.ts';

export interface StorySize {
  districts: number;
  /** Grassroots organizations per district. */
  grassrootsPerDistrict: number;
  /** Share of grassroots organizations that are grassroots committees (with cells); the others are grassroots cells. */
  committeeShare: number;
  /** Cells per grassroots committee (mean). */
  cellsPerCommittee: number;
  /** Members on the first day. */
  members: number;
  batches: number;
  transfers: number;
  admissions: number;
  removals: number;
}

/** The story the issue describes: ≈5,700 units, 78,400 members, 189 batches, 240 transfers, 12,357 admissions, 1,045 removals. */
export const PROVINCE_STORY: StorySize = {
  districts: 14, grassrootsPerDistrict: 50, committeeShare: 0.6, cellsPerCommittee: 11.9,
  members: 78_400, batches: 189, transfers: 240, admissions: 12_357, removals: 1_045,
};

/** The same story, small enough for a test. */
export const SMALL_STORY: StorySize = {
  districts: 3, grassrootsPerDistrict: 4, committeeShare: 0.5, cellsPerCommittee: 4,
  members: 400, batches: 12, transfers: 10, admissions: 60, removals: 12,
};

export const STORY_START = '2020-01-01';
export const STORY_END = '2024-06-30';

export type UnitKind = 'provincial_committee' | 'district_committee' | 'grassroots_committee' | 'grassroots_cell' | 'cell';

export interface StoryUnit {
  code: string;
  name: string;
  kind: UnitKind;
  sector: 'commune_ward' | 'enterprise_private' | 'agency' | null;
  /** null for the province (it goes under the tree's root). */
  parentCode: string | null;
}

export interface StoryPerson {
  fullName: string;
  sex: 'male' | 'female';
  birthDate: string;
  /** The party card number: the integrator's key for a member, and a column of the spreadsheet. */
  partyCardNumber: string;
}

export interface FirstDayMember extends StoryPerson {
  unitCode: string;
  status: 'official' | 'probationary';
  admissionDate: string;
  probationStart: string;
  officialDate: string | null;
}

/** A restructuring batch; units are named by code (the client knows their ids). */
export type StoryBatch =
  | { operation: 'establish'; units: StoryUnit[] }
  | { operation: 'rename'; unitCode: string; name: string }
  | { operation: 'move'; unitCodes: string[]; newParentCode: string; kind?: 'cell' }
  /** A grassroots cell grown into a grassroots committee: its members go into a cell the batch creates. */
  | { operation: 'upgrade'; unitCode: string; membersTo: { code: string; name: string } }
  | { operation: 'merge'; sourceCodes: string[]; intoCode: string }
  | { operation: 'dissolve'; unitCodes: string[] };

export type StoryEvent =
  | { type: 'batch'; date: string; batch: StoryBatch }
  | { type: 'admissions'; date: string; issuerCode: string; rows: { person: StoryPerson; unitCode: string; cellVoteDate: string; ceremonyDate: string }[] }
  | { type: 'recognitions'; date: string; issuerCode: string; cards: string[] }
  | { type: 'transfers'; date: string; issuerCode: string; rows: { card: string; toUnitCode: string }[]; receivedOn: string }
  | { type: 'removals'; date: string; issuerCode: string; cards: string[] };

/** What the story implies on a date: members by status per district and for the province; units by kind. */
export interface Checkpoint {
  date: string;
  province: { official: number; probationary: number };
  districts: Record<string, { official: number; probationary: number }>;
  unitsByKind: Record<string, number>;
}

export interface Story {
  size: StorySize;
  provinceCode: string;
  units: StoryUnit[];
  members: FirstDayMember[];
  events: StoryEvent[];
  checkpoints: Checkpoint[];
}

// ---------------------------------------------------------------------------------------------------------------

interface SimUnit {
  unit: StoryUnit; alive: boolean; members: Set<string>; pendingIn: number; touchedOn: string;
  /** [from, to) of its life, and its parent from each date (history, for the checkpoints). */
  from: string; to: string | null; parents: { date: string; parentCode: string | null }[];
  /** Its kind from each date (upgrades, a grassroots cell become a cell of a committee). */
  kinds: { date: string; kind: UnitKind }[];
}
type MemberState = 'official' | 'probationary' | 'removed';
interface SimMember {
  card: string; unitCode: string; status: MemberState; probationEnds: string | null; inTransit: boolean;
  /** Where the member was and with which status from each date on, as history will say once everything is entered. */
  history: { date: string; unitCode: string; status: MemberState }[];
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month, 2)}-${pad(Math.min(d, last), 2)}`;
}

function weightedName(random: Random, table: [string, number][]): string {
  return random.weighted(table.map(([name]) => name), table.map(([, weight]) => weight));
}

function person(random: Random, serial: number, born: { from: string; to: string }): StoryPerson {
  const sex = random.chance(0.45) ? 'female' : 'male';
  const family = weightedName(random, FAMILY_NAMES_NORTH);
  const middle = weightedName(random, sex === 'female' ? MIDDLE_NAMES_FEMALE_YOUNG : MIDDLE_NAMES_MALE_YOUNG);
  const given = weightedName(random, sex === 'female' ? GIVEN_NAMES_FEMALE : GIVEN_NAMES_MALE);
  return { fullName: `${family} ${middle} ${given}`, sex, birthDate: random.dateBetween(born.from, born.to), partyCardNumber: `MT${pad(serial, 8)}` };
}

/** Generates the story of a province of the given size. */
export function buildStory(size: StorySize, seed = 2020): Story {
  const random = new Random(seed);
  const provinceCode = 'MT';
  const units: StoryUnit[] = [];
  const sim = new Map<string, SimUnit>();
  const add = (unit: StoryUnit, date: string) => {
    sim.set(unit.code, { unit, alive: true, members: new Set(), pendingIn: 0, touchedOn: date, from: date, to: null, parents: [{ date, parentCode: unit.parentCode }], kinds: [{ date, kind: unit.kind }] });
    units.push(unit);
  };
  add({ code: provinceCode, name: 'Đảng bộ tỉnh Minh Thạnh', kind: 'provincial_committee', sector: null, parentCode: null }, STORY_START);
  const districts: string[] = [];
  for (let d = 1; d <= size.districts; d++) {
    const code = `${provinceCode}.H${pad(d, 2)}`;
    districts.push(code);
    add({ code, name: `Đảng bộ huyện Minh Thạnh ${d}`, kind: 'district_committee', sector: null, parentCode: provinceCode }, STORY_START);
    for (let g = 1; g <= size.grassrootsPerDistrict; g++) {
      const gCode = `${code}.G${pad(g, 3)}`;
      const committee = random.chance(size.committeeShare);
      const sector = random.weighted(['commune_ward', 'enterprise_private', 'agency'] as const, [6, 2, 2]);
      const place = sector === 'commune_ward' ? `xã Tân Lập ${d}-${g}` : sector === 'agency' ? `Phòng Văn hóa ${d}-${g}` : `Công ty Minh Phát ${d}-${g}`;
      add({ code: gCode, name: committee ? `Đảng bộ ${place}` : `Chi bộ ${place}`, kind: committee ? 'grassroots_committee' : 'grassroots_cell', sector, parentCode: code }, STORY_START);
      if (committee) {
        const cells = Math.max(2, Math.round(random.normal(size.cellsPerCommittee, size.cellsPerCommittee / 3, 2, size.cellsPerCommittee * 2)));
        for (let c = 1; c <= cells; c++) add({ code: `${gCode}.C${pad(c, 2)}`, name: `Chi bộ khu ${c}`, kind: 'cell', sector: null, parentCode: gCode }, STORY_START);
      }
    }
  }
  const firstDayUnits = units.slice();
  const memberCells = () => [...sim.values()].filter((item) => item.alive && (item.unit.kind === 'cell' || item.unit.kind === 'grassroots_cell'));
  const people = new Map<string, SimMember>();
  let serial = 0;
  const setState = (member: SimMember, date: string, change: { unitCode?: string; status?: MemberState }) => {
    if (change.unitCode) member.unitCode = change.unitCode;
    if (change.status) member.status = change.status;
    member.history.push({ date, unitCode: member.unitCode, status: member.status });
  };

  // The first day: members spread over the cells, a few still on probation (admitted in 2019).
  const firstDay: FirstDayMember[] = [];
  const cells = memberCells();
  for (let i = 0; i < size.members; i++) {
    const cell = cells[i < cells.length ? i : random.int(0, cells.length - 1)];
    const base = person(random, ++serial, { from: '1945-01-01', to: '1998-12-31' });
    const probationary = random.chance(0.03);
    const admissionDate = probationary ? random.dateBetween('2019-01-10', '2019-11-30') : random.dateBetween(addMonths(base.birthDate, 12 * 19), '2018-06-30');
    const probationStart = addDays(admissionDate, 10);
    const member: FirstDayMember = {
      ...base, unitCode: cell.unit.code, status: probationary ? 'probationary' : 'official',
      admissionDate, probationStart, officialDate: probationary ? null : addMonths(probationStart, 12),
    };
    firstDay.push(member);
    cell.members.add(base.partyCardNumber);
    people.set(base.partyCardNumber, {
      card: base.partyCardNumber, unitCode: cell.unit.code, status: member.status, probationEnds: probationary ? addMonths(probationStart, 12) : null,
      inTransit: false, history: [{ date: STORY_START, unitCode: cell.unit.code, status: member.status }],
    });
  }

  // Dated events, month by month. Each month gets its share of every kind; district committees decide admissions,
  // recognitions and removals once a quarter; the province decides restructuring and transfers.
  const events: StoryEvent[] = [];
  const months: string[] = [];
  for (let month = addMonths(STORY_START, 1); month <= STORY_END; month = addMonths(month, 1)) months.push(month);
  const share = (total: number, index: number, parts: number) => Math.floor((total * (index + 1)) / parts) - Math.floor((total * index) / parts);
  const quarters = months.filter((_, index) => index % 3 === 2);
  const world: World = { random, sim, districts, people, setState, nextCell: 0 };
  const pendingTransfers: { member: SimMember; to: SimUnit; receivedOn: string }[] = [];
  const districtNow = (unitCode: string) => districtAsOf(sim, unitCode, '9999-12-31');

  months.forEach((month, index) => {
    const day = (n: number) => `${month.slice(0, 8)}${pad(n, 2)}`;
    // Transfers issued last month are received on the 5th.
    for (const transfer of pendingTransfers.splice(0)) {
      sim.get(transfer.member.unitCode)!.members.delete(transfer.member.card);
      transfer.to.members.add(transfer.member.card);
      transfer.to.pendingIn--;
      transfer.member.inTransit = false;
      setState(transfer.member, transfer.receivedOn, { unitCode: transfer.to.unit.code });
    }
    // Restructuring on the 10th.
    for (let b = 0; b < share(size.batches, index, months.length); b++) {
      const batch = restructure(world, day(10));
      if (batch) events.push({ type: 'batch', date: day(10), batch });
    }
    // Admissions, recognitions and removals once a quarter, per district, decided on the 20th.
    const q = quarters.indexOf(month);
    if (q >= 0) {
      const date = day(20);
      const admitted = new Map<string, StoryEvent & { type: 'admissions' }>();
      const open = memberCells();
      for (let a = 0; a < share(size.admissions, q, quarters.length); a++) {
        const cell = open[random.int(0, open.length - 1)];
        const issuerCode = districtNow(cell.unit.code);
        const event = admitted.get(issuerCode) ?? { type: 'admissions' as const, date, issuerCode, rows: [] };
        admitted.set(issuerCode, event);
        const p = person(random, ++serial, { from: addMonths(date, -12 * 40), to: addMonths(date, -12 * 19) });
        const ceremonyDate = addDays(date, 7);
        event.rows.push({ person: p, unitCode: cell.unit.code, cellVoteDate: addDays(date, -14), ceremonyDate });
        cell.members.add(p.partyCardNumber);
        people.set(p.partyCardNumber, {
          card: p.partyCardNumber, unitCode: cell.unit.code, status: 'probationary', probationEnds: addMonths(ceremonyDate, 12), inTransit: false,
          history: [{ date, unitCode: cell.unit.code, status: 'probationary' }],
        });
      }
      events.push(...[...admitted.values()].sort((x, y) => x.issuerCode.localeCompare(y.issuerCode)));
      // Recognition of those whose probation has ended: decided on the 20th, official from the end of the 12 months.
      const recognized = new Map<string, string[]>();
      for (const member of people.values()) {
        if (member.status !== 'probationary' || member.inTransit || member.probationEnds === null || member.probationEnds > date) continue;
        const issuerCode = districtNow(member.unitCode);
        recognized.set(issuerCode, [...(recognized.get(issuerCode) ?? []), member.card]);
        setState(member, member.probationEnds, { status: 'official' });
      }
      for (const [issuerCode, cards] of [...recognized].sort(([x], [y]) => x.localeCompare(y))) events.push({ type: 'recognitions', date, issuerCode, cards });
      // Removals (xóa tên) of official members, effective on the decision's date.
      const removable = [...people.values()].filter((member) => member.status === 'official' && !member.inTransit);
      const removed = new Map<string, string[]>();
      for (const member of random.sample(removable, Math.min(share(size.removals, q, quarters.length), removable.length))) {
        const issuerCode = districtNow(member.unitCode);
        removed.set(issuerCode, [...(removed.get(issuerCode) ?? []), member.card]);
        sim.get(member.unitCode)!.members.delete(member.card);
        setState(member, date, { status: 'removed' });
      }
      for (const [issuerCode, cards] of [...removed].sort(([x], [y]) => x.localeCompare(y))) events.push({ type: 'removals', date, issuerCode, cards });
    }
    // Transfers issued on the 25th, received on the 5th of next month (official transfers between grassroots organizations).
    const count = index < months.length - 1 ? share(size.transfers, index, months.length - 1) : 0;
    if (count > 0) {
      const candidates = [...people.values()].filter((member) => member.status === 'official' && !member.inTransit);
      const open = memberCells();
      const grassrootsOf = (unit: StoryUnit) => (unit.kind === 'cell' ? unit.parentCode : unit.code);
      const rows: { card: string; toUnitCode: string }[] = [];
      const receivedOn = addMonths(day(5), 1);
      for (const member of random.sample(candidates, Math.min(count, candidates.length))) {
        const from = sim.get(member.unitCode)!.unit;
        const targets = open.filter((cell) => grassrootsOf(cell.unit) !== grassrootsOf(from));
        const to = targets[random.int(0, targets.length - 1)];
        rows.push({ card: member.card, toUnitCode: to.unit.code });
        member.inTransit = true;
        to.pendingIn++;
        pendingTransfers.push({ member, to, receivedOn });
      }
      if (rows.length) events.push({ type: 'transfers', date: day(25), issuerCode: provinceCode, rows, receivedOn });
    }
  });

  const checkpoints = ['2020-01-01', '2021-12-31', '2022-12-31', STORY_END].map((date) => checkpoint(sim, people, districts, date));
  return { size, provinceCode, units: firstDayUnits, members: firstDay, events, checkpoints };
}

interface World {
  random: Random;
  sim: Map<string, SimUnit>;
  districts: string[];
  people: Map<string, SimMember>;
  setState: (member: SimMember, date: string, change: { unitCode?: string; status?: MemberState }) => void;
  nextCell: number;
}

function parentAsOf(unit: SimUnit, date: string): string | null {
  let parent = unit.parents[0].parentCode;
  for (const entry of unit.parents) if (entry.date <= date) parent = entry.parentCode;
  return parent;
}

function kindAsOf(unit: SimUnit, date: string): UnitKind {
  let kind = unit.kinds[0].kind;
  for (const entry of unit.kinds) if (entry.date <= date) kind = entry.kind;
  return kind;
}

/** The district a unit was under on a date (cells stay under their grassroots organization; those move). */
function districtAsOf(sim: Map<string, SimUnit>, code: string, date: string): string {
  let unit = sim.get(code)!;
  while (unit.kinds[0].kind !== 'district_committee') unit = sim.get(parentAsOf(unit, date)!)!;
  return unit.unit.code;
}

/** What history says on `date`, once every event is entered. */
function checkpoint(sim: Map<string, SimUnit>, people: Map<string, SimMember>, districts: string[], date: string): Checkpoint {
  const province = { official: 0, probationary: 0 };
  const byDistrict: Record<string, { official: number; probationary: number }> = {};
  for (const district of districts) byDistrict[district] = { official: 0, probationary: 0 };
  for (const member of people.values()) {
    const state = [...member.history].reverse().find((entry) => entry.date <= date);
    if (!state || state.status === 'removed') continue;
    province[state.status]++;
    byDistrict[districtAsOf(sim, state.unitCode, date)][state.status]++;
  }
  const unitsByKind: Record<string, number> = {};
  for (const item of sim.values()) {
    if (item.unit.kind === 'provincial_committee' || item.from > date || (item.to !== null && item.to <= date)) continue;
    const kind = kindAsOf(item, date);
    unitsByKind[kind] = (unitsByKind[kind] ?? 0) + 1;
  }
  return { date, province, districts: byDistrict, unitsByKind };
}

/**
 * One restructuring batch that the tree allows on `date`: a merge of two cells of a grassroots committee, a new cell,
 * a rename, a grassroots organization moved to another district, or an empty cell dissolved. A unit is changed at
 * most once a day, and units with transfers on their way in are left alone (a transfer follows a merge, but the
 * story keeps its arithmetic simple).
 */
function restructure(world: World, date: string): StoryBatch | null {
  const { random, sim, people } = world;
  const alive = [...sim.values()].filter((item) => item.alive && item.touchedOn < date);
  const committees = alive.filter((item) => item.unit.kind === 'grassroots_committee');
  const quietCellsOf = (code: string) => alive.filter((item) => item.unit.parentCode === code && item.unit.kind === 'cell' && item.pendingIn === 0
    && ![...item.members].some((card) => people.get(card)!.inTransit));
  const touch = (...codes: string[]) => { for (const code of codes) sim.get(code)!.touchedOn = date; };
  const end = (item: SimUnit) => { item.alive = false; item.to = date; };
  const kind = random.weighted(['merge', 'establish', 'rename', 'move', 'dissolve', 'upgrade', 'attach'] as const, [30, 28, 20, 14, 8, 6, 6]);
  const quietGrassrootsCells = () => alive.filter((item) => item.unit.kind === 'grassroots_cell' && item.pendingIn === 0
    && ![...item.members].some((card) => people.get(card)!.inTransit));
  if (kind === 'upgrade') {
    // A grassroots cell grown past 30 members becomes a grassroots committee (DOMAIN.md §1); its members go into
    // the committee's first cell, created by the same batch.
    const candidates = quietGrassrootsCells();
    if (!candidates.length) return null;
    const unit = random.pick(candidates);
    const cell: StoryUnit = { code: `${unit.unit.code}-CB`, name: `Chi bộ ${unit.unit.name.replace(/^Chi bộ /, '')}`, kind: 'cell', sector: null, parentCode: unit.unit.code };
    sim.set(cell.code, { unit: cell, alive: true, members: new Set(unit.members), pendingIn: 0, touchedOn: date, from: date, to: null, parents: [{ date, parentCode: unit.unit.code }], kinds: [{ date, kind: 'cell' }] });
    for (const card of unit.members) world.setState(people.get(card)!, date, { unitCode: cell.code });
    unit.members.clear();
    unit.unit = { ...unit.unit, kind: 'grassroots_committee', name: unit.unit.name.replace(/^Chi bộ /, 'Đảng bộ ') };
    unit.kinds.push({ date, kind: 'grassroots_committee' });
    touch(unit.unit.code);
    return { operation: 'upgrade', unitCode: unit.unit.code, membersTo: { code: cell.code, name: cell.name } };
  }
  if (kind === 'attach') {
    // A grassroots cell placed under a grassroots committee becomes one of its cells; its members stay in it.
    const candidates = quietGrassrootsCells();
    if (!candidates.length || !committees.length) return null;
    const unit = random.pick(candidates);
    const parent = random.pick(committees);
    unit.parents.push({ date, parentCode: parent.unit.code });
    unit.unit = { ...unit.unit, kind: 'cell', parentCode: parent.unit.code };
    unit.kinds.push({ date, kind: 'cell' });
    touch(unit.unit.code, parent.unit.code);
    return { operation: 'move', unitCodes: [unit.unit.code], newParentCode: parent.unit.code, kind: 'cell' };
  }
  if (kind === 'merge') {
    const candidates = committees.filter((item) => quietCellsOf(item.unit.code).length >= 3);
    if (!candidates.length) return null;
    const [source, into] = random.sample(quietCellsOf(random.pick(candidates).unit.code), 2);
    for (const card of source.members) {
      into.members.add(card);
      world.setState(people.get(card)!, date, { unitCode: into.unit.code });
    }
    source.members.clear();
    end(source);
    touch(source.unit.code, into.unit.code);
    return { operation: 'merge', sourceCodes: [source.unit.code], intoCode: into.unit.code };
  }
  if (kind === 'dissolve') {
    const empty = alive.filter((item) => item.unit.kind === 'cell' && item.members.size === 0 && item.pendingIn === 0);
    if (empty.length) {
      const unit = random.pick(empty);
      end(unit);
      touch(unit.unit.code);
      return { operation: 'dissolve', unitCodes: [unit.unit.code] };
    }
  }
  if (kind === 'establish' || kind === 'dissolve') {
    if (!committees.length) return null;
    const parent = random.pick(committees).unit;
    const n = ++world.nextCell;
    const unit: StoryUnit = { code: `${parent.code}.N${pad(n, 3)}`, name: `Chi bộ khu dân cư mới ${n}`, kind: 'cell', sector: null, parentCode: parent.code };
    sim.set(unit.code, { unit, alive: true, members: new Set(), pendingIn: 0, touchedOn: date, from: date, to: null, parents: [{ date, parentCode: parent.code }], kinds: [{ date, kind: 'cell' }] });
    touch(parent.code);
    return { operation: 'establish', units: [unit] };
  }
  if (kind === 'rename') {
    const cells = alive.filter((item) => item.unit.kind === 'cell');
    if (!cells.length) return null;
    const unit = random.pick(cells);
    const name = `${unit.unit.name.replace(/ \(.*\)$/, '')} (${date.slice(0, 4)})`;
    unit.unit = { ...unit.unit, name };
    touch(unit.unit.code);
    return { operation: 'rename', unitCode: unit.unit.code, name };
  }
  // A grassroots organization goes to another district with its cells.
  const movable = alive.filter((item) => (item.unit.kind === 'grassroots_committee' || item.unit.kind === 'grassroots_cell') && item.pendingIn === 0
    && [...sim.values()].every((other) => !(other.alive && other.unit.parentCode === item.unit.code && (other.pendingIn > 0 || other.touchedOn >= date))));
  if (!movable.length) return null;
  const unit = random.pick(movable);
  const from = parentAsOf(unit, date)!;
  const to = random.pick(world.districts.filter((code) => code !== from));
  unit.parents.push({ date, parentCode: to });
  touch(unit.unit.code, from, to);
  return { operation: 'move', unitCodes: [unit.unit.code], newParentCode: to };
}

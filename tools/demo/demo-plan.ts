/**
 * Plans a demo dataset: the organization tree of one province or of the whole country, with a term of
 * restructuring history (2020 → mid-2025), the end of the district level on 1/7/2025 (new commune/ward committees,
 * old communes merged three or four into one, 63 provinces merged into 34), and a little history after it.
 * The plan is pure and deterministic for a seed and a date; `org-writer.ts` and `member-writer.ts` write it.
 *
 * Shapes follow DOMAIN.md §1: Quảng Ninh went from 725 to 674 grassroots organizations and from 4,925 to 4,821 cells
 * over the 2020–2025 term; nationally about 52,000 grassroots organizations and 250,000 cells before the reform.
 */
import type { OrgKind, OrgSector } from '../../src/contracts/org-kinds.ts';
import { foldText } from '../../src/lib/text.ts';
import { addDays } from '../../src/lib/dates.ts';
import { OrgWorld, type HostProfile, type PlanBatch, type PlanDecision, type PlanUnit } from './org-world.ts';
import { AppError } from '../../src/contracts/errors.ts';
import { ROOT_UNIT } from '../../src/modules/accounts/index.ts';
import { GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE, FAMILY_NAMES_NORTH, MIDDLE_NAMES_FEMALE_OLD, MIDDLE_NAMES_MALE_OLD } from './people.ts';
import { NEW_PROVINCES, OLD_PROVINCES, PLACE_FIRST, PLACE_SECOND, QUANG_NINH_DISTRICTS, VILLAGE_NAMES, type DistrictSeed, type OldProvince } from './places.ts';
import { Random, apportion } from './random.ts';
import { BLOCS, COAL_BLOC, COMMUNE_INSTITUTIONS, DISTRICT_GRASSROOTS, type BlocSeed, type GrassrootsTemplate, type PlaceContext, villageWord } from './unit-names.ts';

export const DEMO_SCALES = ['small', 'province', 'national'] as const;
export type DemoScale = (typeof DEMO_SCALES)[number];

/** The term whose history is generated, and the day the district level ended. */
export const HISTORY_START = '2020-01-01';
export const REFORM_DATE = '2025-07-01';
/** Communes merged on 1/1/2025 (the 2023–2025 round of commune mergers). */
const COMMUNE_MERGER_WAVE = '2025-01-01';
/** Provincial bloc committees reorganized (February 2025). */
const BLOC_REORGANIZATION = '2025-02-01';

interface Density {
  /** Grassroots organizations other than communes, per 1,000 members. */
  grassrootsPerThousand: number;
  /** Mean cells of a commune's grassroots committee (villages and institutions). */
  cellsPerCommune: number;
  /** Mean cells of a grassroots committee other than a commune. */
  cellsPerCommittee: number;
  /** Restructuring operations per 100,000 members over the 2020–2025 term. */
  rates: Record<HistoryOperation, number>;
}

type HistoryOperation = 'communeMerge' | 'grassrootsDissolve' | 'grassrootsMerge' | 'grassrootsEstablish' | 'grassrootsUpgrade' | 'grassrootsMove'
  | 'cellMerge' | 'cellDissolve' | 'cellEstablish' | 'rename' | 'groupEstablish' | 'groupDissolve';

const TERM_RATES: Record<HistoryOperation, number> = {
  communeMerge: 6, grassrootsDissolve: 40, grassrootsMerge: 15, grassrootsEstablish: 10, grassrootsUpgrade: 5, grassrootsMove: 8,
  cellMerge: 45, cellDissolve: 30, cellEstablish: 45, rename: 40, groupEstablish: 10, groupDissolve: 5,
};

const DENSITY: Record<DemoScale, Density> = {
  // Calibrated on Quảng Ninh (DOMAIN.md §1): 548 grassroots besides its ~177 communes for ~100,000 members.
  province: { grassrootsPerThousand: 5.48, cellsPerCommune: 15.2, cellsPerCommittee: 9.5, rates: TERM_RATES },
  small: { grassrootsPerThousand: 6, cellsPerCommune: 9, cellsPerCommittee: 4, rates: TERM_RATES },
  // Nationally: ~42,000 grassroots besides ~10,000 communes, ~250,000 cells, 5.6 million members.
  national: { grassrootsPerThousand: 7.5, cellsPerCommune: 14, cellsPerCommittee: 7.5, rates: TERM_RATES },
};

export interface PlanOptions {
  scale: DemoScale;
  seed: number;
  /** The province for the province and small scales (default Quảng Ninh). */
  province?: string;
  /** The last day of history ("today"). */
  today: string;
  root: { id: number; establishedOn: string };
}

export interface PlannedProvince {
  old: OldProvince;
  index: number;
  unit: PlanUnit;
  members: number;
  districts: PlanUnit[];
}

export interface DemoPlan {
  scale: DemoScale;
  seed: number;
  today: string;
  world: OrgWorld;
  root: PlanUnit;
  provinces: PlannedProvince[];
  /** The provincial committees from 1/7/2025. */
  newProvinces: PlanUnit[];
  /** Members to generate (active and former). */
  memberTotal: number;
  /** Members who moved with a split (see `MemberSplit`), by the unit they left. */
  splits: Map<PlanUnit, MemberSplit[]>;
  /** Where members go through time: one track per group of members who share their units and moves. */
  tracks: MemberTrack[];
  /** Who decides on a member of a cell (admission, recognition, exemption, removal) while the cell has a version. */
  admitters: Admitter[];
  /** The last decision number used per issuing body and year ('body|year'), so member decisions continue after it. */
  decisionCounters: Map<string, number>;
  /** A unique tag for this dataset (its marker in the journal). */
  datasetKey: string;
}

/**
 * A group of members who share their path through the tree: they start in `segments[0].unit` (from its
 * establishment, or later when admitted later) and move on each following segment's date: `rehomed` when their
 * cell merged into another (the batch's decision), `transfer_dissolve` when their cell was dissolved (they were
 * transferred shortly before), `transfer_split` when part of a cell moved to a new cell (or all of a grassroots
 * cell's members to the cells of the committee it was upgraded to).
 */
export interface MemberTrack {
  id: number;
  members: number;
  host: HostProfile;
  provinceIndex: number;
  segments: TrackSegment[];
}

export interface TrackSegment {
  unit: PlanUnit;
  from: string;
  kind: 'start' | 'rehomed' | 'transfer_dissolve' | 'transfer_split';
  decision: PlanDecision | null;
  batch: PlanBatch | null;
  /**
   * Received on `from` itself, not within the following days: the unit left stops being able to hold members that
   * day (a grassroots cell upgraded to a committee; no member may stay placed in a non-cell, migration 0026).
   */
  sameDay?: boolean;
}

export interface Admitter {
  unit: PlanUnit;
  from: string;
  to: string | null;
  issuer: PlanUnit;
  body: string;
  suffix: string;
}

/** On `date`, a share of the members of a unit moved to `into` (a new cell split off, or all of them on an upgrade). */
export interface MemberSplit {
  date: string;
  into: PlanUnit;
  share: number;
}

const SCALE_SETTINGS: Record<Exclude<DemoScale, 'national'>, { districts?: number; communesPerDistrict?: number; members?: number; newCommunesPerDistrict?: number }> = {
  province: {},
  small: { districts: 2, communesPerDistrict: 7, members: 3_000, newCommunesPerDistrict: 2 },
};

export function findOldProvince(name: string): OldProvince | undefined {
  const key = foldText(name).replace(/^(tinh|thanh pho|tp\.?)\s+/, '');
  return OLD_PROVINCES.find((province) => foldText(province.name) === key);
}

export function planDemo(options: PlanOptions): DemoPlan {
  const random = new Random(options.seed);
  const world = new OrgWorld();
  const root = world.addBaselineUnit({ code: ROOT_UNIT.code, name: ROOT_UNIT.name, kind: 'central', sector: null, parent: null, establishedOn: options.root.establishedOn });
  root.id = options.root.id;
  const planner = new Planner(world, random, options, root);
  return planner.run();
}

// ---------------------------------------------------------------------------------------------------------------

interface ProvinceState extends PlannedProvince {
  random: Random;
  place: PlaceContext;
  blocs: Map<string, PlanUnit>;
  /** Per district: its live communes, in order, and its seed. */
  districtSeeds: Map<PlanUnit, { seed: DistrictSeed; place: PlaceContext; newCommunes: number }>;
  /** All units planned in this province (for random picks). */
  pool: PlanUnit[];
  density: Density;
  scaleFactor: number;
}

const COMMITTEE_PREFIX = 'Đảng bộ';
const CELL_PREFIX = 'Chi bộ';

class Planner {
  private readonly states: ProvinceState[] = [];
  private readonly decisionCounters = new Map<string, number>();
  private readonly namesUnder = new Map<PlanUnit, Set<string>>();
  private readonly signerRandom: Random;
  /** Members who moved from a unit to a new one on a date (a cell split off, a grassroots cell upgraded). */
  private readonly splits = new Map<PlanUnit, MemberSplit[]>();
  private readonly communeOrigins = new Map<PlanUnit, { district: PlanUnit; first: boolean }>();

  constructor(private readonly world: OrgWorld, private readonly random: Random, private readonly options: PlanOptions, private readonly root: PlanUnit) {
    this.signerRandom = random.fork('signers');
  }

  run(): DemoPlan {
    const { scale } = this.options;
    // A province is one of the 34 of today: choosing one that was merged on 1/7/2025 plans the provinces it came from.
    const provinces = scale === 'national' ? OLD_PROVINCES : this.selectedProvinces();
    const totalK = provinces.reduce((sum, province) => sum + province.membersK, 0);
    const memberTotal = scale === 'national' ? 5_600_000 : scale === 'small' ? SCALE_SETTINGS.small.members! * provinces.length : Math.round(totalK * 1000);
    for (const old of provinces) {
      const members = Math.round((old.membersK / totalK) * memberTotal);
      this.states.push(this.planBaseline(old, OLD_PROVINCES.indexOf(old), members));
    }
    for (const state of this.states) this.planTerm(state);
    const newProvinces = this.planReform();
    for (const unit of newProvinces) this.planAfterReform(unit);
    const tracks = this.buildTracks(memberTotal);
    const admitters = this.buildAdmitters();
    return {
      scale, seed: this.options.seed, today: this.options.today, world: this.world, root: this.root,
      provinces: this.states.map(({ old, index, unit, members, districts }) => ({ old, index, unit, members, districts })),
      newProvinces, memberTotal, splits: this.splits, tracks, admitters, decisionCounters: this.decisionCounters, datasetKey: `${scale}:${scale === 'national' ? 'VN' : provinces[0].code}`,
    };
  }

  /** The chosen province (before 2025) and the others merged with it on 1/7/2025, the one that gave its name first. */
  private selectedProvinces(): OldProvince[] {
    const name = this.options.province ?? 'Quảng Ninh';
    const found = findOldProvince(name);
    if (!found) throw new AppError('DEMO_PROVINCE_UNKNOWN', { province: name, known: OLD_PROVINCES.map((province) => province.name) });
    const merged = NEW_PROVINCES.find((entry) => entry.from.includes(found.name));
    return merged ? merged.from.map((from) => OLD_PROVINCES.find((province) => province.name === from)!) : [found];
  }

  // -------------------------------------------------------------------------------------------------------------
  // Member tracks

  /** The tracks of members through the planned tree, sized so that they add up to `total` members. */
  private buildTracks(total: number): MemberTrack[] {
    const world = this.world;
    const random = this.random.fork('tracks');
    const transferDecisions = new Map<string, PlanDecision>();
    const transferDecision = (unit: PlanUnit, date: string, subject: string) => {
      const key = `${unit.key}:${date}`;
      let decision = transferDecisions.get(key);
      if (!decision) {
        const issuerUnit = world.versionOn(unit, addDays(date, -1))?.parent ?? world.versionOn(unit, date)?.parent ?? unit;
        decision = this.decide(issuerUnit, date, subject, random, date);
        transferDecisions.set(key, decision);
      }
      return decision;
    };
    const chain = (start: PlanUnit, from: string, first: TrackSegment['kind'], firstDecision: PlanDecision | null): TrackSegment[] => {
      const segments: TrackSegment[] = [{ unit: start, from, kind: first, decision: firstDecision, batch: null }];
      let current = start;
      let since = from;
      for (let guard = 0; guard < 50; guard++) {
        const full = (this.splits.get(current) ?? []).find((split) => split.share >= 1 && split.date > since);
        const end = current.endedOn;
        if (full && (end === null || full.date < end)) {
          segments.push({ unit: full.into, from: full.date, kind: 'transfer_split', decision: transferDecision(full.into, full.date, `Về việc chuyển sinh hoạt đảng cho đảng viên về ${this.nameOf(full.into)}`), batch: null, sameDay: true });
          current = full.into;
          since = full.date;
          continue;
        }
        if (end === null) break;
        const heir = current.heir;
        if (!heir) break;
        if (current.endReason === 'merged') {
          segments.push({ unit: heir, from: end, kind: 'rehomed', decision: current.endedBy!.decision, batch: current.endedBy });
        } else {
          // Members of a dissolved cell were transferred out before it ended (a dissolution with members is refused).
          const signed = addDays(end, -45) > current.establishedOn ? addDays(end, -45) : current.establishedOn;
          segments.push({ unit: heir, from: end, kind: 'transfer_dissolve', decision: transferDecision(current, signed, `Về việc chuyển sinh hoạt đảng cho đảng viên ${this.nameOf(current)}`), batch: null });
        }
        current = heir;
        since = end;
      }
      return segments;
    };
    const drafts: { weight: number; host: HostProfile; provinceIndex: number; segments: TrackSegment[] }[] = [];
    for (const unit of world.units) {
      if (!unit.host || unit.size <= 0) continue;
      const splits = (this.splits.get(unit) ?? []).filter((split) => split.share < 1);
      const shared = splits.reduce((sum, split) => sum + split.share, 0);
      // Cells established during the history take most of their members from the cells they split from.
      const ownWeight = unit.size * (unit.establishedOn >= HISTORY_START ? 0.35 : 1);
      drafts.push({ weight: ownWeight * Math.max(0, 1 - shared), host: unit.host, provinceIndex: unit.provinceIndex, segments: chain(unit, unit.establishedOn, 'start', null) });
      for (const split of splits) {
        const after = chain(split.into, split.date, 'transfer_split', transferDecision(split.into, split.date, `Về việc chuyển sinh hoạt đảng cho đảng viên về ${this.nameOf(split.into)}`));
        drafts.push({ weight: ownWeight * split.share, host: unit.host, provinceIndex: unit.provinceIndex, segments: [{ unit, from: unit.establishedOn, kind: 'start', decision: null, batch: null }, ...after] });
      }
    }
    const sizes = apportion(total, drafts.map((draft) => draft.weight));
    return drafts.map((draft, i) => ({ id: i + 1, members: sizes[i], host: draft.host, provinceIndex: draft.provinceIndex, segments: draft.segments })).filter((track) => track.members > 0);
  }

  /**
   * The committee that decides on members of each cell while a version of the cell is in force: the grassroots
   * committee above a cell (through a sub-committee), or the superior of a grassroots cell.
   */
  private buildAdmitters(): Admitter[] {
    const world = this.world;
    const result: Admitter[] = [];
    for (const unit of world.units) {
      if (!unit.host) continue;
      for (const version of unit.versions) {
        if (version.voidedBy || !version.parent) continue;
        // The committee a unit's version answers to decides on its members (a grassroots cell upgraded to a
        // committee hands its members to its first new cell the same day).
        let issuer = version.kind === 'cell' || version.kind === 'grassroots_cell' ? version.parent : unit;
        if (this.kindOf(issuer) === 'sub_committee') issuer = world.versionOn(issuer, version.from)?.parent ?? issuer;
        const { body, suffix } = this.issuer(issuer);
        result.push({ unit, from: version.from, to: version.to, issuer, body, suffix });
      }
    }
    return result;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Names, codes and decisions

  private uniqueName(parent: PlanUnit | null, name: string, alternative?: () => string): string {
    const key = parent ?? this.root;
    let taken = this.namesUnder.get(key);
    if (!taken) this.namesUnder.set(key, (taken = new Set()));
    let candidate = name;
    for (let attempt = 0; taken.has(candidate) && alternative && attempt < 6; attempt++) candidate = alternative();
    for (let n = 2; taken.has(candidate); n++) candidate = `${name} ${n}`;
    taken.add(candidate);
    return candidate;
  }

  private personName(random: Random): string {
    const male = random.chance(0.8);
    const family = random.weighted(FAMILY_NAMES_NORTH.map(([name]) => name), FAMILY_NAMES_NORTH.map(([, weight]) => weight));
    const middles = male ? MIDDLE_NAMES_MALE_OLD : MIDDLE_NAMES_FEMALE_OLD;
    const middle = random.weighted(middles.map(([name]) => name), middles.map(([, weight]) => weight));
    const givens = male ? GIVEN_NAMES_MALE : GIVEN_NAMES_FEMALE;
    const given = random.weighted(givens.map(([name]) => name), givens.map(([, weight]) => weight));
    return `${family} ${middle} ${given}`;
  }

  /** The body that decides on changes under `unit`, and the suffix of its decision numbers. */
  private issuer(unit: PlanUnit): { body: string; suffix: string } {
    return issuerOf(this.world.lastVersion(unit));
  }

  private decide(issuingUnit: PlanUnit, effectiveDate: string, subject: string, random: Random, signedOn?: string): PlanDecision {
    const { body, suffix } = this.issuer(issuingUnit);
    const signed = signedOn ?? addDays(effectiveDate, -random.int(0, 20));
    const year = signed.slice(0, 4);
    // Numbers run per issuing body and year (two bodies of the same name in different provinces share a sequence,
    // so a number is never issued twice by a body of that name).
    const counterKey = `${body}|${year}`;
    let next = this.decisionCounters.get(counterKey);
    if (next === undefined) next = suffix === 'TW' ? 180 + random.int(0, 40) : suffix === 'TU' ? 100 + random.int(0, 300) : random.int(1, 40);
    next += random.int(1, suffix === 'TU' ? 6 : 3);
    this.decisionCounters.set(counterKey, next);
    const signer = suffix === 'TW' ? 'Tổng Bí thư' : this.personName(this.signerRandom);
    return this.world.decision({ number: `${next}-QĐ/${suffix}`, signedOn: signed, issuingBody: body, issuingUnit, signer, subject });
  }

  private batch(operation: PlanBatch['operation'], date: string, issuingUnit: PlanUnit, subject: string, random: Random, reason?: string): PlanBatch {
    return this.world.batch(operation, date, this.decide(issuingUnit, date, subject, random), reason ?? null);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Baseline: the tree as it stood when the term began

  private planBaseline(old: OldProvince, index: number, members: number): ProvinceState {
    const random = this.random.fork(`province:${old.code}`);
    const scale = this.options.scale;
    const density = DENSITY[scale];
    const settings = scale === 'national' ? {} : SCALE_SETTINGS[scale];
    const place: PlaceContext = { name: old.name, type: old.type };
    const unit = this.world.addBaselineUnit({
      code: old.code.slice(1), name: `${COMMITTEE_PREFIX} ${old.type} ${old.name}`, kind: 'provincial_committee', sector: null, parent: this.root,
      establishedOn: PROVINCE_ESTABLISHED[old.name] ?? '1976-01-01', provinceIndex: index,
    });
    const state: ProvinceState = {
      old, index, unit, members, districts: [], random, place, blocs: new Map(), districtSeeds: new Map(), pool: [], density,
      scaleFactor: members / 100_000,
    };
    const seeds = this.districtSeedsFor(old, random, settings);
    // Blocs above grassroots at the provincial level.
    const blocSeeds = [...BLOCS.filter((bloc) => bloc.type !== 'border' || BORDER_PROVINCES.has(old.name)), ...(old.name === 'Quảng Ninh' ? [COAL_BLOC] : [])]
      .filter((bloc) => scale !== 'small' || bloc.type === 'agencies' || bloc.type === 'police');
    blocSeeds.forEach((seed, i) => {
      const bloc = this.world.addBaselineUnit({
        code: `${unit.code}.K${i + 1}`, name: `${COMMITTEE_PREFIX} ${seed.name(place)}`, kind: 'agency_bloc_committee', sector: null, parent: unit,
        establishedOn: baselineDate(random, unit.establishedOn, '1990-01-01', '2008-01-01'),
      });
      state.blocs.set(seed.type, bloc);
      state.pool.push(bloc);
    });
    // Districts and their communes.
    seeds.forEach((seed, i) => {
      const districtPlace: PlaceContext = { name: seed.name, type: seed.type };
      const district = this.world.addBaselineUnit({
        code: `${unit.code}.${String(i + 1).padStart(2, '0')}`, name: `${COMMITTEE_PREFIX} ${seed.type} ${seed.name}`, kind: 'district_committee', sector: null, parent: unit,
        establishedOn: baselineDate(random, unit.establishedOn, '1976-01-01', '1995-01-01'),
      });
      state.districts.push(district);
      state.pool.push(district);
      state.districtSeeds.set(district, { seed, place: districtPlace, newCommunes: seed.newCommunes });
      const urban = seed.type !== 'huyện';
      const names = this.communeNames(seed, random);
      names.forEach((communeName, j) => {
        const communeType = seed.type === 'quận' ? 'phường' : seed.type === 'huyện' ? (j === 0 ? 'thị trấn' : 'xã') : j < Math.ceil(names.length * 0.65) ? 'phường' : 'xã';
        const commune = this.world.addBaselineUnit({
          code: `${district.code}.${String(j + 1).padStart(2, '0')}`, name: `${COMMITTEE_PREFIX} ${communeType} ${communeName}`, kind: 'grassroots_committee',
          sector: 'commune_ward', parent: district, establishedOn: baselineDate(random, district.establishedOn, '1960-01-01', '1992-01-01'),
        });
        state.pool.push(commune);
        this.planCommuneCells(state, commune, communeName, communeType, urban && communeType !== 'xã', random);
      });
    });
    this.planOtherGrassroots(state, seeds, blocSeeds, random);
    return state;
  }

  private districtSeedsFor(old: OldProvince, random: Random, settings: { districts?: number; communesPerDistrict?: number; newCommunesPerDistrict?: number }): DistrictSeed[] {
    let seeds: DistrictSeed[];
    if (old.name === 'Quảng Ninh') {
      seeds = QUANG_NINH_DISTRICTS.map((seed) => ({ ...seed }));
    } else {
      const counts = random.partition(old.communes, old.districts, 0.45).map((count) => Math.max(2, count));
      const used = new Set<string>();
      seeds = counts.map((communes, i) => {
        let name: string;
        do name = `${random.pick(PLACE_FIRST)} ${random.pick(PLACE_SECOND)}`; while (used.has(name) || name.split(' ')[0] === name.split(' ')[1]);
        used.add(name);
        const type: DistrictSeed['type'] = old.type === 'thành phố' ? (i < Math.ceil(old.districts * 0.45) ? 'quận' : i === old.districts - 1 ? 'thị xã' : 'huyện')
          : i === 0 ? 'thành phố' : i === 1 && old.districts > 8 ? 'thị xã' : 'huyện';
        return { name, type, communes, newCommunes: 0 };
      });
    }
    if (settings.districts) {
      // The small scale keeps two districts with a few communes each: the same shapes, quickly.
      const mainland = seeds.filter((seed) => seed.type === 'huyện' && !['Vân Đồn', 'Cô Tô'].includes(seed.name));
      seeds = mainland.slice(0, settings.districts).map((seed) => ({
        ...seed, communes: Math.min(seed.communes, settings.communesPerDistrict ?? seed.communes), communeNames: seed.communeNames?.slice(0, settings.communesPerDistrict),
        newCommunes: settings.newCommunesPerDistrict ?? seed.newCommunes,
      }));
    }
    return seeds;
  }

  private communeNames(seed: DistrictSeed, random: Random): string[] {
    const names = [...(seed.communeNames ?? [])].slice(0, seed.communes);
    const used = new Set(names);
    while (names.length < seed.communes) {
      const name = names.length === 0 ? seed.name : `${random.pick(PLACE_FIRST)} ${random.pick(PLACE_SECOND)}`;
      if (used.has(name) || name.split(' ')[0] === name.split(' ')[1]) continue;
      used.add(name);
      names.push(name);
    }
    return names;
  }

  private hostSize(profile: HostProfile, random: Random): number {
    const [low, high] = HOST_SIZES[profile];
    return random.int(low, high);
  }

  private planCommuneCells(state: ProvinceState, commune: PlanUnit, communeName: string, communeType: string, urban: boolean, random: Random) {
    const total = Math.max(4, Math.round(random.normal(state.density.cellsPerCommune, state.density.cellsPerCommune * 0.3, 4, state.density.cellsPerCommune * 2.2)));
    const institutions = COMMUNE_INSTITUTIONS.slice(0, Math.min(COMMUNE_INSTITUTIONS.length, Math.max(2, Math.round(total * 0.3))));
    const villages = total - institutions.length;
    const word = villageWord(state.old.region, urban, state.old.name === 'Quảng Ninh');
    const numbered = urban || random.chance(0.35);
    const villageNames = numbered ? [] : random.sample([...VILLAGE_NAMES, ...PLACE_FIRST.map((first) => `${first} ${random.pick(PLACE_SECOND)}`)], villages);
    const established = commune.establishedOn;
    for (let i = 0; i < villages; i++) {
      const label = numbered ? `${word} ${i + 1}` : `${word} ${villageNames[i] ?? `${i + 1}`}`;
      const profile: HostProfile = urban ? 'ward' : 'village';
      const cell = this.world.addBaselineUnit({
        code: `${commune.code}.${String(i + 1).padStart(2, '0')}`, name: this.uniqueName(commune, `${CELL_PREFIX} ${label}`), kind: 'cell', sector: null, parent: commune,
        establishedOn: baselineDate(random, established, '1965-01-01', '2005-01-01'), host: profile, size: this.hostSize(profile, random),
      });
      state.pool.push(cell);
      if (random.chance(0.06)) this.planGroups(state, cell, random, random.int(2, 3));
    }
    const typeWord = communeType === 'thị trấn' ? 'thị trấn' : communeType;
    institutions.forEach((institution, i) => {
      const cell = this.world.addBaselineUnit({
        code: `${commune.code}.${String(villages + i + 1).padStart(2, '0')}`, name: this.uniqueName(commune, `${CELL_PREFIX} ${institution.name(communeName, typeWord)}`),
        kind: 'cell', sector: null, parent: commune, establishedOn: baselineDate(random, established, '1975-01-01', '2012-01-01'),
        host: institution.host, size: this.hostSize(institution.host, random),
      });
      state.pool.push(cell);
    });
  }

  private planGroups(state: ProvinceState, cell: PlanUnit, random: Random, count: number, date?: string, batch?: PlanBatch) {
    for (let i = 0; i < count; i++) {
      const spec = {
        code: `${cell.code}.T${i + 1}`, name: this.uniqueName(cell, `Tổ đảng số ${i + 1}`), kind: 'party_group' as OrgKind, sector: null, parent: cell,
      };
      const group = batch ? this.world.establish(batch, spec) : this.world.addBaselineUnit({ ...spec, establishedOn: date ?? baselineDate(random, cell.establishedOn, '2000-01-01', '2019-06-01') });
      state.pool.push(group);
    }
  }

  private planOtherGrassroots(state: ProvinceState, seeds: DistrictSeed[], blocSeeds: readonly BlocSeed[], random: Random) {
    const scale = this.options.scale;
    const count = scale === 'small' ? 14 : Math.round((state.members / 1000) * state.density.grassrootsPerThousand);
    // About 55% under districts, the rest under the blocs by their weight.
    const underDistricts = Math.round(count * (scale === 'small' ? 0.6 : 0.55));
    const perDistrict = apportion(underDistricts, seeds.map((seed) => seed.communes + 4), 1);
    const perBloc = apportion(count - underDistricts, blocSeeds.map((bloc) => bloc.weight), 1);
    const committeeCells: { unit: PlanUnit; template: GrassrootsTemplate }[] = [];
    state.districts.forEach((district, i) => {
      const place = state.districtSeeds.get(district)!.place;
      // The district's own agencies come first, then a weighted mix.
      const templates = DISTRICT_GRASSROOTS;
      const fixed = templates.filter((template) => template.weight === 1 && template.sector !== 'enterprise_fdi').slice(0, Math.min(perDistrict[i], 12));
      const chosen = [...fixed];
      while (chosen.length < perDistrict[i]) chosen.push(random.weighted(templates, templates.map((template) => template.weight)));
      for (const template of chosen) committeeCells.push(...this.addGrassroots(state, district, template, place, random));
    });
    blocSeeds.forEach((seed, i) => {
      const bloc = state.blocs.get(seed.type)!;
      for (let n = 0; n < perBloc[i]; n++) {
        const template = random.weighted(seed.templates, seed.templates.map((entry) => entry.weight));
        committeeCells.push(...this.addGrassroots(state, bloc, template, state.place, random));
      }
    });
    // Cells of the committees: the province's remaining cells, shared by the committees.
    const cellsTotal = Math.round(committeeCells.length * state.density.cellsPerCommittee);
    const shares = apportion(cellsTotal, committeeCells.map(({ template }) => (template.host === 'enterprise_state' ? 2.2 : template.host === 'health' ? 1.4 : 1) * (0.5 + random.next())), 2);
    committeeCells.forEach(({ unit, template }, i) => this.planCommitteeCells(state, unit, template, shares[i], random));
  }

  /** A grassroots organization from a template; returns it when it is a committee (its cells come later). */
  private addGrassroots(state: ProvinceState, parent: PlanUnit, template: GrassrootsTemplate, place: PlaceContext, random: Random, batch?: PlanBatch): { unit: PlanUnit; template: GrassrootsTemplate }[] {
    const committee = random.chance(template.committeeChance);
    const base = template.name(place, random);
    const prefix = committee ? COMMITTEE_PREFIX : CELL_PREFIX;
    const name = this.uniqueName(parent, `${prefix} ${base}`, () => `${prefix} ${template.name(place, random)}`);
    const spec = {
      code: `${parent.code}.${String(parent.children.size + 1).padStart(3, '0')}`, name, kind: (committee ? 'grassroots_committee' : 'grassroots_cell') as OrgKind,
      sector: template.sector, parent, host: committee ? null : template.host, size: committee ? 0 : Math.min(29, this.hostSize(template.host, random)),
    };
    const established = template.sector.startsWith('enterprise') ? baselineDate(random, parent.establishedOn, '1995-01-01', '2019-06-01') : baselineDate(random, parent.establishedOn, '1976-01-01', '2012-01-01');
    const unit = batch ? this.world.establish(batch, spec) : this.world.addBaselineUnit({ ...spec, establishedOn: established });
    state.pool.push(unit);
    if (!committee && !batch && random.chance(0.05)) this.planGroups(state, unit, random, 2);
    return committee ? [{ unit, template }] : [];
  }

  private planCommitteeCells(state: ProvinceState, unit: PlanUnit, template: GrassrootsTemplate, count: number, random: Random) {
    const names = template.cells.length > 0 ? template.cells : ['Văn phòng', 'Phòng Nghiệp vụ', 'Phòng Tổng hợp'];
    // Large committees (coal companies, hospitals) group some cells under sub-committees.
    const subCommittees = count >= 14 ? Math.min(4, Math.floor(count / 7)) : 0;
    const parents: PlanUnit[] = [unit];
    for (let i = 0; i < subCommittees; i++) {
      const sub = this.world.addBaselineUnit({
        code: `${unit.code}.B${i + 1}`, name: this.uniqueName(unit, `${COMMITTEE_PREFIX} bộ phận ${names[i % names.length]}`), kind: 'sub_committee', sector: null, parent: unit,
        establishedOn: baselineDate(random, unit.establishedOn, '2000-01-01', '2015-01-01'),
      });
      state.pool.push(sub);
      parents.push(sub);
    }
    for (let i = 0; i < count; i++) {
      const parent = parents[i % parents.length];
      const label = i < names.length ? names[i] : `${names[i % names.length]} ${Math.floor(i / names.length) + 1}`;
      const cellName = parent === unit ? label : `${label.replace(/^Phân xưởng /, 'Tổ ')} ${i + 1}`;
      const cell = this.world.addBaselineUnit({
        code: `${parent.code}.${String(parent.children.size + 1).padStart(2, '0')}`, name: this.uniqueName(parent, `${CELL_PREFIX} ${cellName}`), kind: 'cell', sector: null, parent,
        establishedOn: baselineDate(random, parent.establishedOn, '1995-01-01', '2016-01-01'), host: template.host, size: this.hostSize(template.host, random),
      });
      state.pool.push(cell);
    }
  }

  private addSplit(unit: PlanUnit, split: MemberSplit) {
    const list = this.splits.get(unit) ?? [];
    list.push(split);
    this.splits.set(unit, list);
  }

  // -------------------------------------------------------------------------------------------------------------
  // The term 2020 → mid-2025

  private operationCount(state: ProvinceState, operation: HistoryOperation, factor = 1): number {
    const expected = state.density.rates[operation] * state.scaleFactor * factor;
    const whole = Math.floor(expected);
    const count = whole + (state.random.next() < expected - whole ? 1 : 0);
    return this.options.scale === 'small' ? Math.max(1, Math.min(count, 2)) : count;
  }

  private planTerm(state: ProvinceState) {
    const random = state.random.fork('term');
    const operations: { date: string; operation: HistoryOperation }[] = [];
    for (const operation of Object.keys(state.density.rates) as HistoryOperation[]) {
      const count = this.operationCount(state, operation);
      for (let i = 0; i < count; i++) {
        const date = operation === 'communeMerge' && i % 2 === 1 ? COMMUNE_MERGER_WAVE : firstOfMonthOr(random, HISTORY_START, '2025-06-01');
        operations.push({ date, operation });
      }
    }
    operations.sort((a, b) => a.date.localeCompare(b.date) || a.operation.localeCompare(b.operation));
    let reorganized = false;
    for (const { date, operation } of operations) {
      if (!reorganized && date >= BLOC_REORGANIZATION) {
        this.reorganizeBlocs(state, random);
        reorganized = true;
      }
      this.applyOperation(state, operation, date, random);
    }
    if (!reorganized) this.reorganizeBlocs(state, random);
  }

  /** A random live unit of the province matching the predicate whose open version started before `date`. */
  private pick(state: ProvinceState, random: Random, date: string, predicate: (unit: PlanUnit) => boolean, tries = 400): PlanUnit | undefined {
    for (let i = 0; i < tries; i++) {
      const unit = state.pool[Math.floor(random.next() * state.pool.length)];
      if (unit.endedOn !== null || this.world.current(unit).from >= date) continue;
      if (predicate(unit)) return unit;
    }
    return undefined;
  }

  private kindOf(unit: PlanUnit): OrgKind {
    return this.world.lastVersion(unit).kind;
  }

  private parentOf(unit: PlanUnit): PlanUnit {
    return this.world.current(unit).parent!;
  }

  private nameOf(unit: PlanUnit): string {
    return this.world.lastVersion(unit).name;
  }

  /** Whether the unit and its subtree have no version starting on or after the date (a change there is clean). */
  private quietSince(unit: PlanUnit, date: string): boolean {
    if (this.world.current(unit).from >= date) return false;
    for (const descendant of this.world.liveDescendants(unit)) if (this.world.current(descendant).from >= date) return false;
    return true;
  }

  private isHost(unit: PlanUnit): boolean {
    const kind = this.kindOf(unit);
    return kind === 'cell' || kind === 'grassroots_cell';
  }

  /** A live member-hosting unit to take members of a unit that ends: a sibling cell, else a village cell nearby. */
  private heirFor(state: ProvinceState, unit: PlanUnit, date: string, random: Random, preferVillages = false): PlanUnit | null {
    const parent = this.world.current(unit).parent;
    const siblings = parent && !preferVillages ? [...parent.children].filter((sibling) => sibling !== unit && this.isHost(sibling) && sibling.establishedOn < date) : [];
    if (siblings.length > 0) return random.pick(siblings);
    return this.pick(state, random, date, (candidate) => candidate !== unit && this.isHost(candidate) && (candidate.host === 'village' || candidate.host === 'ward')) ?? null;
  }

  private applyOperation(state: ProvinceState, operation: HistoryOperation, date: string, random: Random) {
    const world = this.world;
    switch (operation) {
      case 'communeMerge': {
        const absorbed = this.pick(state, random, date, (unit) => this.kindOf(unit) === 'grassroots_committee' && world.current(unit).sector === 'commune_ward' && this.quietSince(unit, date));
        if (!absorbed) return;
        const district = this.parentOf(absorbed);
        const targets = [...district.children].filter((unit) => unit !== absorbed && this.kindOf(unit) === 'grassroots_committee' && world.current(unit).sector === 'commune_ward' && this.quietSince(unit, date));
        if (targets.length === 0) return;
        const target = random.pick(targets);
        const batch = this.batch('merge', date, this.parentOf(district), `Về việc nhập ${this.nameOf(absorbed)} vào ${this.nameOf(target)}`, random,
          'Sắp xếp đơn vị hành chính cấp xã theo Nghị quyết của Ủy ban Thường vụ Quốc hội');
        batch.request = { operation: 'merge', sourceIds: [absorbed], intoUnitId: target };
        world.merge(batch, [absorbed], target, 'absorbed_into');
        return;
      }
      case 'grassrootsDissolve': {
        const unit = this.pick(state, random, date, (candidate) => {
          const kind = this.kindOf(candidate);
          const sector = world.current(candidate).sector;
          return sector !== 'commune_ward' && (kind === 'grassroots_cell' || (kind === 'grassroots_committee' && candidate.children.size <= 8))
            && (sector?.startsWith('enterprise') || random.chance(0.25)) && this.quietSince(candidate, date);
        });
        if (!unit) return;
        const subtree = [unit, ...world.liveDescendants(unit)];
        const batch = this.batch('dissolve', date, this.parentOf(unit), `Về việc giải thể ${this.nameOf(unit)}`, random,
          world.current(unit).sector?.startsWith('enterprise') ? 'Doanh nghiệp chấm dứt hoạt động' : 'Đơn vị sắp xếp lại tổ chức bộ máy');
        batch.request = { operation: 'dissolve', unitIds: subtree };
        // Members of a closed enterprise or agency move their party activity to where they live.
        const heir = this.heirFor(state, unit, date, random, true);
        world.dissolve(batch, subtree, (ended) => (this.isHost(ended) ? heir : null));
        return;
      }
      case 'grassrootsMerge': {
        const source = this.pick(state, random, date, (candidate) => {
          const kind = this.kindOf(candidate);
          const sector = world.current(candidate).sector;
          return (kind === 'grassroots_cell' || kind === 'grassroots_committee') && sector !== 'commune_ward' && this.quietSince(candidate, date);
        });
        if (!source) return;
        const parent = this.parentOf(source);
        const kind = this.kindOf(source);
        const partners = [...parent.children].filter((unit) => unit !== source && this.kindOf(unit) === kind && world.current(unit).sector === world.current(source).sector && this.quietSince(unit, date));
        if (partners.length === 0) return;
        const partner = random.pick(partners);
        if (random.chance(0.5)) {
          const batch = this.batch('merge', date, parent, `Về việc nhập ${this.nameOf(source)} vào ${this.nameOf(partner)}`, random, 'Sắp xếp, tinh gọn tổ chức bộ máy');
          batch.request = { operation: 'merge', sourceIds: [source], intoUnitId: partner };
          world.merge(batch, [source], partner, 'absorbed_into');
        } else {
          const name = this.uniqueName(parent, mergedName(this.nameOf(partner), this.nameOf(source)));
          const batch = this.batch('merge', date, parent, `Về việc hợp nhất ${this.nameOf(source)} và ${this.nameOf(partner)}`, random, 'Sắp xếp, tinh gọn tổ chức bộ máy');
          const spec = { code: `${parent.code}.H${batch.key}`, name, kind, sector: world.current(partner).sector, parent, host: partner.host, size: 0 };
          const created = world.establish(batch, spec, 'merge_new');
          state.pool.push(created);
          batch.request = { operation: 'merge', sourceIds: [source, partner], newUnit: { code: created.code, name, kind, sector: spec.sector, parentId: parent } };
          world.merge(batch, [source, partner], created, 'merged_into');
        }
        return;
      }
      case 'grassrootsEstablish': {
        const parent = this.pick(state, random, date, (candidate) => ['district_committee', 'agency_bloc_committee'].includes(this.kindOf(candidate)));
        if (!parent) return;
        const templates = this.kindOf(parent) === 'district_committee' ? DISTRICT_GRASSROOTS.filter((template) => template.sector.startsWith('enterprise')) : this.blocTemplates(state, parent);
        const template = random.weighted(templates, templates.map((entry) => entry.weight));
        const batch = this.batch('establish', date, parent, 'Về việc thành lập tổ chức cơ sở đảng', random);
        const place = state.districtSeeds.get(parent)?.place ?? state.place;
        this.addGrassroots(state, parent, { ...template, committeeChance: 0 }, place, random, batch);
        batch.decision.subject = `Về việc thành lập ${this.nameOf(batch.created[0])}`;
        batch.request = { operation: 'establish', units: batch.created.map((unit) => newUnitRequest(world, unit)) };
        return;
      }
      case 'grassrootsUpgrade': {
        const unit = this.pick(state, random, date, (candidate) => this.kindOf(candidate) === 'grassroots_cell' && candidate.children.size === 0 && this.quietSince(candidate, date));
        if (!unit) return;
        const name = this.nameOf(unit).replace(/^Chi bộ /, `${COMMITTEE_PREFIX} `);
        const batch = this.batch('upgrade', date, this.parentOf(unit), `Về việc nâng Chi bộ cơ sở thành Đảng bộ cơ sở ${name.replace(/^Đảng bộ /, '')}`, random, 'Số đảng viên đạt trên 30');
        batch.request = { operation: 'upgrade', unitId: unit, toKind: 'grassroots_committee', name };
        world.upgrade(batch, unit, 'grassroots_committee', name);
        // The new committee's cells, established the same day by the committee itself; the members split between them.
        const cells = this.batch('establish', date, unit, `Về việc thành lập các chi bộ trực thuộc ${name}`, random);
        const labels = ['Văn phòng', 'Sản xuất', 'Kỹ thuật', 'Kinh doanh'].slice(0, random.int(3, 4));
        const host = unit.host ?? 'enterprise_private';
        const created = labels.map((label, i) => {
          const cell = world.establish(cells, { code: `${unit.code}.${String(i + 1).padStart(2, '0')}`, name: this.uniqueName(unit, `${CELL_PREFIX} ${label}`), kind: 'cell', sector: null, parent: unit, host, size: Math.max(8, Math.round(unit.size / labels.length) + random.int(0, 6)) });
          state.pool.push(cell);
          return cell;
        });
        cells.request = { operation: 'establish', units: created.map((cell) => newUnitRequest(world, cell)) };
        // Members of the former grassroots cell continue in the first new cell.
        this.addSplit(unit, { date, into: created[0], share: 1 });
        return;
      }
      case 'grassrootsMove': {
        const unit = this.pick(state, random, date, (candidate) => {
          const sector = world.current(candidate).sector;
          return ['grassroots_cell', 'grassroots_committee'].includes(this.kindOf(candidate)) && !!sector && sector.startsWith('enterprise') && this.quietSince(candidate, date);
        });
        if (!unit) return;
        const parent = this.parentOf(unit);
        const target = this.kindOf(parent) === 'district_committee' ? state.blocs.get('enterprises') : random.pick(state.districts.filter((district) => district.endedOn === null));
        if (!target || target.endedOn !== null) return;
        const batch = this.batch('move', date, state.unit, `Về việc chuyển ${this.nameOf(unit)} trực thuộc ${this.nameOf(target)}`, random, 'Doanh nghiệp thay đổi mô hình quản lý');
        batch.request = { operation: 'move', unitIds: [unit], newParentId: target };
        world.move(batch, unit, target);
        return;
      }
      case 'cellMerge': {
        const source = this.pick(state, random, date, (candidate) => this.kindOf(candidate) === 'cell' && this.quietSince(candidate, date));
        if (!source) return;
        const parent = this.parentOf(source);
        const partners = [...parent.children].filter((unit) => unit !== source && this.kindOf(unit) === 'cell' && unit.host === source.host && this.quietSince(unit, date));
        if (partners.length === 0) return;
        const partner = random.pick(partners);
        if (source.host === 'village' || source.host === 'ward' ? random.chance(0.6) : random.chance(0.3)) {
          const name = this.uniqueName(parent, mergedName(this.nameOf(partner), this.nameOf(source)));
          const batch = this.batch('merge', date, parent, `Về việc hợp nhất ${this.nameOf(source)} và ${this.nameOf(partner)}`, random, 'Sáp nhập thôn, khu dân cư');
          const created = world.establish(batch, { code: `${parent.code}.H${batch.key}`, name, kind: 'cell', sector: null, parent, host: partner.host, size: 0 }, 'merge_new');
          state.pool.push(created);
          batch.request = { operation: 'merge', sourceIds: [source, partner], newUnit: { code: created.code, name, kind: 'cell', sector: null, parentId: parent } };
          world.merge(batch, [source, partner], created, 'merged_into');
        } else {
          const batch = this.batch('merge', date, parent, `Về việc nhập ${this.nameOf(source)} vào ${this.nameOf(partner)}`, random, 'Sắp xếp lại các chi bộ trực thuộc');
          batch.request = { operation: 'merge', sourceIds: [source], intoUnitId: partner };
          world.merge(batch, [source], partner, 'absorbed_into');
        }
        return;
      }
      case 'cellDissolve': {
        const unit = this.pick(state, random, date, (candidate) => this.kindOf(candidate) === 'cell' && this.parentOf(candidate).children.size > 2 && this.quietSince(candidate, date));
        if (!unit) return;
        const parent = this.parentOf(unit);
        const subtree = [unit, ...world.liveDescendants(unit)];
        const batch = this.batch('dissolve', date, parent, `Về việc giải thể ${this.nameOf(unit)}`, random, 'Sắp xếp lại các chi bộ trực thuộc; đảng viên chuyển sinh hoạt về chi bộ khác');
        batch.request = { operation: 'dissolve', unitIds: subtree };
        world.dissolve(batch, subtree, (ended) => (ended === unit ? this.heirFor(state, unit, date, random) : null));
        return;
      }
      case 'cellEstablish': {
        const parent = this.pick(state, random, date, (candidate) => ['grassroots_committee', 'sub_committee'].includes(this.kindOf(candidate)));
        if (!parent) return;
        const sample = [...parent.children].find((child) => this.isHost(child));
        const host: HostProfile = sample?.host ?? 'agency';
        const label = host === 'village' || host === 'ward' ? `${villageWord(state.old.region, host === 'ward', state.old.name === 'Quảng Ninh')} ${random.pick(VILLAGE_NAMES)}` : `${random.pick(['Tổ', 'Phòng', 'Đội', 'Bộ phận'])} ${random.pick(['Dịch vụ', 'Kế hoạch', 'Sản xuất', 'Hành chính', 'Nghiệp vụ', 'Kỹ thuật'])} ${random.int(1, 9)}`;
        const batch = this.batch('establish', date, parent, '', random);
        const cell = world.establish(batch, { code: `${parent.code}.N${batch.key}`, name: this.uniqueName(parent, `${CELL_PREFIX} ${label}`), kind: 'cell', sector: null, parent, host, size: this.hostSize(host, random) });
        state.pool.push(cell);
        batch.decision.subject = `Về việc thành lập ${this.nameOf(cell)} trực thuộc ${this.nameOf(parent)}`;
        batch.request = { operation: 'establish', units: [newUnitRequest(world, cell)] };
        // Part of its members come from a sibling cell it was split from.
        if (sample && sample.endedOn === null) this.addSplit(sample, { date, into: cell, share: 0.3 });
        return;
      }
      case 'rename': {
        const unit = this.pick(state, random, date, (candidate) => ['cell', 'grassroots_cell', 'grassroots_committee'].includes(this.kindOf(candidate)) && world.current(candidate).sector !== 'commune_ward');
        if (!unit) return;
        const name = renamed(this.nameOf(unit), random);
        if (name === this.nameOf(unit)) return;
        const parent = this.parentOf(unit);
        const unique = this.uniqueName(parent, name);
        const batch = this.batch('rename', date, this.kindOf(unit) === 'cell' ? parent : parent, `Về việc đổi tên ${this.nameOf(unit)} thành ${unique}`, random, 'Đơn vị đổi tên theo quyết định của cơ quan có thẩm quyền');
        batch.request = { operation: 'rename', unitId: unit, name: unique };
        world.rename(batch, unit, unique);
        return;
      }
      case 'groupEstablish': {
        const cell = this.pick(state, random, date, (candidate) => ['cell', 'grassroots_cell'].includes(this.kindOf(candidate)) && candidate.children.size === 0 && candidate.size >= 20);
        if (!cell) return;
        const batch = this.batch('establish', date, cell, `Về việc thành lập các tổ đảng trực thuộc ${this.nameOf(cell)}`, random);
        this.planGroups(state, cell, random, 2, date, batch);
        batch.request = { operation: 'establish', units: batch.created.map((unit) => newUnitRequest(world, unit)) };
        return;
      }
      case 'groupDissolve': {
        const group = this.pick(state, random, date, (candidate) => this.kindOf(candidate) === 'party_group');
        if (!group) return;
        const batch = this.batch('dissolve', date, this.parentOf(group), `Về việc giải thể ${this.nameOf(group)}`, random);
        batch.request = { operation: 'dissolve', unitIds: [group] };
        world.dissolve(batch, [group]);
        return;
      }
    }
  }

  private blocTemplates(state: ProvinceState, bloc: PlanUnit): readonly (GrassrootsTemplate & { weight: number })[] {
    for (const [type, unit] of state.blocs) if (unit === bloc) return [...BLOCS, COAL_BLOC].find((seed) => seed.type === type)?.templates ?? BLOCS[1].templates;
    return BLOCS[1].templates;
  }

  /**
   * February 2025: the provincial blocs were reorganized into the committee of the Party's agencies and the
   * committee of the provincial People's Committee (which took in the enterprises bloc).
   */
  private reorganizeBlocs(state: ProvinceState, random: Random) {
    const world = this.world;
    const date = BLOC_REORGANIZATION;
    const agencies = state.blocs.get('agencies');
    if (!agencies || agencies.endedOn !== null || !this.quietSince(agencies, date)) return;
    const level = state.old.type === 'tỉnh' ? 'tỉnh' : 'thành phố';
    const create = this.batch('establish', date, state.unit, `Về việc thành lập Đảng bộ Ủy ban nhân dân ${level}`, random, 'Sắp xếp tổ chức bộ máy theo Nghị quyết số 18-NQ/TW');
    const government = world.establish(create, { code: `${state.unit.code}.UB`, name: `${COMMITTEE_PREFIX} Ủy ban nhân dân ${level}`, kind: 'agency_bloc_committee', sector: null, parent: state.unit });
    create.request = { operation: 'establish', units: [newUnitRequest(world, government)] };
    state.pool.push(government);
    const movable = [...agencies.children].filter((unit) => world.current(unit).sector !== 'agency' || random.chance(0.5)).filter((unit) => this.quietSince(unit, date));
    if (movable.length > 0) {
      const move = this.batch('move', date, state.unit, `Về việc chuyển các tổ chức cơ sở đảng trực thuộc Đảng bộ Ủy ban nhân dân ${level}`, random, 'Sắp xếp tổ chức bộ máy theo Nghị quyết số 18-NQ/TW');
      move.request = { operation: 'move', unitIds: movable, newParentId: government };
      for (const unit of movable) world.move(move, unit, government);
    }
    const enterprises = state.blocs.get('enterprises');
    if (enterprises && enterprises.endedOn === null && this.quietSince(enterprises, date)) {
      const merge = this.batch('merge', date, state.unit, `Về việc kết thúc hoạt động Đảng bộ Khối Doanh nghiệp ${level}, chuyển các tổ chức đảng trực thuộc về Đảng bộ Ủy ban nhân dân ${level}`, random, 'Sắp xếp tổ chức bộ máy theo Nghị quyết số 18-NQ/TW');
      merge.request = { operation: 'merge', sourceIds: [enterprises], intoUnitId: government };
      world.merge(merge, [enterprises], government, 'absorbed_into');
    }
    const rename = this.batch('rename', date, state.unit, `Về việc đổi tên Đảng bộ Khối các cơ quan ${level} thành Đảng bộ các cơ quan Đảng ${level}`, random, 'Sắp xếp tổ chức bộ máy theo Nghị quyết số 18-NQ/TW');
    const newName = `${COMMITTEE_PREFIX} các cơ quan Đảng ${level}`;
    rename.request = { operation: 'rename', unitId: agencies, name: newName };
    world.rename(rename, agencies, newName);
    state.blocs.set('government', government);
    state.blocs.delete('enterprises');
  }

  // -------------------------------------------------------------------------------------------------------------
  // 1/7/2025: districts end, commune/ward committees begin, provinces merge

  private planReform(): PlanUnit[] {
    const world = this.world;
    const date = REFORM_DATE;
    const signed = '2025-06-30';
    const byName = new Map(this.states.map((state) => [state.old.name, state]));
    const targets = NEW_PROVINCES.filter((entry) => entry.from.every((name) => byName.has(name)));
    const result: PlanUnit[] = [];
    for (const target of targets) {
      const sources = target.from.map((name) => byName.get(name)!).filter(Boolean);
      const primary = sources[0];
      const random = primary.random.fork('reform');
      // The new provincial committee (a merged province) or the same one.
      let province = primary.unit;
      if (sources.length > 1) {
        const batch = this.world.batch('establish', date, this.decide(this.root, date, `Về việc thành lập Đảng bộ ${target.type} ${target.name} trên cơ sở hợp nhất ${sources.map((source) => `Đảng bộ ${source.old.type} ${source.old.name}`).join(', ')}`, random, signed), 'Sắp xếp đơn vị hành chính cấp tỉnh (Nghị quyết số 202/2025/QH15)');
        province = world.establish(batch, { code: `${primary.unit.code}M`, name: `${COMMITTEE_PREFIX} ${target.type} ${target.name}`, kind: 'provincial_committee', sector: null, parent: this.root, provinceIndex: primary.index }, 'establish');
        batch.request = { operation: 'establish', units: [newUnitRequest(world, province)] };
      }
      result.push(province);
      // New communes per source province, then per district, in proportion to the communes still there.
      const small = this.options.scale === 'small';
      const perSource = apportion(small ? sources[0].districts.length * SCALE_SETTINGS.small.newCommunesPerDistrict! : target.communes, sources.map((source) => liveCommunes(world, source).length), 1);
      const usedNames = new Set<string>();
      sources.forEach((source, s) => {
        const districts = source.districts.filter((district) => district.endedOn === null);
        const communeCounts = districts.map((district) => [...district.children].filter((unit) => this.isCommune(unit)).length);
        const given = districts.map((district) => source.districtSeeds.get(district)!.newCommunes);
        const counts = given.every((count) => count > 0) && given.reduce((a, b) => a + b, 0) > 0 ? given : apportion(perSource[s], communeCounts, 1);
        const establishDecision = this.decide(source.unit, date, `Về việc thành lập các Đảng bộ xã, phường trực thuộc Đảng bộ ${target.type} ${target.name}`, random, signed);
        const establish = world.batch('establish', date, establishDecision, 'Tổ chức chính quyền địa phương hai cấp từ ngày 01/7/2025');
        districts.forEach((district, d) => {
          const seed = source.districtSeeds.get(district)!;
          const communes = [...district.children].filter((unit) => this.isCommune(unit));
          // Three or four old communes become one; a group of one only moves.
          const parts = Math.max(1, Math.min(counts[d], Math.floor(communes.length / 2) || 1));
          chunk(communes, parts).forEach((group, c) => {
            const special = source.old.name === 'Quảng Ninh' && (seed.seed.name === 'Vân Đồn' || seed.seed.name === 'Cô Tô');
            const type = special ? 'đặc khu' : seed.seed.type === 'huyện' ? 'xã' : 'phường';
            const baseName = special || c === 0 ? seed.seed.name : this.nameOf(group[0]).replace(/^Đảng bộ (xã|phường|thị trấn) /, '');
            let base = baseName;
            for (let n = 2; usedNames.has(`${type} ${base}`); n++) base = `${baseName} ${n}`;
            usedNames.add(`${type} ${base}`);
            const commune = world.establish(establish, { code: `${province.code}.X${String(usedNames.size).padStart(3, '0')}`, name: `${COMMITTEE_PREFIX} ${type} ${base}`, kind: 'commune_committee', sector: null, parent: province, provinceIndex: source.index });
            this.communeOrigins.set(commune, { district, first: c === 0 });
            source.pool.push(commune);
            const names = group.map((unit) => this.nameOf(unit)).join(', ');
            if (group.length >= 2) {
              // The old communes' grassroots committees merge into one grassroots committee under the new commune.
              const merge = world.batch('merge', date, this.decide(source.unit, date, `Về việc hợp nhất ${names} thành Đảng bộ Khối dân cư ${type} ${base}`, random, signed), 'Sắp xếp đơn vị hành chính cấp xã');
              const merged = world.establish(merge, { code: `${commune.code}.01`, name: `${COMMITTEE_PREFIX} Khối dân cư ${type} ${base}`, kind: 'grassroots_committee', sector: 'commune_ward', parent: commune }, 'merge_new');
              merge.request = { operation: 'merge', sourceIds: group, newUnit: newUnitRequest(world, merged) };
              world.merge(merge, group, merged, 'merged_into');
              source.pool.push(merged);
            } else {
              const move = world.batch('move', date, this.decide(source.unit, date, `Về việc chuyển ${names} trực thuộc ${this.nameOf(commune)}`, random, signed), 'Sắp xếp đơn vị hành chính cấp xã');
              move.request = { operation: 'move', unitIds: group, newParentId: commune };
              world.move(move, group[0], commune);
            }
          });
        });
        establish.request = { operation: 'establish', units: establish.created.map((unit) => newUnitRequest(world, unit)) };
        // Grassroots organizations of the districts move under the new communes or the provincial blocs.
        this.moveDistrictGrassroots(source, primary, districts, random, date, signed);
        if (districts.length > 0) {
          const dissolve = world.batch('dissolve', date, this.decide(source.unit, date, `Về việc kết thúc hoạt động của các đảng bộ huyện, thị xã, thành phố trực thuộc Đảng bộ ${source.old.type} ${source.old.name}`, random, signed), 'Kết thúc hoạt động của cấp huyện từ ngày 01/7/2025 (Kết luận số 137-KL/TW)');
          dissolve.request = { operation: 'dissolve', unitIds: districts };
          world.dissolve(dissolve, districts);
        }
      });
      if (sources.length > 1) this.mergeProvinces(sources, province, random, date, signed);
    }
    return result;
  }

  private isCommune(unit: PlanUnit): boolean {
    return this.kindOf(unit) === 'grassroots_committee' && this.world.lastVersion(unit).sector === 'commune_ward';
  }

  /** Armed forces and regional agencies go to the blocs of the (primary) province, the rest to the new communes. */
  private moveDistrictGrassroots(source: ProvinceState, primary: ProvinceState, districts: PlanUnit[], random: Random, date: string, signed: string) {
    const world = this.world;
    const destinations = new Map<PlanUnit, PlanUnit[]>();
    const communesOf = (district: PlanUnit) => [...this.communeOrigins.entries()].filter(([, origin]) => origin.district === district).map(([commune]) => commune);
    for (const district of districts) {
      const communes = communesOf(district);
      const center = communes[0];
      for (const unit of [...district.children]) {
        const sector = world.current(unit).sector;
        let destination: PlanUnit | undefined;
        const name = this.nameOf(unit);
        if (sector === 'armed_forces') destination = (name.includes('Công an') ? primary.blocs.get('police') : primary.blocs.get('military')) ?? center;
        else if (sector === 'agency' && /Tòa án|Viện Kiểm sát|Thi hành án|Thuế|Kho bạc|Bảo hiểm|Kiểm lâm/.test(name)) destination = primary.blocs.get('government') ?? primary.blocs.get('agencies') ?? center;
        else destination = sector === 'agency' || sector === 'public_service' ? center : random.chance(0.5) ? center : random.pick(communes);
        if (!destination) continue;
        const list = destinations.get(destination) ?? [];
        list.push(unit);
        destinations.set(destination, list);
      }
    }
    for (const [destination, units] of destinations) {
      const batch = world.batch('move', date, this.decide(source.unit, date, `Về việc chuyển các tổ chức cơ sở đảng trực thuộc ${this.nameOf(destination)}`, random, signed), 'Tổ chức chính quyền địa phương hai cấp từ ngày 01/7/2025');
      batch.request = { operation: 'move', unitIds: units, newParentId: destination };
      for (const unit of units) world.move(batch, unit, destination);
    }
  }

  /** The provinces of a merger: their blocs go to the new committee (merged by kind), then the provinces merge into it. */
  private mergeProvinces(sources: ProvinceState[], province: PlanUnit, random: Random, date: string, signed: string) {
    const world = this.world;
    const primary = sources[0];
    const moved: PlanUnit[] = [];
    for (const [, bloc] of primary.blocs) if (bloc.endedOn === null) moved.push(bloc);
    if (moved.length > 0) {
      const batch = world.batch('move', date, this.decide(this.root, date, `Về việc chuyển các đảng bộ trực thuộc về ${this.nameOf(province)}`, random, signed), 'Hợp nhất đảng bộ cấp tỉnh');
      batch.request = { operation: 'move', unitIds: moved, newParentId: province };
      for (const bloc of moved) world.move(batch, bloc, province);
    }
    for (const other of sources.slice(1)) {
      for (const [type, bloc] of other.blocs) {
        if (bloc.endedOn !== null) continue;
        const into = primary.blocs.get(type);
        if (into && into.endedOn === null) {
          const batch = world.batch('merge', date, this.decide(this.root, date, `Về việc hợp nhất ${this.nameOf(bloc)} vào ${this.nameOf(into)}`, random, signed), 'Hợp nhất đảng bộ cấp tỉnh');
          batch.request = { operation: 'merge', sourceIds: [bloc], intoUnitId: into };
          world.merge(batch, [bloc], into, 'merged_into');
        } else {
          const batch = world.batch('move', date, this.decide(this.root, date, `Về việc chuyển ${this.nameOf(bloc)} trực thuộc ${this.nameOf(province)}`, random, signed), 'Hợp nhất đảng bộ cấp tỉnh');
          batch.request = { operation: 'move', unitIds: [bloc], newParentId: province };
          world.move(batch, bloc, province);
        }
      }
    }
    const batch = world.batch('merge', date, this.decide(this.root, date, `Về việc hợp nhất ${sources.map((source) => this.nameOf(source.unit)).join(', ')} thành ${this.nameOf(province)}`, random, signed), 'Sắp xếp đơn vị hành chính cấp tỉnh (Nghị quyết số 202/2025/QH15)');
    batch.request = { operation: 'merge', sourceIds: sources.map((source) => source.unit), intoUnitId: province };
    world.merge(batch, sources.map((source) => source.unit), province, 'merged_into');
    for (const source of sources) source.pool.push(province);
  }

  // -------------------------------------------------------------------------------------------------------------
  // After the reform: a little more history under the commune committees

  private planAfterReform(province: PlanUnit) {
    const states = this.states.filter((state) => state.pool.includes(province) || state.unit === province);
    for (const state of states) {
      const random = state.random.fork('after');
      const operations: { date: string; operation: HistoryOperation }[] = [];
      const span = (Date.parse(this.options.today) - Date.parse('2025-08-01')) / (86_400_000 * 365 * 5.5);
      if (span <= 0) continue;
      for (const operation of ['cellMerge', 'cellEstablish', 'grassrootsEstablish', 'grassrootsDissolve', 'rename', 'cellDissolve'] as HistoryOperation[]) {
        const count = this.operationCount(state, operation, span);
        for (let i = 0; i < count; i++) operations.push({ date: firstOfMonthOr(random, '2025-08-01', this.options.today), operation });
      }
      operations.sort((a, b) => a.date.localeCompare(b.date) || a.operation.localeCompare(b.operation));
      for (const { date, operation } of operations) {
        if (operation === 'grassrootsEstablish') this.establishUnderCommune(state, date, random);
        else if (operation === 'cellMerge') this.mergeVillageCells(state, date, random);
        else this.applyOperation(state, operation, date, random);
      }
    }
  }

  private establishUnderCommune(state: ProvinceState, date: string, random: Random) {
    const commune = this.pick(state, random, date, (unit) => this.kindOf(unit) === 'commune_committee');
    if (!commune) return;
    const templates = DISTRICT_GRASSROOTS.filter((template) => template.sector.startsWith('enterprise'));
    const template = random.weighted(templates, templates.map((entry) => entry.weight));
    const batch = this.batch('establish', date, commune, '', random);
    this.addGrassroots(state, commune, { ...template, committeeChance: 0 }, { name: this.nameOf(commune).replace(/^Đảng bộ \S+ /, ''), type: 'xã' }, random, batch);
    batch.decision.subject = `Về việc thành lập ${this.nameOf(batch.created[0])}`;
    batch.request = { operation: 'establish', units: batch.created.map((unit) => newUnitRequest(this.world, unit)) };
  }

  /** Villages keep merging after 2025: two village grassroots cells of one commune become one. */
  private mergeVillageCells(state: ProvinceState, date: string, random: Random) {
    const world = this.world;
    const source = this.pick(state, random, date, (unit) => this.kindOf(unit) === 'grassroots_cell' && (unit.host === 'village' || unit.host === 'ward') && this.quietSince(unit, date));
    if (!source) return;
    const parent = this.parentOf(source);
    const partners = [...parent.children].filter((unit) => unit !== source && this.kindOf(unit) === 'grassroots_cell' && unit.host === source.host && this.quietSince(unit, date));
    if (partners.length === 0) return;
    const partner = random.pick(partners);
    const name = this.uniqueName(parent, mergedName(this.nameOf(partner), this.nameOf(source)));
    const batch = this.batch('merge', date, parent, `Về việc hợp nhất ${this.nameOf(source)} và ${this.nameOf(partner)}`, random, 'Sáp nhập thôn, tổ dân phố');
    const created = world.establish(batch, { code: `${parent.code}.H${batch.key}`, name, kind: 'grassroots_cell', sector: 'commune_ward', parent, host: partner.host, size: 0 }, 'merge_new');
    state.pool.push(created);
    batch.request = { operation: 'merge', sourceIds: [source, partner], newUnit: { code: created.code, name, kind: 'grassroots_cell', sector: 'commune_ward', parentId: parent } };
    world.merge(batch, [source, partner], created, 'merged_into');
  }
}


// ---------------------------------------------------------------------------------------------------------------
// Helpers

const HOST_SIZES: Record<HostProfile, [number, number]> = {
  village: [18, 55], ward: [20, 70], commune_office: [10, 22], school: [5, 16], health: [3, 8], militia: [3, 8], police: [5, 14],
  enterprise_state: [8, 30], enterprise_private: [4, 14], enterprise_fdi: [3, 10], agency: [6, 22], public_service: [6, 20], army: [10, 35], retirees: [20, 60],
};

const PROVINCE_ESTABLISHED: Record<string, string> = {
  'Hà Nội': '1930-03-17', 'Quảng Ninh': '1963-10-30', 'Hồ Chí Minh': '1976-07-02', 'Đà Nẵng': '1997-01-01', 'Cần Thơ': '2004-01-01', 'Hậu Giang': '2004-01-01',
  'Điện Biên': '2004-01-01', 'Lai Châu': '2004-01-01', 'Đắk Nông': '2004-01-01', 'Bắc Ninh': '1997-01-01', 'Bắc Giang': '1997-01-01', 'Hải Dương': '1997-01-01',
  'Hưng Yên': '1997-01-01', 'Hà Nam': '1997-01-01', 'Nam Định': '1997-01-01', 'Vĩnh Phúc': '1997-01-01', 'Phú Thọ': '1997-01-01', 'Thái Nguyên': '1997-01-01',
  'Bắc Kạn': '1997-01-01', 'Quảng Nam': '1997-01-01', 'Bình Dương': '1997-01-01', 'Bình Phước': '1997-01-01', 'Bạc Liêu': '1997-01-01', 'Cà Mau': '1997-01-01',
  'Trà Vinh': '1992-05-01', 'Vĩnh Long': '1992-05-01', 'Sóc Trăng': '1992-04-08', 'Ninh Thuận': '1992-04-01', 'Bình Thuận': '1992-04-01', 'Quảng Ngãi': '1989-07-01',
  'Bình Định': '1989-07-01', 'Phú Yên': '1989-07-01', 'Khánh Hòa': '1989-07-01', 'Quảng Bình': '1989-07-01', 'Quảng Trị': '1989-07-01', 'Thừa Thiên Huế': '1989-07-01',
  'Kon Tum': '1991-08-12', 'Gia Lai': '1991-08-12', 'Hà Giang': '1991-08-12', 'Tuyên Quang': '1991-08-12', 'Lào Cai': '1991-10-01', 'Yên Bái': '1991-10-01',
};

const BORDER_PROVINCES = new Set(['Quảng Ninh', 'Lạng Sơn', 'Cao Bằng', 'Hà Giang', 'Lào Cai', 'Lai Châu', 'Điện Biên', 'Sơn La', 'Thanh Hóa', 'Nghệ An', 'Hà Tĩnh', 'Quảng Bình', 'Quảng Trị', 'Thừa Thiên Huế', 'Quảng Nam', 'Kon Tum', 'Gia Lai', 'Đắk Lắk', 'Đắk Nông', 'Bình Phước', 'Tây Ninh', 'Long An', 'Đồng Tháp', 'An Giang', 'Kiên Giang', 'Hải Phòng', 'Khánh Hòa', 'Bà Rịa - Vũng Tàu', 'Cà Mau', 'Bạc Liêu', 'Sóc Trăng', 'Trà Vinh', 'Bến Tre', 'Tiền Giang', 'Bình Thuận', 'Ninh Thuận', 'Phú Yên', 'Bình Định', 'Quảng Ngãi', 'Đà Nẵng', 'Thái Bình', 'Nam Định', 'Ninh Bình', 'Hồ Chí Minh']);

/** A baseline establishment date in [from, to], not before the parent's and not after mid-2019 (the term starts in 2020). */
function baselineDate(random: Random, parentDate: string, from: string, to: string): string {
  const low = parentDate > from ? parentDate : from;
  let high = to > low ? to : addDays(low, 3 * 365);
  if (high > '2019-06-30') high = '2019-06-30';
  return low >= high ? low : random.dateBetween(low, high);
}

/** A random first-of-month (or mid-month) date in [from, to). */
function firstOfMonthOr(random: Random, from: string, to: string): string {
  const date = random.dateBetween(from, to);
  return random.chance(0.6) ? `${date.slice(0, 8)}01` : random.chance(0.5) ? `${date.slice(0, 8)}15` : date;
}

function chunk<T>(items: T[], parts: number): T[][] {
  const sizes = apportion(items.length, Array.from({ length: parts }, () => 1));
  const result: T[][] = [];
  let offset = 0;
  for (const size of sizes) {
    if (size > 0) result.push(items.slice(offset, offset + size));
    offset += size;
  }
  return result;
}

function liveCommunes(world: OrgWorld, state: ProvinceState): PlanUnit[] {
  return state.districts.filter((district) => district.endedOn === null).flatMap((district) => [...district.children].filter((unit) => world.lastVersion(unit).sector === 'commune_ward'));
}

/** "Chi bộ thôn Đồng Tâm" + "Chi bộ thôn Tân Lập" → "Chi bộ thôn Đồng Tâm - Tân Lập". */
function mergedName(first: string, second: string): string {
  const words = first.split(' ');
  const prefixLength = first.startsWith('Chi bộ thôn') || first.startsWith('Chi bộ ấp') || first.startsWith('Chi bộ khu') ? 3 : 2;
  const prefix = words.slice(0, prefixLength).join(' ');
  const secondRest = second.startsWith(prefix) ? second.slice(prefix.length).trim() : second.split(' ').slice(2).join(' ');
  const joined = `${first} - ${secondRest}`;
  return joined.length > 120 ? first : joined;
}

/** A plausible new name: a company changes its legal form, a village or office is renamed. */
function renamed(name: string, random: Random): string {
  if (name.includes('Công ty TNHH MTV')) return name.replace('Công ty TNHH MTV', 'Công ty Cổ phần');
  if (name.includes('Công ty TNHH')) return name.replace('Công ty TNHH', 'Công ty Cổ phần');
  if (/Chi bộ (thôn|ấp) \d+$/.test(name)) return name.replace(/\d+$/, random.pick(VILLAGE_NAMES));
  if (/Chi bộ (khu|tổ dân phố|khu phố) \d+$/.test(name)) return `${name}${random.pick(['A', 'B'])}`;
  if (name.includes('Phòng Tài nguyên và Môi trường')) return name.replace('Phòng Tài nguyên và Môi trường', 'Phòng Nông nghiệp và Môi trường');
  if (name.includes('Sở Du lịch')) return name.replace('Sở Du lịch', 'Sở Văn hóa, Thể thao và Du lịch');
  if (name.startsWith('Chi bộ Trường')) return `${name} (${random.pick(['liên cấp', 'chất lượng cao'])})`;
  return name;
}

function sectorOfHost(host: HostProfile | null): OrgSector {
  switch (host) {
    case 'school': case 'health': case 'public_service': return 'public_service';
    case 'militia': case 'police': case 'army': return 'armed_forces';
    case 'commune_office': case 'agency': return 'agency';
    case 'enterprise_state': return 'enterprise_state';
    case 'enterprise_private': return 'enterprise_private';
    case 'enterprise_fdi': return 'enterprise_fdi';
    default: return 'commune_ward';
  }
}

function newUnitRequest(world: OrgWorld, unit: PlanUnit) {
  const version = world.lastVersion(unit);
  return { code: unit.code, name: version.name, kind: version.kind, sector: version.sector, parentId: version.parent };
}

/** The body that decides on changes under a unit (by its name and kind), and the suffix of its decision numbers. */
export function issuerOf(version: { name: string; kind: string }): { body: string; suffix: string } {
  const rest = version.name.replace(/^Đảng bộ /, '').replace(/^Chi bộ /, '');
  switch (version.kind) {
    case 'central': return { body: 'Bộ Chính trị', suffix: 'TW' };
    case 'provincial_committee': return rest.startsWith('thành phố ')
      ? { body: `Ban Thường vụ Thành ủy ${rest.slice('thành phố '.length)}`, suffix: 'TU' }
      : { body: `Ban Thường vụ Tỉnh ủy ${rest.replace(/^tỉnh /, '')}`, suffix: 'TU' };
    case 'district_committee': {
      const [type, ...name] = rest.split(' ');
      const kinds: Record<string, [string, string]> = { huyện: ['Huyện ủy', 'HU'], quận: ['Quận ủy', 'QU'], thị: ['Thị ủy', 'TU'], thành: ['Thành ủy', 'TU'] };
      const [committee, suffix] = kinds[type] ?? ['Huyện ủy', 'HU'];
      const placeName = type === 'thị' || type === 'thành' ? name.slice(1).join(' ') : name.join(' ');
      return { body: `Ban Thường vụ ${committee} ${placeName}`, suffix };
    }
    case 'agency_bloc_committee': return { body: `Ban Thường vụ Đảng ủy ${rest}`, suffix: rest.startsWith('Khối') ? 'ĐUK' : 'ĐU' };
    case 'commune_committee': return { body: `Ban Thường vụ Đảng ủy ${rest}`, suffix: 'ĐU' };
    case 'grassroots_committee': return { body: `Đảng ủy ${rest}`, suffix: 'ĐU' };
    case 'sub_committee': return { body: `Đảng ủy bộ phận ${rest.replace(/^bộ phận /, '')}`, suffix: 'ĐUBP' };
    default: return { body: `Chi bộ ${rest}`, suffix: 'CB' };
  }
}

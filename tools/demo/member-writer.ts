/**
 * Generates the members of a planned dataset inside PostgreSQL, set-based: `generate_series` over the planned
 * tracks (see `MemberTrack`), attributes drawn from a keyed hash of the seed and the member's number (so the result
 * is deterministic), names and reference codes picked from weighted lookup lists by integer keys. Then, still in SQL:
 * the life-cycle events (registration or admission, recognition, exemption, leaving, moves), the placements they
 * open and close, transfers for members of dissolved or split cells, decisions for every decided event, and the
 * projection on `members` (status, dates, unit and its place in the tree).
 *
 * The rows are those the services write: a `registration` (members recorded from earlier records) or `admission`
 * opens the first official placement; `rehomed` moves members of a merged cell on the merge date, citing the batch;
 * a transfer (issued, received, presented) moves members out of a cell before it is dissolved; leaving closes the
 * last placement; an active member has exactly one open official placement, a former member none.
 */
import { ETHNIC_GROUPS } from '../../src/contracts/member-reference.ts';
import { foldText, vietnameseWordKey } from '../../src/lib/text.ts';
import { presentToCellDueDate, transferDueDate } from '../../src/rules/member-lifecycle.ts';
import { badgeRulesFor, nextPresentationDay } from '../../src/rules/party-age.ts';
import { addDays } from '../../src/lib/dates.ts';
import { writeJournalFrom, type Tx } from '../../src/kernel/index.ts';
import { insertBadgeAwardsFrom } from '../../src/modules/badges/index.ts';
import { insertDecisionsFrom, reserveDecisionIdRange, reserveDecisionIds } from '../../src/modules/decisions/index.ts';
import { insertMemberEventsFrom, insertMemberPlacementsFrom, insertMembersFrom, reserveMemberIdRanges } from '../../src/modules/members/index.ts';
import { insertTransfersFrom, reserveTransferIdRange } from '../../src/modules/transfers/index.ts';
import { demoSqlOf, insertRows, source, type DemoSql } from './bulk.ts';
import type { DemoPlan } from './demo-plan.ts';
import { HISTORY_START, REFORM_DATE, issuerOf } from './demo-plan.ts';
import { HOST_PARAMS, expandWeights } from './member-profiles.ts';
import type { HostProfile } from './org-world.ts';
import { ETHNIC_PROFILES, FAMILY_NAMES_NORTH, FAMILY_NAMES_SOUTH, GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE, MIDDLE_NAMES_FEMALE_OLD, MIDDLE_NAMES_FEMALE_YOUNG, MIDDLE_NAMES_MALE_OLD, MIDDLE_NAMES_MALE_YOUNG, MINORITY_FAMILY_NAMES, RELIGION_WEIGHTS } from './people.ts';
import { OLD_PROVINCES, type EthnicProfileName } from './places.ts';

export interface MemberWriteStats {
  members: number;
  events: number;
  placements: number;
  transfers: number;
  decisions: number;
  /** Party badges presented before today, and the decisions that awarded them. */
  badgeAwards: number;
  badgeDecisions: number;
  dataQualityProblems: number;
}

const LIST_SIZE = 1000;
const REGIONS = ['north', 'central', 'south'] as const;
const PROFILES = Object.keys(ETHNIC_PROFILES) as EthnicProfileName[];
const HOSTS = Object.keys(HOST_PARAMS) as HostProfile[];
/** Integer ids of the pick lists (see loadReferenceTables). */
const LIST = { ethnic: 1, family: 100, middle: 400, given: 410, religion: 420, host: 500 } as const;
/** Event ids per member: founding 0; the k-th placement (k ≥ 2) is reached by slots 3k-5 … 3k-3; then recognition, exemption, leaving. */
const EVENT_SLOTS = 32;
const MAX_PLACEMENTS = 9;
const SLOT_RECOGNITION = 28;
const SLOT_EXEMPTION = 29;
const SLOT_LEAVE = 30;
const DECISION_SLOTS = 4;
const TRANSFER_SLOTS = 16;
const ETHNIC_CODE = new Map<string, string>(ETHNIC_GROUPS.map((group) => [group.vi, group.code]));

function ethnicCode(name: string): string {
  const code = ETHNIC_CODE.get(name);
  if (!code) throw new Error(`unknown ethnic group ${name}`);
  return code;
}

const namePartsCache = new Map<string, { name: string; folded: string; first: string; rest: string }>();

/** Folded form and Vietnamese sort keys of a name part (one or more words): the first word's key and the rest's. */
function nameParts(value: string) {
  let parts = namePartsCache.get(value);
  if (!parts) {
    const words = value.split(' ');
    parts = { name: value, folded: foldText(value), first: vietnameseWordKey(words[0]), rest: words.slice(1).map(vietnameseWordKey).join(' ') };
    namePartsCache.set(value, parts);
  }
  return parts;
}

/** Creates and fills the reference tables the member SQL reads. */
async function loadReferenceTables(client: DemoSql, plan: DemoPlan) {
  await client.query(`
    create temp table demo_track (track_id int primary key, n int not null, first_seq bigint not null, host text not null, province_index int not null, track_start date not null) on commit drop;
    create temp table demo_seg (track_id int not null, sn int not null, unit_id bigint not null, from_date date not null, kind text not null, decision_id bigint, batch_id bigint, latest date, primary key (track_id, sn)) on commit drop;
    create temp table demo_province (idx int primary key, code text not null, name text not null, type text not null, region text not null, region_idx int not null, profile_idx int not null) on commit drop;
    create temp table demo_pick (key int primary key, v text not null, folded text, k1 text, k2 text) on commit drop;
    create temp table demo_host (host text primary key, host_idx int not null, female float8 not null, gen text not null) on commit drop;
    create temp table demo_admitter (unit_id bigint not null, from_date date not null, to_date date, issuer_id bigint not null, body text not null, suffix text not null) on commit drop;
    create temp table demo_counter (body text not null, year int not null, last int not null, primary key (body, year)) on commit drop;
    create temp table demo_deadline (d date primary key, due_by date not null, present_by date not null) on commit drop;
  `);
  let seq = 0;
  const trackRows: unknown[][] = [];
  const segRows: unknown[][] = [];
  for (const track of plan.tracks) {
    trackRows.push([track.id, track.members, seq, track.host, track.provinceIndex, track.segments[0].from]);
    seq += track.members;
    track.segments.forEach((segment, sn) => {
      // A member moving to a cell split off is received there before the cell they leave ends, and not after today;
      // the members of an upgraded grassroots cell on the day of the upgrade.
      const leaving = sn > 0 ? track.segments[sn - 1].unit.endedOn : null;
      const latest = segment.kind !== 'transfer_split' ? null : segment.sameDay ? segment.from : leaving && leaving < plan.today ? leaving : plan.today;
      segRows.push([track.id, sn, segment.unit.id, segment.from, segment.kind, segment.decision?.id ?? null, segment.batch?.id ?? null, latest]);
    });
  }
  await insertRows(client, 'demo_track', [{ name: 'track_id', type: 'int' }, { name: 'n', type: 'int' }, { name: 'first_seq', type: 'bigint' }, { name: 'host', type: 'text' }, { name: 'province_index', type: 'int' }, { name: 'track_start', type: 'date' }], trackRows, 20000);
  await insertRows(client, 'demo_seg', [{ name: 'track_id', type: 'int' }, { name: 'sn', type: 'int' }, { name: 'unit_id', type: 'bigint' }, { name: 'from_date', type: 'date' }, { name: 'kind', type: 'text' }, { name: 'decision_id', type: 'bigint' }, { name: 'batch_id', type: 'bigint' }, { name: 'latest', type: 'date' }], segRows, 20000);
  await insertRows(client, 'demo_province', [{ name: 'idx', type: 'int' }, { name: 'code', type: 'text' }, { name: 'name', type: 'text' }, { name: 'type', type: 'text' }, { name: 'region', type: 'text' }, { name: 'region_idx', type: 'int' }, { name: 'profile_idx', type: 'int' }],
    OLD_PROVINCES.map((province, idx) => [idx, province.code, province.name, province.type, province.region, REGIONS.indexOf(province.region), PROFILES.indexOf(province.ethnicProfile)]));
  // Weighted lists, expanded so that a uniform index picks by weight: key = list id × 10,000 + index → the value and
  // its name keys. List ids are integers computed in SQL (see listKey), so picking is an integer hash join.
  const picks: unknown[][] = [];
  const addList = (list: number, values: string[]) => values.forEach((value, i) => picks.push([list * 10_000 + i + 1, value, null, null, null]));
  const addNames = (list: number, choices: [string, number][]) => expandWeights(choices, LIST_SIZE).map(nameParts)
    .forEach((part, i) => picks.push([list * 10_000 + i + 1, part.name, part.folded, part.first, part.rest]));
  PROFILES.forEach((profile, i) => addList(LIST.ethnic + i, expandWeights(ETHNIC_PROFILES[profile].map(([name, weight]) => [ethnicCode(name), weight] as [string, number]), LIST_SIZE)));
  // Family names per (ethnic group, region): a minority group's own names when known, else the Kinh names of the region.
  const usedGroups = new Set(Object.values(ETHNIC_PROFILES).flatMap((choices) => choices.map(([name]) => name)));
  for (const group of usedGroups) {
    REGIONS.forEach((region, r) => addNames(LIST.family + Number(ethnicCode(group)) * 3 + r, MINORITY_FAMILY_NAMES[group] ?? (region === 'south' ? FAMILY_NAMES_SOUTH : FAMILY_NAMES_NORTH)));
  }
  addNames(LIST.middle + 0, MIDDLE_NAMES_MALE_OLD);
  addNames(LIST.middle + 1, MIDDLE_NAMES_MALE_YOUNG);
  addNames(LIST.middle + 2, MIDDLE_NAMES_FEMALE_OLD);
  addNames(LIST.middle + 3, MIDDLE_NAMES_FEMALE_YOUNG);
  addNames(LIST.given + 0, GIVEN_NAMES_MALE);
  addNames(LIST.given + 1, GIVEN_NAMES_FEMALE);
  addList(LIST.religion, expandWeights(RELIGION_WEIGHTS, LIST_SIZE));
  HOSTS.forEach((host, h) => {
    addList(LIST.host + h * 3, expandWeights(HOST_PARAMS[host].occupations, 100));
    addList(LIST.host + h * 3 + 1, expandWeights(HOST_PARAMS[host].professional, 100));
    addList(LIST.host + h * 3 + 2, expandWeights(HOST_PARAMS[host].theory, 100));
  });
  await insertRows(client, 'demo_pick', [{ name: 'key', type: 'int' }, { name: 'v', type: 'text' }, { name: 'folded', type: 'text' }, { name: 'k1', type: 'text' }, { name: 'k2', type: 'text' }], picks, 20000);
  await insertRows(client, 'demo_host', [{ name: 'host', type: 'text' }, { name: 'host_idx', type: 'int' }, { name: 'female', type: 'float8' }, { name: 'gen', type: 'text' }],
    HOSTS.map((host, h) => [host, h, HOST_PARAMS[host].female, HOST_PARAMS[host].generation]));
  await insertRows(client, 'demo_admitter', [{ name: 'unit_id', type: 'bigint' }, { name: 'from_date', type: 'date' }, { name: 'to_date', type: 'date' }, { name: 'issuer_id', type: 'bigint' }, { name: 'body', type: 'text' }, { name: 'suffix', type: 'text' }],
    plan.admitters.map((admitter) => [admitter.unit.id, admitter.from, admitter.to, admitter.issuer.id, admitter.body, admitter.suffix]));
  await insertRows(client, 'demo_counter', [{ name: 'body', type: 'text' }, { name: 'year', type: 'int' }, { name: 'last', type: 'int' }],
    [...plan.decisionCounters.entries()].map(([key, last]) => { const [body, year] = key.split('|'); return [body, Number(year), last]; }), 20000);
  await client.query(`create index on demo_admitter (unit_id, from_date); analyze demo_track; analyze demo_seg; analyze demo_admitter; analyze demo_pick`);
}

/** Citizen ID serial ranges per scale, so datasets of different scales never share a number. */
const SERIAL_RANGES: Record<string, { base: number; range: number }> = {
  national: { base: 0, range: 800_000 },
  province: { base: 800_000, range: 100_000 },
  small: { base: 900_000, range: 100_000 },
};

export async function writeMembers(tx: Tx, plan: DemoPlan, log: (line: string) => void): Promise<MemberWriteStats> {
  const client = demoSqlOf(tx);
  const started = Date.now();
  const step = (label: string) => log(`  ${label} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  await loadReferenceTables(client, plan);
  step('reference tables');
  const seed = plan.seed;
  const today = plan.today;
  const serial = SERIAL_RANGES[plan.scale];
  // One in `every` members carries a deliberate data-quality problem of each kind (a handful per province).
  const every = Math.max(300, Math.min(20_000, Math.round(plan.memberTotal / 20)));

  // Ids: ranges reserved by the owners of the tables (which lock them against other writers), so that every id is a
  // formula of the member's number and nothing has to be looked up: member = base + n, event = base + 32n + slot,
  // decision = base + 4n + slot, transfer = base + 16n + placement number.
  const total = plan.tracks.reduce((sum, track) => sum + track.members, 0);
  const memberRanges = await reserveMemberIdRanges(tx, { members: total, events: total * EVENT_SLOTS });
  const ids = {
    ...memberRanges,
    decision: await reserveDecisionIdRange(tx, total * DECISION_SLOTS),
    transfer: await reserveTransferIdRange(tx, total * TRANSFER_SLOTS),
  };
  const eventId = (slot: string) => `${ids.event}::bigint + %SEQ% * ${EVENT_SLOTS} + (${slot})`;
  const ev = (alias: string, slot: string) => eventId(slot).replace('%SEQ%', `${alias}.seq`);

  // 1. Members: attributes and life-cycle dates, one row per planned member.
  await client.query(`
    create temp table demo_member (
      id bigint primary key, seq bigint not null, track_id int not null, host text not null, province_index int not null,
      sex text not null, birth_date date not null, adm date not null, probation_start date not null, natural_official date not null,
      recog_date date, official_date date, start_date date not null, founding text not null, founding_status text not null,
      leave_kind text, leave_date date, exempt_date date, status text not null, status_since date not null,
      full_name text not null, name_folded text not null, name_sort_key text not null, ethnicity text, religion text, education text,
      professional text, theory text, occupation text, birth_code text not null, century_digit int not null, yy int not null,
      hometown text, birthplace text, quality text
    ) on commit drop`);
  await client.query(`
    insert into demo_member (id, seq, track_id, host, province_index, sex, birth_date, adm, probation_start, natural_official, recog_date, official_date,
      start_date, founding, founding_status, leave_kind, leave_date, exempt_date, status, status_since, full_name, name_folded, name_sort_key,
      ethnicity, religion, education, professional, theory, occupation, birth_code, century_digit, yy, hometown, birthplace, quality)
    -- Each step is computed once per row: 'offset 0' keeps the planner from inlining a step's expressions into the next.
    with base as (
      select t.track_id, t.host, t.province_index, t.track_start, t.first_seq + g.i as seq,
        hashint8extended(t.first_seq + g.i, $1::bigint) as h1, hashint8extended(t.first_seq + g.i, $1::bigint + 1) as h2,
        hashint8extended(t.first_seq + g.i, $1::bigint + 2) as h3, hashint8extended(t.first_seq + g.i, $1::bigint + 3) as h4
      from demo_track t cross join lateral generate_series(0, t.n - 1) as g(i)
      offset 0
    ), draws as (
      select b.*, hp.female as female_share, hp.gen, hp.host_idx,
        ((h1 >> 0) & 1023) / 1024.0::float8 as u1, ((h1 >> 10) & 1023) / 1024.0::float8 as u2, ((h1 >> 20) & 1023) / 1024.0::float8 as u3,
        ((h1 >> 30) & 1023) / 1024.0::float8 as u4, ((h1 >> 40) & 1023) / 1024.0::float8 as u5, ((h1 >> 50) & 1023) / 1024.0::float8 as u6,
        ((h2 >> 0) & 1023) / 1024.0::float8 as u7, ((h2 >> 10) & 1023) / 1024.0::float8 as u8, ((h2 >> 20) & 1023) / 1024.0::float8 as u9,
        ((h2 >> 30) & 1023) / 1024.0::float8 as u10, ((h2 >> 40) & 1023) / 1024.0::float8 as u11, ((h2 >> 50) & 1023) / 1024.0::float8 as u12,
        1 + ((h3 >> 0) & 1023) % 1000 as i_ethnic, 1 + ((h3 >> 10) & 1023) % 1000 as i_family, 1 + ((h3 >> 20) & 1023) % 1000 as i_middle,
        1 + ((h3 >> 30) & 1023) % 1000 as i_given, 1 + ((h3 >> 40) & 1023) % 1000 as i_religion, 1 + ((h3 >> 50) & 1023) % 100 as i_occupation,
        1 + ((h4 >> 0) & 1023) % 100 as i_professional, 1 + ((h4 >> 10) & 1023) % 100 as i_theory, ((h4 >> 20) & 1023) / 1024.0::float8 as u13,
        ((h4 >> 30) & 1023) as r14, (abs(h4) % ${every}) as quality_slot
      from base b join demo_host hp on hp.host = b.host
      offset 0
    ), admitted as (
      select d.*,
        case when d.u2 < 0.031 then $2::date - (20 + floor(d.u3 * 330))::int
             else $2::date - 365 - floor(power(d.u3, case d.gen when 'old' then 0.8 when 'prof' then 1.25 else 1.6 end)
                  * case d.gen when 'old' then 21900 when 'prof' then 13870 else 9125 end)::int end as adm,
        (d.u2 < 0.031) as recent
      from draws d
      offset 0
    ), aged as (
      select a.*,
        -- Age at admission, in years: 18–25 in the armed forces, mostly 20–35 elsewhere; office and enterprise members
        -- are at most 60 today.
        greatest(18.2, least(
          case when a.host in ('army', 'militia', 'police') then 18.5 + a.u4 * 7 else 19 + power(a.u4, 1.6) * 27 end,
          case when a.gen = 'old' then greatest(18.5, date_part('year', a.adm) - 1930) else 60 - ($2::date - a.adm) / 365.25::float8 end
        )) as adm_age
      from admitted a
      offset 0
    ), dated as (
      select g.*, (g.adm - (g.adm_age * 365.25::float8)::int - floor(g.u5 * 200)::int) as birth,
        least(g.adm + (5 + floor(g.u6 * 25))::int, $2::date) as probation_start
      from aged g
      offset 0
    ), lived as (
      select d.*, (d.probation_start + interval '12 months')::date as natural_official,
        greatest(d.adm, d.track_start) as start_date,
        (d.adm >= date '${HISTORY_START}' and d.adm >= d.track_start) as is_admission,
        ($2::date - d.birth) / 365.25::float8 as age_now
      from dated d
      offset 0
    ), fates as (
      select l.*,
        case when l.natural_official + (10 + floor(l.u7 * 40))::int <= $2::date then l.natural_official + (10 + floor(l.u7 * 40))::int end as recog_decision,
        case when l.recent or l.start_date >= $2::date - 3 then null
             when l.u8 < case when l.age_now >= 85 then 0.25 when l.age_now >= 75 then 0.12 when l.age_now >= 65 then 0.04 else 0.004 end then 'death'
             when l.u8 < case when l.age_now >= 85 then 0.25 when l.age_now >= 75 then 0.12 when l.age_now >= 65 then 0.04 else 0.004 end + 0.004 then 'removal'
             when l.u8 < case when l.age_now >= 85 then 0.25 when l.age_now >= 75 then 0.12 when l.age_now >= 65 then 0.04 else 0.004 end + 0.005 then 'expulsion'
        end as leave_kind
      from lived l
      offset 0
    ), left_ as (
      select f.*,
        case when f.leave_kind is not null then
          greatest(f.start_date, date '${HISTORY_START}') + 1 + floor(f.u9 * greatest(1, $2::date - greatest(f.start_date, date '${HISTORY_START}') - 2))::int end as leave_date
      from fates f
      offset 0
    ), recognized as (
      select x.*,
        -- Official: recorded as official at registration, or recognized (the decision before the member left).
        case when x.natural_official <= x.start_date and not x.is_admission then x.natural_official
             when x.recog_decision is not null and (x.leave_date is null or x.recog_decision < x.leave_date) then x.natural_official end as official_date
      from left_ x
      offset 0
    ), exempted as (
      select r.*,
        case when r.leave_date is null and r.official_date is not null and r.u10 < case when r.age_now >= 70 then 0.35 else 0.004 end
             and greatest(r.official_date, r.start_date, date '${HISTORY_START}') < $2::date - 1
          then greatest(r.official_date, r.start_date, date '${HISTORY_START}') + 1
               + floor(r.u11 * ($2::date - greatest(r.official_date, r.start_date, date '${HISTORY_START}') - 1))::int end as exempt_date
      from recognized r
      offset 0
    ), named as (
      select e.*, p.region, p.region_idx, p.code as track_code, p.name as province_name, p.type as province_type,
        (case when e.u1 < e.female_share then 'female' else 'male' end) as sex_value,
        eth.v as ethnic_code
      from exempted e
      join demo_province p on p.idx = e.province_index
      join demo_pick eth on eth.key = (${LIST.ethnic} + p.profile_idx) * 10000 + e.i_ethnic
      offset 0
    ), full_ as (
      select n.*,
        fm.v as family, fm.folded as family_folded, fm.k1 as family_first, fm.k2 as family_rest,
        mi.v as middle, mi.folded as middle_folded, concat_ws(' ', mi.k1, nullif(mi.k2, '')) as middle_key,
        gi.v as given, gi.folded as given_folded, gi.k1 as given_key,
        rel.v as religion, occ.v as occupation_pick, pro.v as professional, the.v as theory,
        case when n.u12 < 0.85 then n.track_code else (array[${OLD_PROVINCES.map((province) => `'${province.code}'`).join(',')}])[1 + n.r14 % ${OLD_PROVINCES.length}] end as birth_code,
        case when n.u12 < 0.85 then n.province_type || ' ' || n.province_name else (array[${OLD_PROVINCES.map((province) => `'${province.type} ${province.name}'`).join(',')}])[1 + n.r14 % ${OLD_PROVINCES.length}] end as home
      from named n
      join demo_pick fm on fm.key = (${LIST.family} + n.ethnic_code::int * 3 + n.region_idx) * 10000 + n.i_family
      join demo_pick mi on mi.key = (${LIST.middle} + case when n.sex_value = 'female' then 2 else 0 end + case when n.birth < date '1975-01-01' then 0 else 1 end) * 10000 + n.i_middle
      join demo_pick gi on gi.key = (${LIST.given} + case when n.sex_value = 'female' then 1 else 0 end) * 10000 + n.i_given
      join demo_pick rel on rel.key = ${LIST.religion} * 10000 + n.i_religion
      join demo_pick occ on occ.key = (${LIST.host} + n.host_idx * 3) * 10000 + n.i_occupation
      join demo_pick pro on pro.key = (${LIST.host} + n.host_idx * 3 + 1) * 10000 + n.i_professional
      join demo_pick the on the.key = (${LIST.host} + n.host_idx * 3 + 2) * 10000 + n.i_theory
      offset 0
    )
    select $3::bigint + f.seq, f.seq, f.track_id, f.host, f.province_index, f.sex_value, bf.birth_final, f.adm, f.probation_start, f.natural_official,
      case when f.official_date is not null and f.official_date > f.start_date then f.recog_decision end,
      -- Deliberate problem 'official_date_mismatch': two months off the end of probation.
      case when f.quality_slot = 4 and f.official_date is not null and not f.is_admission and f.natural_official <= f.start_date then (f.official_date + interval '2 months')::date else f.official_date end,
      f.start_date,
      case when f.is_admission then 'admission' else 'registration' end,
      case when f.is_admission then 'probationary' when f.natural_official <= f.start_date then 'official' else 'probationary' end,
      f.leave_kind, f.leave_date, f.exempt_date,
      case f.leave_kind when 'death' then 'deceased' when 'removal' then 'removed' when 'expulsion' then 'expelled' else
        case when f.exempt_date is not null then 'exempted' when f.official_date is not null then 'official' else 'probationary' end end,
      coalesce(f.leave_date, f.exempt_date, case when f.official_date is not null and f.official_date > f.start_date then f.official_date end, f.start_date),
      f.family || ' ' || f.middle || ' ' || f.given,
      f.family_folded || ' ' || f.middle_folded || ' ' || f.given_folded,
      concat_ws(' ', f.given_key, nullif(f.family_rest, ''), f.middle_key, f.family_first),
      -- Deliberate problem 'missing_fields': ethnicity and education left empty.
      case when f.quality_slot = 1 then null else f.ethnic_code end,
      f.religion,
      case when f.quality_slot = 1 then null
           when date_part('year', f.adm) < 1985 then (array['primary', 'lower_secondary', 'lower_secondary', 'lower_secondary', 'upper_secondary', 'upper_secondary'])[1 + (f.r14 % 6)]
           when date_part('year', f.adm) < 2000 then (array['lower_secondary', 'upper_secondary', 'upper_secondary', 'upper_secondary', 'upper_secondary'])[1 + (f.r14 % 5)]
           else (case when f.r14 % 25 = 0 then 'lower_secondary' else 'upper_secondary' end) end,
      f.professional,
      f.theory,
      case when f.host in ('village', 'ward', 'retirees') and f.age_now >= case when f.sex_value = 'female' then 55 else 60 end then 'retired'
           else f.occupation_pick end,
      f.birth_code,
      (case when date_part('year', bf.birth_final) >= 2000 then 2 else 0 end) + (case when f.sex_value = 'female' then 1 else 0 end),
      (date_part('year', bf.birth_final)::int % 100),
      f.home, case when f.u13 < 0.9 then f.home end,
      case f.quality_slot when 1 then 'missing_fields' when 2 then 'duplicate_name_birth' when 3 then 'under_age_admission' when 4 then 'official_date_mismatch' end
    from full_ f
    -- Deliberate problem 'under_age_admission': born so that the admission came at 17.
    cross join lateral (select case when f.quality_slot = 3 then (f.adm - interval '17 years 2 months')::date else f.birth end as birth_final) bf`, [seed, today, ids.member]);
  step('members drawn');
  // Deliberate problem 'duplicate_name_birth': the record repeats another member's name and birth date (a person
  // registered twice, or two records to reconcile), when that keeps both ages plausible.
  await client.query(`
    update demo_member d set full_name = o.full_name, name_folded = o.name_folded, name_sort_key = o.name_sort_key, birth_date = o.birth_date, sex = o.sex,
      century_digit = o.century_digit, yy = o.yy
    from demo_member o
    where d.quality = 'duplicate_name_birth' and o.id = d.id - 1 and o.adm >= o.birth_date + 6800 and d.adm >= o.birth_date + 6800`);
  await client.query(`update demo_member d set quality = null where d.quality = 'duplicate_name_birth'
    and not exists (select 1 from demo_member o where o.id = d.id - 1 and o.name_folded = d.name_folded and o.birth_date = d.birth_date)`);
  await client.query('analyze demo_member');

  // 2. Placements: each member's track segments clipped to [start, leave), with member-specific transfer dates.
  await client.query(`
    create temp table demo_place on commit drop as
    with raw as (
      select m.id as member_id, m.seq, m.start_date, m.leave_date, s.sn, s.unit_id, s.kind, s.decision_id, s.batch_id, s.from_date as seg_date,
        case s.kind
          -- Members of a cell being dissolved are received elsewhere up to ten days before it ends.
          when 'transfer_dissolve' then greatest(s.from_date - (abs(hashint8extended(m.seq * 64 + s.sn, $1::bigint + 7)) % 11)::int, u.established_on)
          -- Members split off to a new cell are received there within two weeks (before the cell they leave ends);
          -- members who joined on or after the split start in the new cell.
          when 'transfer_split' then case when m.start_date >= s.from_date then s.from_date
            else least(s.from_date + (abs(hashint8extended(m.seq * 64 + s.sn, $1::bigint + 7)) % 16)::int, s.latest) end
          else s.from_date end as b
      from demo_member m
      join demo_seg s on s.track_id = m.track_id
      join org_units u on u.id = s.unit_id
    ), ordered as (
      select r.*, max(r.b) over (partition by r.member_id order by r.sn) as bmax from raw r
    ), clipped as (
      select o.*, greatest(o.bmax, o.start_date) as valid_from,
        case when lead(o.bmax) over w is null then o.leave_date else least(lead(o.bmax) over w, o.leave_date) end as valid_to
      from ordered o
      window w as (partition by o.member_id order by o.sn)
    ), kept as (
      select c.* from clipped c where c.valid_to is null or c.valid_to > c.valid_from
    )
    select k.member_id, k.seq, k.sn, k.unit_id, k.kind, k.decision_id, k.batch_id, k.seg_date, k.valid_from, k.valid_to,
      row_number() over w as pn, lag(k.unit_id) over w as prev_unit, lag(k.valid_from) over w as prev_from, lead(k.sn) over w is null as is_last
    from kept k
    window w as (partition by k.member_id order by k.sn)`, [seed]);
  await client.query('create index on demo_place (member_id); analyze demo_place');
  const moves = await client.query<{ n: number }>('select coalesce(max(pn), 0)::int as n from demo_place');
  if (moves.rows[0].n > MAX_PLACEMENTS) throw new Error(`a member has ${moves.rows[0].n} placements; the event slots allow ${MAX_PLACEMENTS}`);
  step('members and placements planned');

  // 3. Decisions for decided events: admission, recognition, exemption, removal and expulsion, by the committee
  //    that decides on the member's cell at the time, numbered after that body's other decisions of the year.
  await client.query(`set local work_mem = '256MB'`);
  const decisionCount = await insertDecisionsFrom(tx, source(`
    with wanted as (
      select m.id as member_id, m.seq, m.full_name, 0 as slot, m.adm as signed_on, m.adm as at_date from demo_member m where m.founding = 'admission'
      union all
      select m.id, m.seq, m.full_name, 1, m.recog_date, m.official_date from demo_member m where m.recog_date is not null
      union all
      select m.id, m.seq, m.full_name, 2, m.exempt_date, m.exempt_date from demo_member m where m.exempt_date is not null
      union all
      select m.id, m.seq, m.full_name, 3, m.leave_date, m.leave_date - 1 from demo_member m where m.leave_kind in ('removal', 'expulsion')
    ), issued as (
      select w.*, a.issuer_id, a.body, a.suffix from wanted w
      join demo_place p on p.member_id = w.member_id and p.valid_from <= w.at_date and (p.valid_to is null or p.valid_to > w.at_date)
      join demo_admitter a on a.unit_id = p.unit_id and a.from_date <= w.at_date and (a.to_date is null or a.to_date > w.at_date)
    ), numbered as (
      select i.*, coalesce(c.last, 0) + row_number() over (partition by i.body, date_part('year', i.signed_on) order by i.signed_on, i.seq, i.slot) as n
      from issued i
      left join demo_counter c on c.body = i.body and c.year = date_part('year', i.signed_on)
    )
    select ${ids.decision}::bigint + d.seq * ${DECISION_SLOTS} + d.slot as id, d.n || '-QĐ/' || d.suffix as number, d.signed_on, d.body as issuing_body,
      d.issuer_id as issuing_unit_id, null as signer,
      case d.slot when 0 then 'Về việc kết nạp đảng viên ' when 1 then 'Về việc công nhận đảng viên chính thức '
        when 2 then 'Về việc miễn công tác và sinh hoạt đảng cho đảng viên ' else 'Về việc xóa tên hoặc kỷ luật đảng viên ' end || d.full_name as subject,
      lower(translate(d.n || '-QĐ/' || d.suffix, 'Đđ', 'dd')) as number_folded, (d.signed_on + time '10:00') at time zone 'Asia/Ho_Chi_Minh' as created_at
    from numbered d`));
  const wantedDecisions = await client.query<{ n: number }>(`
    select ((select count(*) from demo_member where founding = 'admission') + (select count(*) from demo_member where recog_date is not null)
      + (select count(*) from demo_member where exempt_date is not null) + (select count(*) from demo_member where leave_kind in ('removal', 'expulsion')))::int as n`);
  if (decisionCount !== wantedDecisions.rows[0].n) throw new Error(`member decisions: ${decisionCount} written, ${wantedDecisions.rows[0].n} needed`);
  const decisionOf = (alias: string, slot: number) => `${ids.decision}::bigint + ${alias}.seq * ${DECISION_SLOTS} + ${slot}`;
  step(`${decisionCount} member decisions`);

  // 4. Transfers (members of dissolved cells, and of cells split off), with their dates and working-day deadlines.
  await client.query(`
    create temp table demo_transfer on commit drop as
    select $3::bigint + p.seq * ${TRANSFER_SLOTS} + p.pn as id, p.member_id, p.seq, p.pn, p.prev_unit as from_unit, p.unit_id as to_unit, p.decision_id,
      case when p.kind = 'transfer_split' then greatest(p.prev_from, p.seg_date, p.valid_from - (abs(hashint8extended(p.member_id, $1::bigint + 11)) % 6)::int)
           else greatest(p.prev_from, p.valid_from - 5 - (abs(hashint8extended(p.member_id, $1::bigint + 11)) % 26)::int) end as issued_on,
      p.valid_from as received_on,
      least(p.valid_from + (abs(hashint8extended(p.member_id, $1::bigint + 12)) % 11)::int, $2::date) as presented_on,
      case when p.kind = 'transfer_split' then 'work' else 'residence' end as purpose
    from demo_place p
    where p.pn > 1 and p.kind in ('transfer_dissolve', 'transfer_split')`, [seed, today, ids.transfer]);
  const dates = await client.query<{ d: string }>(`select distinct d::text from demo_transfer, lateral (values (issued_on), (received_on)) as x(d)`);
  await insertRows(client, 'demo_deadline', [{ name: 'd', type: 'date' }, { name: 'due_by', type: 'date' }, { name: 'present_by', type: 'date' }],
    dates.rows.map((row) => [row.d, transferDueDate(row.d), presentToCellDueDate(row.d)]), 5000);

  // 5. The registry: members (citizen IDs unique per birth province, century/sex and year), then transfers,
  //    events and placements.
  const members = await insertMembersFrom(tx, source(`
    with serials as (
      select m.id, row_number() over (partition by m.birth_code, m.century_digit, m.yy order by m.seq) as rn from demo_member m
    )
    select m.id, m.full_name, m.name_folded, m.name_sort_key, m.sex, m.birth_date, m.birthplace, m.hometown, m.ethnicity, m.religion,
      -- A person registered twice was entered the second time from paper, without the citizen ID: a duplicate the
      -- cleaning list finds and an officer can merge (two records with different IDs would be two people).
      case when m.quality in ('missing_fields', 'duplicate_name_birth') then null
           else m.birth_code || m.century_digit || lpad(m.yy::text, 2, '0') || lpad((${serial.base} + (s.rn * 7919) % ${serial.range})::text, 6, '0') end as citizen_id,
      case when m.official_date is not null then lpad((m.id % 100000000)::text, 8, '0') end as party_card_number,
      m.education as education_level, m.professional as professional_level, m.theory as theory_level, m.occupation, m.adm as admission_date,
      m.probation_start, m.official_date, m.status, m.status_since, p.unit_id, null as created_by
    from demo_member m
    join serials s on s.id = m.id
    join demo_place p on p.member_id = m.id and p.is_last`));
  step(`${members} members`);
  const transfers = await insertTransfersFrom(tx, source(`
    select t.id, t.member_id, 'official' as kind, t.purpose, t.from_unit as from_unit_id, t.to_unit as to_unit_id, 'accepted' as status, t.issued_on,
      t.decision_id as issue_decision_id, dl.due_by, null as temporary_until, t.received_on, null as receive_decision_id, t.to_unit as cell_id,
      dr.present_by, t.presented_on, (t.issued_on + time '10:00') at time zone 'Asia/Ho_Chi_Minh' as created_at
    from demo_transfer t
    join demo_deadline dl on dl.d = t.issued_on
    join demo_deadline dr on dr.d = t.received_on`));
  const recorded = (date: string) => `(greatest(${date}, date '${HISTORY_START}') + time '10:00') at time zone 'Asia/Ho_Chi_Minh'`;
  const events = await insertMemberEventsFrom(tx, source(`
    select e.*, null as recorded_by from (
    -- Founding: registration of a member recorded from earlier records, or admission.
    select ${ev('m', '0')} as id, m.id as member_id, m.founding as kind, m.start_date as effective_date,
      case when m.founding = 'admission' then ${decisionOf('m', 0)} end as decision_id, p.unit_id, m.founding_status as status_after,
      case when m.founding = 'admission' then jsonb_build_object('cellVoteDate', m.adm - 20, 'ceremonyDate', m.probation_start,
             'ageMonths', ((m.adm - m.birth_date) / 30.4375::float8)::int, 'ageConsentDecisionId', null, 'probationEnds', m.natural_official)
           else jsonb_build_object('admissionDate', m.adm, 'probationStart', m.probation_start, 'officialDate', case when m.founding_status = 'official' then m.official_date end) end as payload,
      case when m.founding = 'registration' then 'Dữ liệu đảng viên ban đầu (nhập từ hồ sơ)' end as reason, null::bigint as transfer_id, ${recorded('m.start_date')} as recorded_at
    from demo_member m
    join demo_place p on p.member_id = m.id and p.pn = 1
    union all
    -- Moved with a merge of the cell.
    select ${ev('p', '3 * p.pn - 4')}, p.member_id, 'rehomed', p.valid_from, p.decision_id, p.unit_id, null,
      jsonb_build_object('batchId', p.batch_id, 'what', 'official', 'fromUnitId', p.prev_unit, 'toUnitId', p.unit_id, 'transferId', null), null, null, ${recorded('p.valid_from')}
    from demo_place p where p.pn > 1 and p.kind = 'rehomed'
    union all
    select ${ev('t', '3 * t.pn - 5')}, t.member_id, 'transfer_issued', t.issued_on, t.decision_id, t.from_unit, null,
      jsonb_build_object('kind', 'official', 'purpose', t.purpose, 'toUnitId', t.to_unit, 'dueBy', dl.due_by, 'temporaryUntil', null), null, t.id, ${recorded('t.issued_on')}
    from demo_transfer t join demo_deadline dl on dl.d = t.issued_on
    union all
    select ${ev('t', '3 * t.pn - 4')}, t.member_id, 'transfer_received', t.received_on, null, t.to_unit, null,
      jsonb_build_object('kind', 'official', 'fromUnitId', t.from_unit, 'cellId', t.to_unit, 'presentedOn', null), null, t.id, ${recorded('t.received_on')}
    from demo_transfer t
    union all
    select ${ev('t', '3 * t.pn - 3')}, t.member_id, 'transfer_presented', t.presented_on, null, t.to_unit, null, jsonb_build_object('presentBy', dr.present_by), null, t.id, ${recorded('t.presented_on')}
    from demo_transfer t join demo_deadline dr on dr.d = t.received_on
    union all
    select ${ev('m', String(SLOT_RECOGNITION))}, m.id, 'recognition', m.official_date, ${decisionOf('m', 1)}, p.unit_id, 'official',
      jsonb_build_object('decisionDate', m.recog_date, 'before', jsonb_build_object('status', 'probationary', 'admissionDate', m.adm, 'probationStart', m.probation_start, 'officialDate', null)),
      null, null, ${recorded('m.recog_date')}
    from demo_member m
    join demo_place p on p.member_id = m.id and p.valid_from <= m.official_date and (p.valid_to is null or p.valid_to > m.official_date)
    where m.recog_date is not null
    union all
    select ${ev('m', String(SLOT_EXEMPTION))}, m.id, 'exemption', m.exempt_date, ${decisionOf('m', 2)}, p.unit_id, 'exempted',
      jsonb_build_object('ground', case when m.exempt_date >= m.birth_date + interval '70 years' then 'old_age' else 'illness' end,
        'before', jsonb_build_object('status', 'official', 'officialDate', m.official_date)), null, null, ${recorded('m.exempt_date')}
    from demo_member m
    join demo_place p on p.member_id = m.id and p.valid_from <= m.exempt_date and (p.valid_to is null or p.valid_to > m.exempt_date)
    where m.exempt_date is not null
    union all
    select ${ev('m', String(SLOT_LEAVE))}, m.id, m.leave_kind, m.leave_date, case when m.leave_kind in ('removal', 'expulsion') then ${decisionOf('m', 3)} end, p.unit_id, m.status,
      jsonb_build_object('ground', case m.leave_kind when 'removal' then 'inactivity' when 'expulsion' then 'discipline' end,
        'before', jsonb_build_object('status', case when m.official_date is not null and m.official_date <= m.leave_date then 'official' else 'probationary' end)), null, null, ${recorded('m.leave_date')}
    from demo_member m
    join demo_place p on p.member_id = m.id and p.is_last
    where m.leave_kind is not null) e`));
  step(`${events} events`);
  const placements = await insertMemberPlacementsFrom(tx, source(`
    select p.member_id, p.unit_id, p.valid_from, p.valid_to,
      case when p.pn = 1 then ${ev('p', '0')} else ${ev('p', '3 * p.pn - 4')} end as event_id,
      case when p.valid_to is null then null when p.is_last then ${ev('p', String(SLOT_LEAVE))} else ${ev('p', '3 * (p.pn + 1) - 4')} end as closed_by_event_id,
      case when p.kind in ('transfer_dissolve', 'transfer_split') and p.pn > 1 then ${ids.transfer}::bigint + p.seq * ${TRANSFER_SLOTS} + p.pn end as transfer_id
    from demo_place p`));
  step(`${placements} placements, ${transfers} transfers`);

  // 6. The journal: one entry per cell for the members loaded there, one per merge that re-homed members (as the
  //    restructuring hook writes), and the transfers' steps (as the transfer service writes).
  const noRequest = 'null as account_id, null as request_id';
  await writeJournalFrom(tx, source(`
    select now() as recorded_at, ${noRequest}, 'member.import' as action, 'org_unit' as object_type, p.unit_id as object_id, p.unit_id,
      min(p.valid_from) as effective_date, null as decision_id, 'Dữ liệu đảng viên ban đầu (dữ liệu mẫu)' as reason, null as before,
      jsonb_build_object('members', count(*)) as after
    from demo_place p where p.pn = 1 group by p.unit_id order by p.unit_id`));
  await writeJournalFrom(tx, source(`
    select (p.valid_from + time '10:00') at time zone 'Asia/Ho_Chi_Minh' as recorded_at, ${noRequest}, 'member.rehome' as action, 'org_unit' as object_type,
      p.prev_unit as object_id, p.unit_id, p.valid_from as effective_date, p.decision_id, null as reason, null as before,
      jsonb_build_object('batchId', p.batch_id, 'successorId', p.unit_id, 'placements', count(*)) as after
    from demo_place p where p.pn > 1 and p.kind = 'rehomed'
    group by p.valid_from, p.prev_unit, p.unit_id, p.decision_id, p.batch_id
    order by p.valid_from`));
  await writeJournalFrom(tx, source(`
    select (x.at + time '10:00') at time zone 'Asia/Ho_Chi_Minh' as recorded_at, ${noRequest}, x.action, 'member_transfer' as object_type, t.id as object_id,
      x.unit_id, x.at as effective_date, x.decision_id, null as reason, null as before,
      jsonb_build_object('memberId', t.member_id, 'kind', 'official', 'status', x.status, 'fromUnitId', t.from_unit, 'toUnitId', t.to_unit, 'cellId', x.cell_id) as after
    from demo_transfer t
    cross join lateral (values ('transfer.issue', t.issued_on, t.from_unit, t.decision_id, 'issued', null::bigint),
                               ('transfer.accept', t.received_on, t.to_unit, null::bigint, 'accepted', t.to_unit),
                               ('transfer.present', t.presented_on, t.to_unit, null::bigint, 'accepted', t.to_unit)) as x(action, at, unit_id, decision_id, status, cell_id)
    order by x.at, t.id`));
  const problems = await client.query<{ n: number }>(`select count(*)::int as n from demo_member where quality is not null`);
  step('journal written');
  const badges = await writeBadgeHistory(tx, plan);
  step(`${badges.awards} party badges under ${badges.decisions} decisions`);
  return {
    members, events, placements, transfers, decisions: decisionCount, badgeAwards: badges.awards, badgeDecisions: badges.decisions, dataQualityProblems: problems.rows[0].n,
  };
}

/** The first presentation day the history of badges starts from (a member admitted in 1930 reached 30 years in 1960). */
const BADGE_HISTORY_FROM = '1960-01-01';
/** One member in this many has not yet received the badge of the last milestone reached: the backlog a list shows. */
const BADGE_BACKLOG_EVERY = 40;

/**
 * The badges already presented (rules in `src/rules/party-age.ts`): every member who became official receives the
 * badge of each milestone of party age (from the admission decision) on the first presentation day on or after
 * reaching it, while still in the party, up to today, except a small backlog of last milestones not yet presented.
 * Each presentation day has one decision per provincial standing committee (the old provinces' before 1/7/2025,
 * the new ones' after), numbered after that body's other decisions of the year, and one journal entry.
 * Without this history every member past thirty years of party age would be listed as due on every presentation day.
 */
async function writeBadgeHistory(tx: Tx, plan: DemoPlan): Promise<{ awards: number; decisions: number }> {
  const client = demoSqlOf(tx);
  const days: unknown[][] = [];
  for (let day = nextPresentationDay(BADGE_HISTORY_FROM); day <= plan.today; day = nextPresentationDay(addDays(day, 1))) {
    days.push([day, `{${badgeRulesFor(day).milestones.join(',')}}`]);
  }
  const lastDay = days.length > 0 ? (days[days.length - 1][0] as string) : null;
  if (!lastDay) return { awards: 0, decisions: 0 };
  // A province that was not merged on 1/7/2025 keeps its committee: it is both an old and a new one.
  const committees = [
    ...plan.provinces.map((province) => ({ unit: province.unit, oldIndex: province.index as number | null })),
    ...plan.newProvinces.filter((unit) => !plan.provinces.some((province) => province.unit === unit)).map((unit) => ({ unit, oldIndex: null })),
  ].map(({ unit, oldIndex }) => {
    const { body, suffix } = issuerOf(plan.world.lastVersion(unit));
    return [unit.id, oldIndex, body, suffix];
  });
  await client.query(`
    create temp table demo_presentation (day date primary key, milestones int[] not null) on commit drop;
    create temp table demo_badge_body (unit_id bigint primary key, old_index int, body text not null, suffix text not null) on commit drop`);
  await insertRows(client, 'demo_presentation', [{ name: 'day', type: 'date' }, { name: 'milestones', type: 'int[]' }], days);
  await insertRows(client, 'demo_badge_body', [{ name: 'unit_id', type: 'bigint' }, { name: 'old_index', type: 'int' }, { name: 'body', type: 'text' }, { name: 'suffix', type: 'text' }], committees);
  const allMilestones = [...new Set(days.flatMap(([day]) => badgeRulesFor(day as string).milestones))].sort((a, b) => a - b);
  await client.query(`
    create temp table demo_award on commit drop as
    with reached as (
      select m.id as member_id, m.seq, m.province_index, m.leave_date, x.milestone, (m.adm + make_interval(years => x.milestone))::date as reached_on
      from demo_member m cross join unnest($1::int[]) as x(milestone)
      where m.official_date is not null and (m.adm + make_interval(years => x.milestone))::date <= $2::date
    ), presented as (
      select r.*, d.day, max(r.milestone) over (partition by r.member_id) as last_milestone
      from reached r
      cross join lateral (select p.day from demo_presentation p where p.day >= r.reached_on and r.milestone = any(p.milestones) order by p.day limit 1) d
      where r.leave_date is null or d.day < r.leave_date
    )
    select p.member_id, p.milestone, p.day, pl.unit_id,
      case when p.day < $4::date then ob.unit_id else mm.province_id end as committee_id
    from presented p
    join members mm on mm.id = p.member_id
    join demo_badge_body ob on ob.old_index = p.province_index
    left join demo_place pl on pl.member_id = p.member_id and pl.valid_from <= p.day and (pl.valid_to is null or pl.valid_to > p.day)
    where not (p.milestone = p.last_milestone and abs(hashint8extended(p.seq, $3::bigint + 21)) % ${BADGE_BACKLOG_EVERY} = 0)`,
  [allMilestones, lastDay, plan.seed, REFORM_DATE]);
  // One decision per committee and day, signed ten days before, numbered after the body's other decisions that year.
  await client.query(`
    create temp table demo_badge_decision on commit drop as
    with wanted as (
      select distinct a.committee_id, a.day from demo_award a
    ), used as (
      select d.issuing_body, extract(year from d.signed_on)::int as year, max(substring(d.number from '^[0-9]+')::int) as last
      from decisions d where d.issuing_unit_id in (select unit_id from demo_badge_body) group by 1, 2
    )
    select row_number() over () as ord, w.committee_id, w.day, b.body, b.suffix, w.day - 10 as signed_on,
      coalesce(u.last, 0) + row_number() over (partition by b.body, extract(year from w.day - 10) order by w.day, w.committee_id) as n
    from wanted w
    join demo_badge_body b on b.unit_id = w.committee_id
    left join used u on u.issuing_body = b.body and u.year = extract(year from w.day - 10)::int`);
  // Ids from the decisions' owner, given in the order the rows were numbered.
  const wanted = await client.query<{ n: number }>('select count(*)::int as n from demo_badge_decision');
  const decisionIds = await reserveDecisionIds(tx, wanted.rows[0].n);
  await client.query('alter table demo_badge_decision add column id bigint');
  await client.query('update demo_badge_decision set id = ($1::bigint[])[ord::int]', [decisionIds]);
  const decisions = await insertDecisionsFrom(tx, source(`
    select d.id, d.n || '-QĐ/' || d.suffix as number, d.signed_on, d.body as issuing_body, d.committee_id as issuing_unit_id, null as signer,
      'Về việc tặng Huy hiệu Đảng đợt ' || to_char(d.day, 'DD/MM/YYYY') as subject, lower(translate(d.n || '-QĐ/' || d.suffix, 'Đđ', 'dd')) as number_folded,
      (greatest(d.signed_on, date '${HISTORY_START}') + time '10:00') at time zone 'Asia/Ho_Chi_Minh' as created_at
    from demo_badge_decision d`));
  const awards = await insertBadgeAwardsFrom(tx, source(`
    select a.member_id, a.milestone, a.day as presented_on, d.id as decision_id, false as early, a.unit_id, null as recorded_by,
      (greatest(a.day, date '${HISTORY_START}') + time '10:00') at time zone 'Asia/Ho_Chi_Minh' as recorded_at
    from demo_award a join demo_badge_decision d on d.committee_id = a.committee_id and d.day = a.day
    order by a.day, a.member_id`));
  await writeJournalFrom(tx, source(`
    select (greatest(d.day, date '${HISTORY_START}') + time '10:00') at time zone 'Asia/Ho_Chi_Minh' as recorded_at, null as account_id,
      'member.badge_import' as action, 'decision' as object_type, d.id as object_id, d.committee_id as unit_id, d.day as effective_date, d.id as decision_id,
      'Huy hiệu Đảng đã trao (dữ liệu ban đầu)' as reason, null as before,
      jsonb_build_object('awards', count(*), 'milestones', jsonb_agg(distinct a.milestone)) as after, null as request_id
    from demo_badge_decision d join demo_award a on a.committee_id = d.committee_id and d.day = a.day
    group by d.id, d.day, d.committee_id
    order by d.day, d.id`));
  return { awards, decisions };
}



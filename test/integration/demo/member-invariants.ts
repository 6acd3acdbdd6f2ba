/**
 * What the member services keep true, checked against a database (the demo generator must keep it too):
 *   - an active member (probationary, official, exempted) has exactly one open official placement, in the unit the
 *     member row names, a live unit; a former member has none, and the row names the last unit;
 *   - a member's official placements do not overlap; each was opened by an event of the member and a closed one
 *     was closed by one; each lies within its unit's life, in a unit that was a cell when it began;
 *   - the member row's status is the status after the latest status event; its scope columns are its unit's;
 *   - each member has one founding event (registration or admission), before any other life-cycle event;
 *   - an accepted transfer moved the member: a placement in its cell from the day of receipt, citing it.
 * Returns readable violations (at most 20 per rule).
 */
import { sql } from 'kysely';
import type { Db } from '../../../src/kernel/executor.ts';

export async function findMemberInvariantViolations(db: Db): Promise<string[]> {
  const violations: string[] = [];
  const check = async (label: string, query: ReturnType<typeof sql>) => {
    const rows = (await query.execute(db)).rows;
    for (const row of rows.slice(0, 20)) violations.push(`${label}: ${JSON.stringify(row)}`);
  };
  const open = sql`p.kind = 'official' and p.valid_to is null and p.voided_by_event_id is null`;

  await check('active member without exactly one open official placement', sql`
    select m.id, m.status from members m
    where m.status in ('probationary', 'official', 'exempted')
      and (select count(*) from member_placements p where p.member_id = m.id and ${open}) <> 1`);
  await check('former member with an open placement', sql`
    select m.id, m.status from members m
    where m.status in ('removed', 'expelled', 'deceased')
      and exists (select 1 from member_placements p where p.member_id = m.id and p.valid_to is null and p.voided_by_event_id is null)`);
  await check('active member whose row names another unit than the open placement', sql`
    select m.id, m.unit_id, p.unit_id as placement_unit from members m
    join member_placements p on p.member_id = m.id and ${open}
    where m.status in ('probationary', 'official', 'exempted') and p.unit_id <> m.unit_id`);
  await check('former member whose row does not name the last unit', sql`
    select m.id, m.unit_id, l.unit_id as last_unit from members m
    join lateral (select p.unit_id from member_placements p where p.member_id = m.id and p.kind = 'official' and p.voided_by_event_id is null
                  order by p.valid_from desc, p.id desc limit 1) l on true
    where m.status in ('removed', 'expelled', 'deceased') and l.unit_id <> m.unit_id`);
  await check('active member in a unit that has ended', sql`
    select m.id, m.unit_id, u.ended_on from members m join org_units u on u.id = m.unit_id
    where m.status in ('probationary', 'official', 'exempted') and u.ended_on is not null`);
  await check('official placements overlap', sql`
    select member_id, id, valid_from, valid_to, next_from from (
      select p.member_id, p.id, p.valid_from, p.valid_to, lead(p.valid_from) over w as next_from
      from member_placements p where p.kind = 'official' and p.voided_by_event_id is null
      window w as (partition by p.member_id order by p.valid_from, p.id)
    ) s where next_from is not null and (valid_to is null or valid_to > next_from)`);
  await check('placement not opened, or not closed, by an event of the member', sql`
    select p.id, p.member_id from member_placements p
    left join member_events o on o.id = p.event_id
    left join member_events c on c.id = p.closed_by_event_id
    where p.voided_by_event_id is null
      and (o.id is null or o.member_id <> p.member_id or (p.valid_to is not null and (c.id is null or c.member_id <> p.member_id)))`);
  await check('placement outside its unit\'s life', sql`
    select p.id, p.unit_id, p.valid_from, p.valid_to, u.established_on, u.ended_on from member_placements p join org_units u on u.id = p.unit_id
    where p.voided_by_event_id is null
      and (p.valid_from < u.established_on or (u.ended_on is not null and (p.valid_to is null or p.valid_to > u.ended_on)))`);
  await check('placement in a unit that was not a cell when it began', sql`
    select p.id, p.unit_id, p.valid_from, v.kind from member_placements p
    left join org_unit_versions v on v.unit_id = p.unit_id and v.voided_by_batch_id is null and v.valid_from <= p.valid_from and (v.valid_to is null or v.valid_to > p.valid_from)
    where p.voided_by_event_id is null and (v.kind is null or v.kind not in ('cell', 'grassroots_cell'))`);
  await check('status differs from the latest status event', sql`
    select m.id, m.status, e.status_after from members m
    join lateral (select status_after from member_events e where e.member_id = m.id and e.status_after is not null and e.voided_by_event_id is null
                  order by e.effective_date desc, e.id desc limit 1) e on true
    where e.status_after <> m.status`);
  await check('member without exactly one founding event, first of all', sql`
    select m.id from members m
    where (select count(*) from member_events e where e.member_id = m.id and e.kind in ('registration', 'admission')) <> 1
       or exists (select 1 from member_events e join member_events f on f.member_id = e.member_id and f.kind in ('registration', 'admission')
                  where e.member_id = m.id and e.kind not in ('registration', 'admission') and e.effective_date < f.effective_date)`);
  await check('member scope columns differ from their unit\'s', sql`
    select m.id, m.unit_id from members m join org_units u on u.id = m.unit_id
    where m.scope_path <> u.scope_path or m.province_id is distinct from u.province_id or m.superior_id is distinct from u.superior_id
       or m.grassroots_id is distinct from u.grassroots_id`);
  await check('official date inconsistent with the status', sql`
    select m.id, m.status, m.official_date from members m
    where (m.status = 'probationary' and m.official_date is not null) or (m.status in ('official', 'exempted') and m.official_date is null)`);
  await check('accepted transfer without its placement', sql`
    select t.id, t.member_id from member_transfers t
    where t.status = 'accepted' and t.kind = 'official'
      and not exists (select 1 from member_placements p where p.transfer_id = t.id and p.unit_id = t.cell_id and p.valid_from = t.received_on and p.member_id = t.member_id)`);
  await check('a moved member has no event recording the move', sql`
    select p.id, p.member_id from member_placements p join member_events e on e.id = p.event_id
    where p.voided_by_event_id is null and e.kind not in ('registration', 'admission', 'readmission', 'rehomed', 'transfer_received')`);
  return violations;
}

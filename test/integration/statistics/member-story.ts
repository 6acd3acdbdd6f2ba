/**
 * The small province both statistics tests read: two districts of grassroots cells; five members registered in 2016
 * (a minority woman, a Buddhist man, a man born on 29 February), a student admitted in 2020, a transfer from the south
 * to the north in 2021, a removal, and the cell Hai moved from the north to the south on 1/1/2022.
 */
import { expect } from 'vitest';
import type { OrgWorld } from '../orgs/world.ts';
import { admitTestMember, insertDecision, registerTestMember, validCitizenId } from '../../helpers/member-factories.ts';

export const person = (fullName: string, sex: 'male' | 'female', birthDate: string, extra: Record<string, string> = {}) => ({ fullName, sex, birthDate, citizenId: validCitizenId(sex, birthDate), ...extra });

export async function recordMemberStory(world: OrgWorld, units: Record<string, number>, ids: Record<string, number>, name: string, more?: () => Promise<void>): Promise<void> {
  const { db, rootUnitId } = world.ctx;
  units.province = await world.establish({ parentId: rootUnitId, kind: 'provincial_committee', name, date: '2015-01-01' });
  units.north = await world.establish({ parentId: units.province, kind: 'district_committee', name: 'Huyện Bắc', date: '2015-01-01' });
  units.south = await world.establish({ parentId: units.province, kind: 'district_committee', name: 'Huyện Nam', date: '2015-01-01' });
  units.c1 = await world.establish({ parentId: units.north, kind: 'grassroots_cell', name: 'Chi bộ Một', sector: 'commune_ward', date: '2015-01-01' });
  units.c2 = await world.establish({ parentId: units.north, kind: 'grassroots_cell', name: 'Chi bộ Hai', sector: 'enterprise_private', date: '2015-01-01' });
  units.c3 = await world.establish({ parentId: units.south, kind: 'grassroots_cell', name: 'Chi bộ Ba', sector: 'commune_ward', date: '2015-01-01' });
  await more?.();
  ids.a = (await registerTestMember(db, rootUnitId, { unitId: units.c1, ...person('Lò Thị An', 'female', '1990-04-02', { ethnicity: '02' }), admissionDate: '2012-01-01', officialDate: '2013-01-01', effectiveDate: '2016-01-01' })).id;
  ids.b = (await registerTestMember(db, rootUnitId, { unitId: units.c1, ...person('Trần Văn Bình', 'male', '1960-07-09', { ethnicity: '01', religion: 'buddhism' }), admissionDate: '1985-01-01', officialDate: '1986-01-01', effectiveDate: '2016-01-01' })).id;
  ids.d = (await registerTestMember(db, rootUnitId, { unitId: units.c3, ...person('Hà Văn Dũng', 'male', '1980-02-29'), admissionDate: '2005-01-01', officialDate: '2006-01-01', effectiveDate: '2016-01-01' })).id;
  ids.e = (await registerTestMember(db, rootUnitId, { unitId: units.c2, ...person('Phạm Văn Em', 'male', '1970-02-03'), admissionDate: '2000-01-01', officialDate: '2001-01-01', effectiveDate: '2016-01-01' })).id;
  ids.c = (await admitTestMember(db, rootUnitId, { unitId: units.c2, decisionDate: '2020-03-10', ...person('Nguyễn Thị Chi', 'female', '2001-05-06', { occupation: 'student' }) })).id;
  // 2021: Dũng moves from the south to the north; Em is removed from the list.
  const issued = await world.admin.post('/api/transfers', { memberId: ids.d, kind: 'official', purpose: 'work', toUnitId: units.c1, decisionId: await insertDecision(db, { signedOn: '2021-03-01' }), issuedOn: '2021-03-01', expectedRowVersion: 0 });
  expect(issued.statusCode, issued.body).toBe(201);
  const accepted = await world.admin.post(`/api/transfers/${issued.json().id}/accept`, { receivedOn: '2021-03-15', cellId: units.c1, expectedRowVersion: 0 });
  expect(accepted.statusCode, accepted.body).toBe(200);
  const removal = await world.admin.post(`/api/members/${ids.e}/removal`, { decisionId: await insertDecision(db, { signedOn: '2021-05-01' }), effectiveDate: '2021-05-01', ground: 'inactivity', expectedRowVersion: (await world.admin.get(`/api/members/${ids.e}`)).json().record.rowVersion });
  expect(removal.statusCode, removal.body).toBe(200);
  // 2022: the cell Hai (with Chi, probationary) moves from the north to the south.
  await world.apply({ operation: 'move', effectiveDate: '2022-01-01', unitIds: [units.c2], newParentId: units.south });
}

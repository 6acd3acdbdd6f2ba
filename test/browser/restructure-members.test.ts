/**
 * Restructuring keeps every member in a cell (issue 11, item 1), in the wizard: an upgrade of a grassroots cell with
 * members to a grassroots committee shows, in its preview, the new cell the members go to (its name edited by the
 * officer) and the members moved; applied, the members are in the new cell. At desktop and phone width. Units and
 * members are made through the API (no demo data needed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser } from 'playwright-core';
import type { CommandResult } from '../../src/contracts/members.ts';
import type { OrgNodeList } from '../../src/contracts/orgs.ts';
import { ApiSession, DESKTOP, PHONE, chooseInSelect, launchBrowser, newContext, pickDate, screenshot, signInThroughForm } from './helpers.ts';

const RUN = Date.now().toString(36).slice(-5);

describe('an upgrade in the wizard says where the members go', () => {
  let browser: Browser;
  let operator: ApiSession;
  let rootId: number;

  beforeAll(async () => {
    browser = await launchBrowser();
    operator = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    const roots = await operator.get<OrgNodeList>('/api/orgs/roots');
    rootId = roots.items[0].id;
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const [width, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`at ${width} width: the preview names the new cell and the members; applied, they are in it`, async () => {
      const tag = `${RUN}${width[0]}`.toUpperCase();
      const decision = await operator.post<{ id: number }>('/api/decisions', {
        number: `${tag}-QĐ/TU`, signedOn: '2015-01-01', issuingBody: 'Ban Thường vụ Tỉnh ủy', issuingUnitId: rootId, subject: 'Nâng cấp tổ chức đảng',
      });
      const establish = async (parentId: number, kind: string, code: string, name: string) => {
        const result = await operator.post<{ summary: { unitsCreated: { unitId: number }[] } }>('/api/orgs/batches', {
          decisionId: decision.id, operation: 'establish', effectiveDate: '2015-01-01', units: [{ parentId, kind, code, name }],
        });
        return result.summary.unitsCreated[0].unitId;
      };
      const province = await establish(rootId, 'provincial_committee', `NC${tag}`, `Tỉnh Nâng Cấp ${tag}`);
      const district = await establish(province, 'district_committee', `NC${tag}-H`, `Huyện Nâng Cấp ${tag}`);
      const school = await establish(district, 'grassroots_cell', `NC${tag}-TH`, `Chi bộ Trường Nâng Cấp ${tag}`);
      const names = [`Nguyễn Văn Lên ${tag}`, `Trần Thị Cấp ${tag}`];
      const memberIds: number[] = [];
      for (const [index, fullName] of names.entries()) {
        const registered = await operator.post<CommandResult>('/api/members/registrations', {
          unitId: school, status: 'official', effectiveDate: '2016-02-01', admissionDate: '2016-02-01', officialDate: '2017-02-01',
          member: { fullName, sex: index === 0 ? 'male' : 'female', birthDate: `197${index}-03-04` },
        });
        memberIds.push(registered.member.id);
      }

      const page = await (await newContext(browser, viewport, { phone: viewport === PHONE })).newPage();
      await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
      await page.goto('/restructure');
      await page.getByTestId('op-upgrade').click();
      await pickDate(page, 'wizard-effective-date', '01/03/2024');
      await chooseInSelect(page, 'decision-picker', tag.toLowerCase(), `${tag}-QĐ/TU`);
      await chooseInSelect(page, 'wizard-unit', `NC${tag}-TH`, `Chi bộ Trường Nâng Cấp ${tag}`);
      await page.getByTestId('wizard-members-to').waitFor();
      await page.getByTestId('wizard-members-cell-name').fill(`Chi bộ Giáo viên ${tag}`);
      await page.getByTestId('wizard-preview').click();
      await page.getByTestId('preview-summary').waitFor();
      const moved = page.getByTestId('preview-summary').getByTestId('summary-members-moved');
      await moved.waitFor();
      const previewText = await moved.innerText();
      expect(previewText).toContain(`Chi bộ Giáo viên ${tag}`);
      expect(previewText).toContain(`NC${tag}-TH-CB`);
      expect(previewText).toContain('2 đảng viên');
      for (const name of names) expect(previewText).toContain(name);
      await screenshot(page, `restructure-members-${width}-preview`);
      // The preview saved nothing: the members are still in the school's cell.
      expect((await operator.get<{ record: { unitId: number } }>(`/api/members/${memberIds[0]}`)).record.unitId).toBe(school);

      await page.getByTestId('wizard-apply').click();
      await page.getByTestId('wizard-applied').waitFor();
      expect(await page.getByTestId('applied-summary').getByTestId('summary-members-moved').innerText()).toContain(`Chi bộ Giáo viên ${tag}`);
      await screenshot(page, `restructure-members-${width}-applied`);

      const children = await operator.get<{ items: { id: number; code: string; name: string; kind: string }[] }>(`/api/orgs/units/${school}/children?date=2024-03-01`);
      const cell = children.items.find((child) => child.code === `NC${tag}-TH-CB`);
      expect(cell).toMatchObject({ name: `Chi bộ Giáo viên ${tag}`, kind: 'cell' });
      for (const id of memberIds) {
        const member = await operator.get<{ record: { unitId: number } }>(`/api/members/${id}`);
        expect(member.record.unitId).toBe(cell!.id);
      }
      const unitPage = await operator.get<{ unit: { kind: string } } & { kind?: string }>(`/api/orgs/units/${school}`);
      expect(JSON.stringify(unitPage)).toContain('grassroots_committee');
      await page.context().close();
    });
  }
});

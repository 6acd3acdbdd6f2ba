import { describe, expect, it } from 'vitest';
import {
  canReceiveTransfer, TRANSFER_OFFERED_KINDS, checkAdmissionAge, checkReadmission, checkTemporaryDuration, fullMonthsBetween, isTransferLate,
  lifecycleRulesFor, presentToCellDueDate, probationEndDate, recognitionDeadlines, transferDueDate,
} from './member-lifecycle.ts';
import { addWorkingDays } from './working-days.ts';

describe('member life-cycle rules', () => {
  it('picks the regulation in force on the date', () => {
    expect(lifecycleRulesFor('2019-01-01').regulation).toMatch(/^29-QĐ\/TW/);
    expect(lifecycleRulesFor('2021-07-30').regulation).toMatch(/^24-QĐ\/TW/);
    expect(lifecycleRulesFor('2025-03-01').regulation).toMatch(/^232-QĐ\/TW/);
    expect(lifecycleRulesFor('2025-06-30').regulation).toMatch(/^232-QĐ\/TW/);
    expect(lifecycleRulesFor('2025-07-01').regulation).toMatch(/^294-QĐ\/TW/);
    expect(lifecycleRulesFor('1990-01-01').regulation).toMatch(/^29-QĐ\/TW/);
  });

  it('counts full months, a month being reached on its day (or the month\'s last day)', () => {
    expect(fullMonthsBetween('2000-03-15', '2018-03-15')).toBe(216);
    expect(fullMonthsBetween('2000-03-15', '2018-03-14')).toBe(215);
    expect(fullMonthsBetween('2000-01-31', '2000-02-29')).toBe(1);
    expect(fullMonthsBetween('2000-01-31', '2000-02-28')).toBe(0);
  });

  it('admission age: from the full 18 years in months; over 60 only with consent', () => {
    expect(checkAdmissionAge('2006-02-20', '2024-02-20', false)).toEqual({ ok: true, ageMonths: 216 });
    expect(checkAdmissionAge('2006-02-21', '2024-02-20', false)).toEqual({ ok: false, ageMonths: 215, reason: 'under_age' });
    expect(checkAdmissionAge('1964-02-20', '2024-02-20', false)).toEqual({ ok: true, ageMonths: 720 });
    expect(checkAdmissionAge('1964-01-20', '2024-02-20', false)).toEqual({ ok: false, ageMonths: 721, reason: 'over_age_without_consent' });
    expect(checkAdmissionAge('1950-01-20', '2024-02-20', true).ok).toBe(true);
    expect(checkAdmissionAge('2010-01-01', '2024-02-20', true).ok).toBe(false);
  });

  it('probation ends 12 months after the ceremony; deadlines are in working days from there', () => {
    expect(probationEndDate('2024-03-15')).toBe('2025-03-15');
    expect(probationEndDate('2024-02-29')).toBe('2025-02-28');
    const deadlines = recognitionDeadlines('2024-03-15');
    expect(deadlines.officialDate).toBe('2025-03-15');
    expect(deadlines.cellReviewBy).toBe(addWorkingDays('2025-03-15', 30));
    expect(deadlines.decisionBy).toBe(addWorkingDays(deadlines.cellReviewBy, 30));
    expect(recognitionDeadlines('2024-03-15', 10).decisionBy).toBe(addWorkingDays(deadlines.cellReviewBy, 40));
    expect(recognitionDeadlines('2024-03-15', 99).decisionBy).toBe(addWorkingDays(deadlines.cellReviewBy, 60));
  });

  it('re-admission: once, after 36 months, never on barred grounds', () => {
    expect(checkReadmission({ leftOn: '2020-06-01', leaveGround: 'no_progress', previousReadmissions: 0, date: '2023-06-01' })).toEqual({ ok: true });
    expect(checkReadmission({ leftOn: '2020-06-01', leaveGround: 'no_progress', previousReadmissions: 0, date: '2023-05-31' })).toEqual({ ok: false, reason: 'too_early', earliest: '2023-06-01' });
    expect(checkReadmission({ leftOn: '2010-06-01', leaveGround: 'no_progress', previousReadmissions: 1, date: '2023-06-01' })).toEqual({ ok: false, reason: 'already_used' });
    for (const ground of ['inactivity', 'resignation', 'disunity', 'corruption_conviction', 'serious_crime']) {
      expect(checkReadmission({ leftOn: '2010-06-01', leaveGround: ground, previousReadmissions: 0, date: '2023-06-01' })).toEqual({ ok: false, reason: 'barred_ground' });
    }
    expect(checkReadmission({ leftOn: '2010-06-01', leaveGround: 'resignation_family', previousReadmissions: 0, date: '2023-06-01' }).ok).toBe(true);
  });

  it('transfer deadlines: 60 working days to be received, 30 more to be presented', () => {
    expect(transferDueDate('2025-09-01')).toBe(addWorkingDays('2025-09-01', 60));
    expect(presentToCellDueDate('2025-09-15')).toBe(addWorkingDays('2025-09-15', 30));
    // 60 working days span at least 12 calendar weeks.
    expect(transferDueDate('2025-09-01') >= '2025-11-24').toBe(true);
    const issued = { status: 'issued', dueBy: '2025-11-27', presentBy: null, presentedOn: null };
    expect(isTransferLate(issued, '2025-11-27')).toBe(false);
    expect(isTransferLate(issued, '2025-11-28')).toBe(true);
    expect(isTransferLate({ status: 'accepted', dueBy: '2025-11-27', presentBy: '2025-12-01', presentedOn: null }, '2025-12-02')).toBe(true);
    expect(isTransferLate({ status: 'accepted', dueBy: '2025-11-27', presentBy: '2025-12-01', presentedOn: '2025-11-30' }, '2025-12-02')).toBe(false);
    expect(isTransferLate({ status: 'returned', dueBy: '2025-11-27', presentBy: null, presentedOn: null }, '2026-01-01')).toBe(false);
  });

  it('temporary transfers: work from 3 months to under a year, study from 3 months to 2 years', () => {
    expect(checkTemporaryDuration('work', '2025-01-10', '2025-04-10').ok).toBe(true);
    expect(checkTemporaryDuration('work', '2025-01-10', '2025-04-09').ok).toBe(false);
    expect(checkTemporaryDuration('work', '2025-01-10', '2026-01-09').ok).toBe(true);
    expect(checkTemporaryDuration('work', '2025-01-10', '2026-01-10').ok).toBe(false);
    expect(checkTemporaryDuration('study', '2025-01-10', '2027-01-10').ok).toBe(true);
    expect(checkTemporaryDuration('study', '2025-01-10', '2027-01-11')).toEqual({ ok: false, minMonths: 3, maxMonths: 24, maxInclusive: true });
  });
});

describe('who a transfer can be addressed to', () => {
  it('a cell or any committee, never a party group', () => {
    for (const kind of ['cell', 'grassroots_cell', 'grassroots_committee', 'sub_committee', 'commune_committee', 'provincial_committee']) {
      expect(canReceiveTransfer(kind)).toBe(true);
    }
    expect(canReceiveTransfer('party_group')).toBe(false);
    expect(canReceiveTransfer('')).toBe(false);
  });

  it('offers by name only those at the grassroots or below, every one of which can receive', () => {
    expect([...TRANSFER_OFFERED_KINDS].sort()).toEqual(['cell', 'grassroots_cell', 'grassroots_committee', 'sub_committee']);
    for (const kind of TRANSFER_OFFERED_KINDS) expect(canReceiveTransfer(kind)).toBe(true);
  });
});

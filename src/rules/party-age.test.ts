import { describe, expect, it } from 'vitest';
import { addDays } from '../lib/dates.ts';
import {
  admissionWindowFor, badgeDueOn, badgeRulesFor, isPresentationDay, maxMonthsEarly, nextMilestoneWindows, nextPresentationDay, partyAgeOn, partyAgeReachedOn,
} from './party-age.ts';

describe('party age (Charter Art. 5(4); 24-QĐ/TW point 4.5.1)', () => {
  it('runs from the signing date of the admission decision', () => {
    const member = { admissionDecisionDate: '2015-07-26' };
    expect(partyAgeOn(member, '2016-07-26')).toMatchObject({ years: 1, months: 0, inParty: true });
    expect(partyAgeOn(member, '2016-07-25')).toMatchObject({ years: 0, months: 11 });
    expect(partyAgeOn(member, '2045-07-26').years).toBe(30);
    expect(partyAgeOn(member, '2015-01-01')).toMatchObject({ years: 0, months: 0, days: 0 });
  });

  it('subtracts the periods outside the party (removal, then re-admission)', () => {
    const member = { admissionDecisionDate: '2000-01-10', periodsOutside: [{ from: '2005-03-01', to: '2008-03-01' }] };
    expect(partyAgeOn(member, '2010-01-10')).toMatchObject({ years: 7, months: 0, inParty: true });
    expect(partyAgeReachedOn(member, 30)).toBe('2033-01-10');
    // 2005-03-01 → 2008-03-01 is 1096 days (2008 is a leap year).
    expect(partyAgeOn(member, '2010-01-10').days).toBe(3653 - 1096);
  });

  it('freezes while the member is outside, and never reaches a milestone while still outside', () => {
    const member = { admissionDecisionDate: '2000-01-10', periodsOutside: [{ from: '2005-03-01', to: null }] };
    expect(partyAgeOn(member, '2020-01-01')).toMatchObject({ years: 5, inParty: false });
    expect(partyAgeReachedOn(member, 30)).toBeNull();
  });

  it('a period outside after a milestone does not move it, but moves the later ones', () => {
    const member = { admissionDecisionDate: '1990-05-01', periodsOutside: [{ from: '2025-01-01', to: '2026-01-01' }] };
    expect(partyAgeReachedOn(member, 30)).toBe('2020-05-01');
    expect(partyAgeReachedOn(member, 40)).toBe('2031-05-01');
  });
});

describe('badges (01-HD/TW point 18; 06-HD/TW)', () => {
  it('knows the milestones and presentation days in force', () => {
    expect(badgeRulesFor('2026-09-02').milestones).toEqual([30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]);
    expect(badgeRulesFor('2026-09-02').regulation).toContain('294-QĐ/TW');
    expect(badgeRulesFor('2022-02-03').regulation).toContain('01-HD/TW');
    expect(isPresentationDay('2026-09-02')).toBe(true);
    expect(isPresentationDay('2026-02-03')).toBe(true);
    expect(isPresentationDay('2026-09-03')).toBe(false);
    expect(nextPresentationDay('2026-05-20')).toBe('2026-09-02');
    expect(nextPresentationDay('2026-11-08')).toBe('2027-02-03');
    expect(nextPresentationDay('2026-11-07')).toBe('2026-11-07');
  });

  it('allows 12 months early for 30–65 years and 24 months for 70–90', () => {
    const rules = badgeRulesFor('2026-09-02');
    expect(maxMonthsEarly(30, rules)).toBe(12);
    expect(maxMonthsEarly(65, rules)).toBe(12);
    expect(maxMonthsEarly(70, rules)).toBe(24);
    expect(maxMonthsEarly(90, rules)).toBe(24);
  });

  it('a member who reached 30 years before the presentation date is due the 30-year badge', () => {
    expect(badgeDueOn({ admissionDecisionDate: '1996-06-15' }, '2026-09-02')).toEqual({ milestone: 30, reachedOn: '2026-06-15', early: false });
    expect(badgeDueOn({ admissionDecisionDate: '1996-09-02' }, '2026-09-02')?.milestone).toBe(30);
    expect(badgeDueOn({ admissionDecisionDate: '1996-09-03' }, '2026-09-02')).toBeNull();
  });

  it('the seriously ill may be awarded up to 12 months early (30–65 years)', () => {
    const member = { admissionDecisionDate: '1997-08-01', seriouslyIll: true };
    expect(badgeDueOn(member, '2026-09-02')).toEqual({ milestone: 30, reachedOn: '2027-08-01', early: true });
    expect(badgeDueOn({ ...member, admissionDecisionDate: '1997-09-03' }, '2026-09-02')).toBeNull();
    expect(badgeDueOn({ ...member, seriouslyIll: false }, '2026-09-02')).toBeNull();
  });

  it('the seriously ill may be awarded up to 24 months early (70–90 years)', () => {
    expect(badgeDueOn({ admissionDecisionDate: '1958-09-01', seriouslyIll: true, awardedMilestones: [30, 40, 45, 50, 55, 60, 65] }, '2026-09-02'))
      .toEqual({ milestone: 70, reachedOn: '2028-09-01', early: true });
    expect(badgeDueOn({ admissionDecisionDate: '1958-09-03', seriouslyIll: true, awardedMilestones: [65] }, '2026-09-02')).toBeNull();
  });

  it('gives the highest milestone not yet awarded and nothing once it is awarded', () => {
    expect(badgeDueOn({ admissionDecisionDate: '1980-01-01' }, '2026-09-02')?.milestone).toBe(45);
    expect(badgeDueOn({ admissionDecisionDate: '1980-01-01', awardedMilestones: [30, 40] }, '2026-09-02')?.milestone).toBe(45);
    expect(badgeDueOn({ admissionDecisionDate: '1980-01-01', awardedMilestones: [45] }, '2026-09-02')).toBeNull();
  });

  it('time outside the party delays the badge', () => {
    const member = { admissionDecisionDate: '1996-01-01', periodsOutside: [{ from: '2000-01-01', to: '2001-01-01' }] };
    expect(badgeDueOn(member, '2026-09-02')).toBeNull();
    expect(badgeDueOn(member, '2027-02-03')?.milestone).toBe(30);
  });

  it('gives the admission window a list query can preselect on', () => {
    expect(admissionWindowFor(30, '2026-09-02')).toEqual({ latestAdmission: '1996-09-02', latestAdmissionIfIll: '1997-09-02' });
    expect(admissionWindowFor(70, '2026-09-02')).toEqual({ latestAdmission: '1956-09-02', latestAdmissionIfIll: '1958-09-02' });
  });

  it('gives, for each highest badge held, the window of the next milestone; none after the last', () => {
    const windows = nextMilestoneWindows('2026-09-02');
    expect(windows[0]).toEqual({ highest: 0, ...admissionWindowFor(30, '2026-09-02') });
    expect(windows.find((window) => window.highest === 30)).toEqual({ highest: 30, ...admissionWindowFor(40, '2026-09-02') });
    expect(windows.find((window) => window.highest === 65)).toEqual({ highest: 65, ...admissionWindowFor(70, '2026-09-02') });
    expect(windows.map((window) => window.highest)).not.toContain(90);
    // Agrees with the rule: a member admitted on the last day of a window, holding the badge before, is due the next.
    for (const window of windows) {
      const due = badgeDueOn({ admissionDecisionDate: window.latestAdmission, periodsOutside: [], awardedMilestones: window.highest ? [window.highest] : [] }, '2026-09-02');
      expect(due?.milestone).toBe(badgeRulesFor('2026-09-02').milestones.find((milestone) => milestone > window.highest));
      expect(badgeDueOn({ admissionDecisionDate: addDays(window.latestAdmission, 1), periodsOutside: [], awardedMilestones: window.highest ? [window.highest] : [] }, '2026-09-02')).toBeNull();
    }
  });
});

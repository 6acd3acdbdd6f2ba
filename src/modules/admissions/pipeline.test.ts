/**
 * The procedure's order and its vote rule, as properties (Charter Arts. 4–5; 294-QĐ/TW Arts. 3–5; DOMAIN.md §2).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { STATUTORY_CALENDAR, addWorkingDays } from '../../rules/working-days.ts';
import { allowedSteps, certificateValidUntil, introducersComplete, judgeVote, stateAfter, weekEndOf } from './pipeline.ts';

describe('the cell\u2019s vote: at least two thirds of its official members (Charter Art. 4.3)', () => {
  it('passes exactly when the votes in favour reach ⌈2/3⌉ of the official members, and never counts more votes than members', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), (members, votesFor, votesAgainst) => {
      const verdict = judgeVote({ votesFor, votesAgainst, passed: true }, members);
      if (votesFor + votesAgainst > members) expect(verdict).toMatchObject({ ok: false, code: 'ADMISSION_VOTES_EXCEED_MEMBERS' });
      else expect(verdict.ok).toBe(members > 0 && votesFor * 3 >= members * 2);
      // A vote recorded as failed is never refused for its count in favour.
      if (votesFor + votesAgainst <= members) expect(judgeVote({ votesFor, votesAgainst, passed: false }, members).ok).toBe(true);
    }));
    expect(judgeVote({ votesFor: 2, votesAgainst: 1, passed: true }, 3)).toEqual({ ok: true, needed: 2 });
    expect(judgeVote({ votesFor: 6, votesAgainst: 0, passed: true }, 10)).toMatchObject({ ok: false, code: 'ADMISSION_VOTE_BELOW_TWO_THIRDS', needed: 7 });
  });
});

describe('the order of the steps', () => {
  it('each step leads only to the next, and a closed file allows none', () => {
    const calendar = STATUTORY_CALENDAR;
    let stage = 'file';
    const walk = ['cell_vote', 'grassroots_resolution', 'admission_decision', 'ceremony', 'probation_review', 'recognition'] as const;
    const dates = ['2025-01-10', '2025-01-20', '2025-02-20', '2025-03-03', '2026-03-10', '2026-03-20'];
    for (const [index, step] of walk.entries()) {
      expect(allowedSteps(stage, true)).toContain(step);
      for (const later of walk.slice(index + 1)) expect(allowedSteps(stage, true)).not.toContain(later);
      stage = stateAfter({ step, date: dates[index], calendar, voteDate: dates[0], passed: true }).stage;
    }
    expect(allowedSteps(stage, true)).toEqual([]);
    expect(allowedSteps('withdrawal', false)).toEqual([]);
  });

  it('deadlines: 60 working days from the vote for the decision, 30 from the decision for the ceremony, 30 after the 12 months for the review', () => {
    const calendar = STATUTORY_CALENDAR;
    expect(stateAfter({ step: 'cell_vote', date: '2025-01-10', calendar, passed: true }).dueBy).toBe(addWorkingDays('2025-01-10', 60));
    expect(stateAfter({ step: 'cell_vote', date: '2025-01-10', calendar, passed: false })).toMatchObject({ status: 'not_admitted', nextStep: null });
    expect(stateAfter({ step: 'admission_decision', date: '2026-02-10', calendar }).dueBy).toBe(addWorkingDays('2026-02-10', 30));
    expect(stateAfter({ step: 'ceremony', date: '2025-03-03', calendar })).toMatchObject({ status: 'admitted', dueBy: addWorkingDays('2026-03-03', 30) });
    expect(stateAfter({ step: 'recognition_extension', date: '2026-04-01', calendar, passed: true, previousDue: '2026-04-20', extraWorkingDays: 30 }).dueBy).toBe(addWorkingDays('2026-04-20', 30));
  });

  it('introducers: two official members, or the youth union\u2019s resolution and one member (Charter Art. 4.2)', () => {
    expect(introducersComplete(['member', 'member']).complete).toBe(true);
    expect(introducersComplete(['youth_union', 'member']).complete).toBe(true);
    expect(introducersComplete(['youth_union']).complete).toBe(false);
    expect(introducersComplete(['youth_union', 'member']).roomFor('member')).toBe(false);
    expect(introducersComplete(['member']).roomFor('youth_union')).toBe(true);
    expect(introducersComplete(['member', 'member']).roomFor('youth_union')).toBe(false);
  });

  it('the course\u2019s certificate: valid as entered, else 5 years from the course\u2019s end (DOMAIN.md §2, [?])', () => {
    expect(certificateValidUntil('2024-06-01', null)).toBe('2029-05-31');
    expect(certificateValidUntil('2024-06-01', '2025-01-01')).toBe('2025-01-01');
    expect(certificateValidUntil(null, null)).toBeNull();
  });

  it('the worklist\u2019s week ends on Sunday', () => {
    expect(weekEndOf('2026-12-03')).toBe('2026-12-06');
    expect(weekEndOf('2026-12-06')).toBe('2026-12-06');
  });
});

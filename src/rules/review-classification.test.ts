import { describe, expect, it } from 'vitest';
import { checkExcellentQuota, classificationRulesFor, notClassifiedReason } from './review-classification.ts';

describe('review and classification rules', () => {
  it('picks the rule set by the period\'s last day', () => {
    expect(classificationRulesFor('2024-12-31').regulation).toBe('124-QĐ/TW');
    expect(classificationRulesFor('2025-12-31').regulation).toBe('366-QĐ/TW; 43-HD/BTCTW');
    expect(classificationRulesFor('2025-12-31').quotaConfirmed).toBe(false);
    expect(classificationRulesFor('2010-12-31').regulation).toBe('124-QĐ/TW');
  });

  it('leaves exempted, suspended, recently admitted and former members unclassified', () => {
    const endsOn = '2025-12-31';
    expect(notClassifiedReason({ statusOnEnd: 'official', admissionDate: '2010-01-01' }, endsOn)).toBeNull();
    expect(notClassifiedReason({ statusOnEnd: 'probationary', admissionDate: '2025-06-30' }, endsOn)).toBeNull();
    expect(notClassifiedReason({ statusOnEnd: 'probationary', admissionDate: '2025-07-01' }, endsOn)).toBe('admitted_recently');
    expect(notClassifiedReason({ statusOnEnd: 'exempted', admissionDate: '1970-01-01' }, endsOn)).toBe('exempted');
    expect(notClassifiedReason({ statusOnEnd: 'official', admissionDate: '1990-01-01', suspended: true }, endsOn)).toBe('suspended');
    expect(notClassifiedReason({ statusOnEnd: 'removed', admissionDate: '1990-01-01' }, endsOn)).toBe('not_a_member');
    expect(notClassifiedReason({ statusOnEnd: null, admissionDate: null }, endsOn)).toBe('not_a_member');
  });

  it('allows "excellent" up to 20% of those rated good or better, rounded down', () => {
    expect(checkExcellentQuota(['excellent', 'good', 'good', 'good', 'good', 'completed'], '2024-12-31')).toMatchObject({ ok: true, excellent: 1, goodOrBetter: 5, maxExcellent: 1 });
    expect(checkExcellentQuota(['excellent', 'good', 'good', 'good'], '2024-12-31')).toMatchObject({ ok: false, excellent: 1, goodOrBetter: 4, maxExcellent: 0 });
    expect(checkExcellentQuota(['good', 'completed', 'not_completed'], '2025-12-31').ok).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { formChoice, readChoices } from './choices.ts';

const choicesOf = (query: string) => readChoices(new URLSearchParams(query));

describe('choosing another form keeps the moment chosen', () => {
  it('a date gives the period of its year up to it', () => {
    expect(formChoice(choicesOf('form=members&date=2025-12-31'), 'stock', 'member-changes', 'flow')).toEqual({ form: 'member-changes', from: '2025-01-01', to: '2025-12-31' });
    expect(formChoice(choicesOf('form=members&date=2024-06-30'), 'stock', 'admissions', 'flow')).toEqual({ form: 'admissions', from: '2024-01-01', to: '2024-06-30' });
  });

  it('a period chosen before that ends on the date is kept', () => {
    const back = choicesOf('form=members&date=2025-12-31&from=2025-07-01&to=2025-12-31');
    expect(formChoice(back, 'stock', 'member-changes', 'flow')).toEqual({ form: 'member-changes' });
    expect(readChoices(new URLSearchParams('form=member-changes&date=2025-12-31&from=2025-07-01&to=2025-12-31'))).toMatchObject({ from: '2025-07-01', to: '2025-12-31' });
  });

  it('a period gives its last day, and a form of the same kind changes nothing else', () => {
    expect(formChoice(choicesOf('form=member-changes&from=2024-01-01&to=2024-12-31'), 'flow', 'members', 'stock')).toEqual({ form: 'members', date: '2024-12-31' });
    expect(formChoice(choicesOf('form=members&date=2024-12-31'), 'stock', 'organizations', 'stock')).toEqual({ form: 'organizations' });
    expect(formChoice(choicesOf('form=member-changes&from=2024-01-01&to=2024-12-31'), 'flow', 'admissions', 'flow')).toEqual({ form: 'admissions' });
  });
});

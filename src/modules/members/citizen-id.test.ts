import { describe, expect, it } from 'vitest';
import { CITIZEN_ID_PROVINCE_CODES, citizenIdProblems } from './citizen-id.ts';

describe('citizen ID (CCCD) checks', () => {
  it('accepts a number consistent with province, century, sex and birth year', () => {
    expect(citizenIdProblems('001085012345', 'male', '1985-06-15')).toEqual([]);
    expect(citizenIdProblems('079301012345', 'female', '2001-02-03')).toEqual([]);
    expect(citizenIdProblems('096999012345', 'female', '1899-12-31')).toEqual([]);
  });

  it('names each problem', () => {
    expect(citizenIdProblems('00108501234', 'male', '1985-06-15')).toEqual(['format']);
    expect(citizenIdProblems('00108501234a', 'male', '1985-06-15')).toEqual(['format']);
    expect(citizenIdProblems('003085012345', 'male', '1985-06-15')).toEqual(['province']);
    expect(citizenIdProblems('001185012345', 'male', '1985-06-15')).toEqual(['sex']);
    expect(citizenIdProblems('001086012345', 'male', '1985-06-15')).toEqual(['birth_year']);
    expect(citizenIdProblems('001285012345', 'male', '1985-06-15')).toEqual(['birth_year']);
  });

  it('knows the 63 birth-registration province codes', () => {
    expect(Object.keys(CITIZEN_ID_PROVINCE_CODES)).toHaveLength(63);
    expect(CITIZEN_ID_PROVINCE_CODES['022']).toBe('Quảng Ninh');
  });
});

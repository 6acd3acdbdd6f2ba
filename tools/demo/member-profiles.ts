/**
 * Who the members of each kind of cell are: share of women, generation, occupations, professional and political
 * theory levels. Approximate shares for realistic distributions (women about a third of all members; village and
 * ward cells hold many retirees; schools and health stations many women; the armed forces few).
 */
import type { HostProfile } from './org-world.ts';

export type Generation = 'old' | 'prof' | 'young';

export interface HostParams {
  female: number;
  generation: Generation;
  occupations: [string, number][];
  professional: [string, number][];
  theory: [string, number][];
}

const RURAL_PROFESSIONAL: [string, number][] = [['none', 45], ['elementary', 15], ['intermediate', 18], ['college', 6], ['university', 16]];
const OFFICE_PROFESSIONAL: [string, number][] = [['intermediate', 6], ['college', 8], ['university', 70], ['master', 14], ['doctor', 2]];
const RURAL_THEORY: [string, number][] = [['none', 50], ['elementary', 44], ['intermediate', 6]];
const OFFICE_THEORY: [string, number][] = [['none', 22], ['elementary', 38], ['intermediate', 28], ['advanced', 10], ['bachelor', 2]];

export const HOST_PARAMS: Record<HostProfile, HostParams> = {
  village: { female: 0.27, generation: 'old', occupations: [['farmer', 55], ['self_employed', 15], ['other', 10], ['non_state_enterprise_worker', 10], ['civil_servant', 10]], professional: RURAL_PROFESSIONAL, theory: RURAL_THEORY },
  ward: { female: 0.38, generation: 'old', occupations: [['self_employed', 35], ['non_state_enterprise_worker', 25], ['other', 20], ['civil_servant', 10], ['enterprise_owner', 10]], professional: [['none', 25], ['intermediate', 20], ['college', 12], ['university', 38], ['master', 5]], theory: [['none', 40], ['elementary', 45], ['intermediate', 13], ['advanced', 2]] },
  retirees: { female: 0.35, generation: 'old', occupations: [['retired', 100]], professional: RURAL_PROFESSIONAL, theory: RURAL_THEORY },
  commune_office: { female: 0.4, generation: 'prof', occupations: [['civil_servant', 85], ['public_employee', 15]], professional: [['intermediate', 15], ['college', 10], ['university', 70], ['master', 5]], theory: [['elementary', 30], ['intermediate', 60], ['advanced', 8], ['bachelor', 2]] },
  school: { female: 0.72, generation: 'prof', occupations: [['public_employee', 100]], professional: [['college', 20], ['university', 68], ['master', 12]], theory: [['none', 35], ['elementary', 55], ['intermediate', 10]] },
  health: { female: 0.62, generation: 'prof', occupations: [['public_employee', 100]], professional: [['intermediate', 25], ['college', 20], ['university', 45], ['master', 10]], theory: [['none', 40], ['elementary', 50], ['intermediate', 10]] },
  militia: { female: 0.06, generation: 'young', occupations: [['civil_servant', 45], ['farmer', 40], ['other', 15]], professional: [['none', 30], ['elementary', 30], ['intermediate', 30], ['university', 10]], theory: [['none', 40], ['elementary', 50], ['intermediate', 10]] },
  police: { female: 0.14, generation: 'young', occupations: [['police', 100]], professional: [['intermediate', 30], ['college', 10], ['university', 55], ['master', 5]], theory: [['none', 25], ['elementary', 45], ['intermediate', 25], ['advanced', 5]] },
  army: { female: 0.07, generation: 'young', occupations: [['army', 100]], professional: [['intermediate', 35], ['college', 10], ['university', 50], ['master', 5]], theory: [['none', 20], ['elementary', 50], ['intermediate', 25], ['advanced', 5]] },
  enterprise_state: { female: 0.3, generation: 'prof', occupations: [['state_enterprise_worker', 100]], professional: [['elementary', 15], ['intermediate', 30], ['college', 15], ['university', 37], ['master', 3]], theory: [['none', 45], ['elementary', 45], ['intermediate', 9], ['advanced', 1]] },
  enterprise_private: { female: 0.36, generation: 'young', occupations: [['non_state_enterprise_worker', 85], ['enterprise_owner', 15]], professional: [['none', 10], ['elementary', 20], ['intermediate', 25], ['college', 15], ['university', 30]], theory: [['none', 60], ['elementary', 38], ['intermediate', 2]] },
  enterprise_fdi: { female: 0.55, generation: 'young', occupations: [['non_state_enterprise_worker', 100]], professional: [['none', 15], ['elementary', 25], ['intermediate', 25], ['college', 15], ['university', 20]], theory: [['none', 65], ['elementary', 34], ['intermediate', 1]] },
  agency: { female: 0.45, generation: 'prof', occupations: [['civil_servant', 80], ['public_employee', 20]], professional: OFFICE_PROFESSIONAL, theory: OFFICE_THEORY },
  public_service: { female: 0.55, generation: 'prof', occupations: [['public_employee', 90], ['civil_servant', 10]], professional: OFFICE_PROFESSIONAL, theory: [['none', 30], ['elementary', 45], ['intermediate', 20], ['advanced', 5]] },
};

/** Expands weighted choices into a list of `size` entries, so a uniform index picks by weight. */
export function expandWeights<T>(choices: readonly [T, number][], size: number): T[] {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  const result: T[] = [];
  let cumulative = 0;
  for (const [value, weight] of choices) {
    cumulative += weight;
    const until = Math.round((cumulative / total) * size);
    while (result.length < until) result.push(value);
  }
  while (result.length < size) result.push(choices[choices.length - 1][0]);
  return result;
}

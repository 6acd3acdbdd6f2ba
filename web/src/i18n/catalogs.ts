/**
 * The catalogs: the shared texts (`vi.ts`, `en.ts`) and each area's own, gathered from the list of areas.
 */
import { AREAS } from '../areas.ts';
import type { WebArea } from '../app/web-area.tsx';
import type { Catalogs, MessageKey } from './index.tsx';
import { vi, type SharedMessageKey } from './vi.ts';
import { en } from './en.ts';

type AreaKey<Area> = Area extends WebArea<infer Key> ? Key : never;
type NotGathered = Exclude<MessageKey, SharedMessageKey | AreaKey<(typeof AREAS)[number]>>;
// Fails to compile, naming the keys, when an area's texts.vi.ts adds keys to MessageKey but the area is missing
// from web/src/areas.ts (its texts would then be missing at run time).
const everyKeyIsGathered: [NotGathered] extends [never] ? true : NotGathered = true;
void everyKeyIsGathered;

export const CATALOGS: Catalogs = {
  vi: Object.assign({}, vi, ...AREAS.map((area) => area.texts.vi)),
  en: Object.assign({}, en, ...AREAS.map((area) => area.texts.en)),
};

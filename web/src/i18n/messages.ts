/**
 * The type of a text key. The shared catalog (`vi.ts`) declares its keys here and each area's `texts.vi.ts` adds its
 * own (`declare module`), so a key that no catalog has is a type error, and the pages name this type without
 * importing the list of areas (whose routes import the pages).
 */
import type { SharedMessageKey } from './vi.ts';

export interface Messages extends Record<SharedMessageKey, string> {}

export type MessageKey = keyof Messages;

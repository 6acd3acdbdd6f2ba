/**
 * The shape of an error-code table. Each area declares its codes in its own `contract.ts`; `errors.ts` gathers them.
 * A leaf (it imports nothing), so that the areas' contracts and the gatherer never import each other in a circle.
 */
export type Locale = 'vi' | 'en';

/** A stable code's HTTP status and its message in Vietnamese and English. */
export interface ErrorDefinition {
  status: number;
  vi: string;
  en: string;
  /**
   * The message naming what the error's details hold (the later fact a late entry contradicts: its kind, date and id),
   * in the caller's language; null when the details do not hold it, and the plain message is given. Declared beside
   * the plain message, so every client (the web's alerts, a bulk request's rows, a script) reads the same words.
   */
  explain?: (details: unknown, locale: Locale) => string | null;
}

/** Declared `as const satisfies ErrorTable`, so that the codes stay literal types once gathered. */
export type ErrorTable = Readonly<Record<string, ErrorDefinition>>;

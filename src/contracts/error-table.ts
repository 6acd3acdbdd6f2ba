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
}

/** Declared `as const satisfies ErrorTable`, so that the codes stay literal types once gathered. */
export type ErrorTable = Readonly<Record<string, ErrorDefinition>>;

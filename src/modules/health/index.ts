/** Health checks are used by no other area (their routes are declared in `area.ts`). */
export {};

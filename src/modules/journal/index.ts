/**
 * The journal's reading side is used by no other area (its routes are declared in `area.ts`); writing the journal
 * is the kernel's (`writeJournal`).
 */
export {};

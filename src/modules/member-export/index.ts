/** The member export's surface: nothing is used from outside (its route is declared in `area.ts`). */
export {};

/** The home page's surface: nothing is used from outside (its route is declared in `area.ts`; items come from the areas). */
export {};

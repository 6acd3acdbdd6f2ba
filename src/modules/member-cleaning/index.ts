/** The member-record cleaning's surface: nothing is used from outside (its routes are declared in `area.ts`). */
export {};

/**
 * What an area of the web app declares in its folder (`features/<area>/area.tsx`): its pages, its menu entries and
 * its texts. `web/src/areas.ts` lists the areas; the router, the menu and the catalogs are built from that list.
 */
import type { ComponentType, ReactNode } from 'react';
import type { RouteObject } from 'react-router-dom';
import type { MessageKey } from '../i18n/messages.ts';
import { RequireAbility } from './guards.tsx';

export interface MenuEntry {
  key: string;
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** The entry appears when the caller holds this ability somewhere. */
  ability: string;
  /** Place in the menu, across the areas (smaller first). */
  order: number;
  /** Paths whose pages below also select this entry (`/units` for the tree: `/units/:id` is a unit of the tree). */
  alsoSelectedUnder?: string[];
}

export interface WebArea<Key extends string = string> {
  /** Pages inside the signed-in frame. */
  routes: RouteObject[];
  /** Pages outside the frame, open before signing in. */
  publicRoutes?: RouteObject[];
  menu: MenuEntry[];
  /**
   * The area's own texts (`texts.vi.ts`, `texts.en.ts`, same keys); the frame's and those several areas use are in
   * `web/src/i18n/vi.ts` and `en.ts`.
   */
  texts: { vi: Record<Key, string>; en: Record<Key, string> };
}

/** A page that loads on first visit (its code is split from the frame) and shows "not allowed" without the ability. */
export function page(path: string, ability: string, load: () => Promise<ComponentType>): RouteObject {
  return {
    path,
    lazy: async () => {
      const Page = await load();
      return { Component: () => <RequireAbility ability={ability}><Page /></RequireAbility> };
    },
  };
}

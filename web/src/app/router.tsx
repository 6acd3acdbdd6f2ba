/**
 * The app's routes, gathered from the areas (`web/src/areas.ts`): each declares its pages in its `area.tsx` (pages
 * load on first visit; a page that needs an ability shows "not allowed" when the caller lacks it).
 */
import { createBrowserRouter, Navigate } from 'react-router-dom';
import { AREAS } from '../areas.ts';
import { AppLayout } from './AppLayout.tsx';
import { FullPageSpin, RequireAuth } from './guards.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { HomeRedirect } from './HomeRedirect.tsx';

export const router = createBrowserRouter([
  ...AREAS.flatMap((area) => area.publicRoutes ?? []),
  {
    element: <RequireAuth><AppLayout /></RequireAuth>,
    // Shown while the first page's code loads.
    hydrateFallbackElement: <FullPageSpin />,
    children: [
      { index: true, element: <HomeRedirect /> },
      ...AREAS.flatMap((area) => area.routes),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);

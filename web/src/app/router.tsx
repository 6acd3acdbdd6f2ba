/**
 * The app's routes. Pages load on first visit (their code is split from the frame); a page that needs an ability
 * shows "not allowed" when the caller lacks it.
 */
import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router-dom';
import { AppLayout } from './AppLayout.tsx';
import { FullPageSpin, RequireAbility, RequireAuth } from './guards.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { HomeRedirect } from './HomeRedirect.tsx';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { ChangePasswordPage } from '../features/auth/ChangePasswordPage.tsx';

function page(path: string, ability: string, load: () => Promise<ComponentType>): RouteObject {
  return {
    path,
    lazy: async () => {
      const Page = await load();
      return { Component: () => <RequireAbility ability={ability}><Page /></RequireAbility> };
    },
  };
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireAuth><AppLayout /></RequireAuth>,
    // Shown while the first page's code loads.
    hydrateFallbackElement: <FullPageSpin />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: '/change-password', element: <ChangePasswordPage /> },
      page('/tree', 'org.read', () => import('../features/orgs/TreePage.tsx').then((module) => module.TreePage)),
      page('/units/:id', 'org.read', () => import('../features/orgs/UnitPage.tsx').then((module) => module.UnitPage)),
      page('/restructure', 'org.restructure', () => import('../features/restructure/WizardPage.tsx').then((module) => module.WizardPage)),
      page('/batches', 'org.read', () => import('../features/restructure/BatchesPage.tsx').then((module) => module.BatchesPage)),
      page('/batches/:id', 'org.read', () => import('../features/restructure/BatchPage.tsx').then((module) => module.BatchPage)),
      page('/decisions', 'decision.read', () => import('../features/decisions/DecisionsPage.tsx').then((module) => module.DecisionsPage)),
      page('/accounts', 'account.read', () => import('../features/accounts/AccountsPage.tsx').then((module) => module.AccountsPage)),
      page('/accounts/:id', 'account.read', () => import('../features/accounts/AccountPage.tsx').then((module) => module.AccountPage)),
      page('/journal', 'journal.read', () => import('../features/journal/JournalPage.tsx').then((module) => module.JournalPage)),
      page('/members', 'member.read', () => import('../features/members/MembersPage.tsx').then((module) => module.MembersPage)),
      page('/members/new', 'member.write', () => import('../features/members/AdmissionPage.tsx').then((module) => module.AdmissionPage)),
      page('/members/:id', 'member.read', () => import('../features/members/MemberPage.tsx').then((module) => module.MemberPage)),
      page('/transfers', 'member.read', () => import('../features/transfers/TransfersPage.tsx').then((module) => module.TransfersPage)),
      page('/member-import', 'member.write', () => import('../features/member-import/ImportPage.tsx').then((module) => module.ImportPage)),
      page('/member-cleaning', 'member.read', () => import('../features/member-cleaning/CleaningPage.tsx').then((module) => module.CleaningPage)),
      page('/badges', 'member.read', () => import('../features/badges/BadgesPage.tsx').then((module) => module.BadgesPage)),
      page('/me', 'member.self', () => import('../features/members/SelfPage.tsx').then((module) => module.SelfPage)),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);

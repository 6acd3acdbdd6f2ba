import { lazy, Suspense } from 'react';
import { Navigate } from 'react-router-dom';
import { Result } from 'antd';
import { useMe } from '../features/auth/api.ts';
import { useI18n } from '../i18n/index.tsx';
import { FullPageSpin } from './guards.tsx';
import { visibleMenu } from './AppLayout.tsx';

const HomePage = lazy(() => import('../features/home/HomePage.tsx').then((module) => ({ default: module.HomePage })));

/**
 * "/": the home page (what needs doing) for every officer's role; a member's own account lands on their record
 * (`/me`); otherwise the first page the caller may open, and an account without any ability sees a short explanation.
 */
export function HomeRedirect() {
  const me = useMe().data;
  const { t } = useI18n();
  const abilities = me?.abilities ?? [];
  if (abilities.includes('member.read')) return <Suspense fallback={<FullPageSpin />}><HomePage /></Suspense>;
  if (abilities.includes('member.self')) return <Navigate to="/me" replace />;
  const first = visibleMenu(abilities).find((entry) => entry.path !== '/');
  if (first) return <Navigate to={first.path} replace />;
  return <Result status="info" title={t('home.noAccessTitle')} subTitle={t('home.noAccess')} />;
}

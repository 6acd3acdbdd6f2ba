/** Route guards: signed in (else the sign-in page), password changed (else the change form), and an ability. */
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Result, Spin } from 'antd';
import { useMe } from '../features/auth/api.ts';
import { useI18n } from '../i18n/index.tsx';

export function FullPageSpin() {
  return <div style={{ display: 'grid', placeItems: 'center', minHeight: '60vh' }}><Spin size="large" /></div>;
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (me.data.mustChangePassword && location.pathname !== '/change-password') return <Navigate to="/change-password" replace />;
  return <>{children}</>;
}

export function RequireAbility({ ability, children }: { ability: string; children: ReactNode }) {
  const me = useMe().data;
  const { t } = useI18n();
  if (!me?.abilities.includes(ability)) return <Result status="403" title={t('error.forbiddenTitle')} subTitle={t('error.forbidden')} />;
  return <>{children}</>;
}

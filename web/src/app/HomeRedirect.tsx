import { Navigate } from 'react-router-dom';
import { Result } from 'antd';
import { useMe } from '../features/auth/api.ts';
import { useI18n } from '../i18n/index.tsx';
import { visibleMenu } from './AppLayout.tsx';

/** The first page the caller may open; an account without any ability sees a short explanation. */
export function HomeRedirect() {
  const me = useMe().data;
  const { t } = useI18n();
  const first = visibleMenu(me?.abilities ?? [])[0];
  if (first) return <Navigate to={first.path} replace />;
  return <Result status="info" title={t('home.noAccessTitle')} subTitle={t('home.noAccess')} />;
}

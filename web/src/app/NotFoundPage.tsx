import { Link } from 'react-router-dom';
import { Button, Result } from 'antd';
import { useI18n } from '../i18n/index.tsx';

export function NotFoundPage() {
  const { t } = useI18n();
  return <Result status="404" title={t('error.notFoundTitle')} subTitle={t('error.noSuchPage')} extra={<Link to="/"><Button type="primary">{t('common.home')}</Button></Link>} data-testid="not-found" />;
}

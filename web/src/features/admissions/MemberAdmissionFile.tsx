/** On a member's page: where the admission file that admitted them stands (its status, next step and deadline). */
import { Link } from 'react-router-dom';
import { Card, Space, Typography } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { useMe } from '../auth/api.ts';
import { useCandidateList } from './api.ts';
import { DueBy, StatusTag, useAdmissionLabels } from './parts.tsx';

export function MemberAdmissionFile({ memberId }: { memberId: number }) {
  const { t } = useI18n();
  const labels = useAdmissionLabels();
  const allowed = !!useMe().data?.abilities.includes('admission.read');
  const list = useCandidateList({ which: 'all', memberId }, allowed);
  if (!allowed || !list.data) return null;
  const file = list.data.pages[0]?.items[0];
  return (
    <Card size="small" title={t('admissions.memberFile')} style={{ marginBottom: 12 }} data-testid="member-admission-file">
      {!file ? <Typography.Text type="secondary">{t('admissions.memberFileNone')}</Typography.Text> : (
        <Space wrap size={[12, 4]}>
          <StatusTag status={file.status} />
          {file.nextStep && <span>{t('admissions.nextStep')}: <Typography.Text strong>{labels.step(file.nextStep)}</Typography.Text></span>}
          {file.dueBy && <DueBy dueBy={file.dueBy} overdue={file.overdue} testId="member-admission-due" />}
          <Link to={`/admissions/${file.id}`} data-testid="member-admission-link">{t('admissions.memberFileOpen')}</Link>
        </Space>
      )}
    </Card>
  );
}

/** Self-service: the signed-in member's own record and timeline, nothing else (no links into the organization tree). */
import { Alert, Card, Col, Result, Row, Skeleton } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { ApiError } from '../../lib/api.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useOwnMemberPage } from './api.ts';
import { MemberRecordCard, MemberTimeline, OpenTransfers } from './MemberView.tsx';

export function SelfPage() {
  const { t } = useI18n();
  const page = useOwnMemberPage();
  if (page.isError && page.error instanceof ApiError && page.error.status === 404) {
    return <Result status="info" title={t('self.notLinkedTitle')} subTitle={t('self.notLinked')} data-testid="self-not-linked" />;
  }
  if (page.isError) return <Alert type="error" showIcon title={(page.error as Error).message} />;
  if (!page.data) return <Skeleton active />;
  return (
    <div data-testid="self-page">
      <PageHeader title={t('self.title')} subtitle={page.data.record.fullName} />
      <OpenTransfers transfers={page.data.openTransfers} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('members.record')}>
            <MemberRecordCard page={page.data} linkUnit={false} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('members.timeline')}>
            <MemberTimeline page={page.data} linkUnits={false} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/**
 * The home page of every officer's role: what needs doing in their scope (each area's work items, counted by the
 * server, linking to the filtered lists) and the units they work on, each with where it is; a cell shows its members.
 */
import { Link } from 'react-router-dom';
import { Alert, Card, Col, Empty, Flex, List, Row, Skeleton, Spin, Tag, Typography } from 'antd';
import type { Home } from '../../../../src/contracts/home.ts';
import { useI18n } from '../../i18n/index.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useVocabulary } from '../../components/labels.ts';
import { formatDate } from '../../lib/dates.ts';
import { useMe } from '../auth/api.ts';
import { useMemberLabels } from '../members/labels.ts';
import { useCellMembers, useHome, useWorkItem } from './api.ts';

const CELL_MEMBERS_SHOWN = 10;

function WorkItemCard({ itemKey }: { itemKey: string }) {
  const { t, has } = useI18n();
  const query = useWorkItem(itemKey);
  const item = query.data;
  const params: Record<string, string | number> = { ...item?.params };
  if (typeof params.date === 'string') params.date = formatDate(params.date);
  const label = `workItem.${itemKey}`;
  const capped = !!item && typeof item.params.cap === 'number' && item.count >= item.params.cap;
  const count = item ? item.count.toLocaleString('vi-VN') : null;
  const body = (
    <Card size="small" hoverable={!!item} style={{ height: '100%', borderColor: item && item.count > 0 ? '#ffd591' : undefined }}>
      <Flex align="center" gap={16}>
        <Typography.Text strong style={{ fontSize: 26, minWidth: 56, textAlign: 'center', whiteSpace: 'nowrap', color: item && item.count > 0 ? '#b71c1c' : '#8c8c8c' }} data-testid="work-item-count">
          {item ? (capped ? t('home.capped', { count: count! }) : count) : query.isError ? '–' : <Spin size="small" />}
        </Typography.Text>
        <Typography.Text>{has(label) ? t(label as MessageKey, params) : itemKey}</Typography.Text>
      </Flex>
    </Card>
  );
  // Until counted, the card is not a link yet (the link may carry the count's parameters, e.g. the badge day).
  if (!item) return <div data-testid={`work-item-${itemKey}`} data-loading="true" style={{ height: '100%' }}>{body}</div>;
  return <Link to={item.link} data-testid={`work-item-${itemKey}`} data-count={item.count}>{body}</Link>;
}

function CellMembers({ unitId }: { unitId: number }) {
  const { t } = useI18n();
  const labels = useMemberLabels();
  const members = useCellMembers(unitId, CELL_MEMBERS_SHOWN);
  if (members.isLoading) return <Skeleton active paragraph={{ rows: 3 }} />;
  const items = members.data?.items ?? [];
  return (
    <>
      <List
        size="small"
        data-testid="home-cell-members"
        locale={{ emptyText: t('home.noMembers') }}
        dataSource={items}
        renderItem={(member) => (
          <List.Item style={{ paddingInline: 0 }}>
            <Link to={`/members/${member.id}`}>{member.fullName}</Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{labels.status(member.status)}</Typography.Text>
          </List.Item>
        )}
      />
      <Link to={`/members?unitId=${unitId}`} data-testid="home-all-members">{t('home.allMembers')}</Link>
    </>
  );
}

function UnitCard({ unit }: { unit: Home['units'][number] }) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const canOpenUnit = !!useMe().data?.abilities.includes('org.read');
  const isCell = unit.headcount !== null;
  return (
    <Card
      size="small"
      data-testid="home-unit"
      data-unit-id={unit.unitId}
      title={<Typography.Text strong data-testid="home-unit-name">{unit.name}</Typography.Text>}
      extra={<Tag>{vocabulary.role(unit.role)}</Tag>}
    >
      <Flex vertical gap={4}>
        {unit.above.length > 0 && <Typography.Text type="secondary" data-testid="home-unit-place">{unit.above.join(' · ')}</Typography.Text>}
        <Flex gap={8} wrap align="center">
          <Tag color="green">{vocabulary.kind(unit.kind)}</Tag>
          {isCell && <Typography.Text strong data-testid="home-unit-headcount">{t('home.headcount', { count: unit.headcount! })}</Typography.Text>}
          {canOpenUnit && <Link to={`/units/${unit.unitId}`}>{t('home.openUnit')}</Link>}
        </Flex>
        {isCell && (
          <div style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">{t('home.members')}</Typography.Text>
            <CellMembers unitId={unit.unitId} />
          </div>
        )}
      </Flex>
    </Card>
  );
}

export function HomePage() {
  const { t } = useI18n();
  const home = useHome();
  const header = <PageHeader title={t('home.title')} subtitle={t('home.subtitle')} />;
  if (home.isError) return <div data-testid="home-page">{header}<Alert type="error" showIcon title={(home.error as Error).message} /></div>;
  if (!home.data) return <div data-testid="home-page">{header}<Skeleton active /></div>;
  const { workItems, units } = home.data;
  return (
    <div data-testid="home-page" data-loaded="true">
      {header}
      {workItems.length === 0
        ? <Empty description={t('home.nothing')} />
        : (
          <Row gutter={[12, 12]} data-testid="home-work-items">
            {workItems.map((key) => <Col key={key} xs={24} sm={12} xl={8}><WorkItemCard itemKey={key} /></Col>)}
          </Row>
        )}
      {units.length > 0 && (
        <>
          <Typography.Title level={4} style={{ marginTop: 24 }}>{t('home.units')}</Typography.Title>
          <Row gutter={[12, 12]}>
            {units.map((unit) => <Col key={unit.unitId} xs={24} lg={12}><UnitCard unit={unit} /></Col>)}
          </Row>
        </>
      )}
    </div>
  );
}

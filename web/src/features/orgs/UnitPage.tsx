/**
 * One unit as of a date: details, the units under it (counts and the list), the timeline of its versions (each with
 * the batch, decision and effective date; undone changes struck through), its lineage, its batches and journal.
 */
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { BranchesOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Card, Col, Descriptions, Dropdown, Empty, Flex, Result, Row, Segmented, Skeleton, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { ApiError } from '../../lib/api.ts';
import { RESTRUCTURE_OPERATIONS, type OrgHistoryVersion, type OrgNode, type OrgUnitDetail } from '../../../../src/contracts/orgs.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useCodeLabel } from '../../i18n/dynamic.ts';
import { DateField } from '../../components/DateField.tsx';
import { LEVEL_COLORS, useVocabulary } from '../../components/labels.ts';
import { formatDate, todayInVietnam } from '../../lib/dates.ts';
import { useAsOfDate } from '../../lib/use-as-of-date.ts';
import { useMe } from '../auth/api.ts';
import { JournalTable } from '../journal/JournalTable.tsx';
import { BatchesList } from '../restructure/BatchesList.tsx';
import { useChildren, useUnit, useUnitCounts, useUnitHistory, useUnitLineage } from './api.ts';
import { CountsCard } from './CountsCard.tsx';
import { UnitMembersCard, UnitMembersList } from './UnitMembers.tsx';

export function UnitPage() {
  const { t } = useI18n();
  const params = useParams();
  const unitId = Number(params.id);
  const validId = Number.isInteger(unitId) && unitId > 0;
  const [date, setDate] = useAsOfDate();
  const unit = useUnit(validId ? unitId : undefined, date);
  const me = useMe().data;
  const vocabulary = useVocabulary();
  const endLabel = useCodeLabel('endReason');
  const linkLabel = useCodeLabel('link');
  const operationLabel = useCodeLabel('op');
  const navigate = useNavigate();
  const [tab, setTab] = useState('overview');

  if (!validId || (unit.isError && unit.error instanceof ApiError && unit.error.status === 404)) {
    return (
      <Result
        status="404"
        title={t('error.notFoundTitle')}
        subTitle={t('error.notFound')}
        extra={<Link to="/tree"><Button type="primary">{t('tree.backToTree')}</Button></Link>}
        data-testid="not-found"
      />
    );
  }
  if (unit.isError) return <Alert type="error" showIcon title={(unit.error as Error).message} />;
  if (!unit.data) return <Skeleton active />;
  const detail = unit.data;
  const canJournal = me?.abilities.includes('journal.read');

  return (
    <div data-testid="unit-page">
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { title: <Link to={`/tree${date === todayInVietnam() ? '' : `?date=${date}`}`}>{t('menu.tree')}</Link> },
          ...detail.ancestors.map((ancestor) => ({ title: <Link to={`/units/${ancestor.id}?date=${date}`}>{ancestor.name}</Link> })),
        ]}
      />
      <Flex wrap gap={8} align="center" justify="space-between" style={{ marginBottom: 12 }}>
        <Space wrap size={8} align="center">
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="unit-name">{detail.name}</Typography.Title>
          <Tag color={LEVEL_COLORS[detail.level]}>{vocabulary.kind(detail.kind)}</Tag>
          {detail.endedOn && <Tag color="default" data-testid="unit-ended">{t('orgs.endedOn', { date: formatDate(detail.endedOn) })} · {endLabel(detail.endReason)}</Tag>}
        </Space>
        <Space size={8} wrap>
          <Space size={4}>
            <Typography.Text type="secondary">{t('common.asOf')}</Typography.Text>
            <DateField value={date} onChange={(value) => setDate(value)} allowClear={false} data-testid="unit-as-of-date" aria-label={t('common.asOf')} />
          </Space>
          {me?.abilities.includes('org.restructure') && !detail.endedOn && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: RESTRUCTURE_OPERATIONS.filter((operation) => operation !== 'establish' || detail.level !== 'cell').map((operation) => ({
                  key: operation,
                  label: operation === 'establish' ? t('unit.establishUnder') : operationLabel(operation),
                })),
                onClick: ({ key }) => navigate(`/restructure?op=${key}&unitId=${detail.id}`),
              }}
            >
              <Button icon={<BranchesOutlined />} data-testid="unit-restructure">{t('unit.restructure')}</Button>
            </Dropdown>
          )}
        </Space>
      </Flex>
      {!detail.existsOnDate && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('orgs.notOnDate', { date: formatDate(date) })}
          description={t('orgs.nearestVersion', { from: formatDate(detail.validFrom), to: detail.validTo ? formatDate(detail.validTo) : t('orgs.now') })}
          data-testid="not-on-date"
        />
      )}
      {detail.successors.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={(
            <span>
              {t('orgs.wentInto')}{' '}
              {detail.successors.map((successor, index) => (
                <span key={successor.id}>{index > 0 ? ', ' : ''}<Link to={`/units/${successor.id}`}>{successor.name}</Link> ({linkLabel(successor.linkKind)}, {formatDate(successor.effectiveDate)})</span>
              ))}
            </span>
          )}
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'overview', label: t('unit.tabOverview'), children: <Overview detail={detail} date={date} /> },
          { key: 'children', label: t('unit.tabChildren', { count: detail.existsOnDate ? detail.childCount : 0 }), children: <Children unitId={unitId} date={date} /> },
          { key: 'history', label: t('unit.tabHistory'), children: <History unitId={unitId} /> },
          { key: 'lineage', label: t('unit.tabLineage'), children: <Lineage unitId={unitId} /> },
          { key: 'batches', label: t('unit.tabBatches'), children: <UnitBatches unitId={unitId} /> },
          ...(canJournal ? [{ key: 'journal', label: t('unit.tabJournal'), children: <UnitJournal unitId={unitId} /> }] : []),
        ]}
      />
    </div>
  );
}

function Overview({ detail, date: asOf }: { detail: OrgUnitDetail; date: string }) {
  const { t } = useI18n();
  const canReadMembers = !!useMe().data?.abilities.includes('member.read');
  const vocabulary = useVocabulary();
  const endLabel = useCodeLabel('endReason');
  const counts = useUnitCounts(detail.id, asOf);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('unit.details', { date: formatDate(asOf) })}>
          <Descriptions
            size="small"
            column={1}
            data-testid="unit-details"
            items={[
              { key: 'code', label: t('orgs.code'), children: detail.code },
              { key: 'name', label: t('orgs.name'), children: detail.name },
              { key: 'kind', label: t('orgs.kind'), children: vocabulary.kind(detail.kind) },
              { key: 'level', label: t('orgs.level'), children: vocabulary.level(detail.level) },
              { key: 'sector', label: t('orgs.sector'), children: detail.sector ? vocabulary.sector(detail.sector) : '—' },
              { key: 'parent', label: t('orgs.parent'), children: detail.parentId ? <Link to={`/units/${detail.parentId}?date=${asOf}`}>{detail.ancestors.at(-1)?.name ?? `#${detail.parentId}`}</Link> : '—' },
              { key: 'version', label: t('orgs.versionInterval'), children: `${formatDate(detail.validFrom)} → ${detail.validTo ? formatDate(detail.validTo) : t('orgs.now')}` },
              { key: 'established', label: t('orgs.establishedOn'), children: formatDate(detail.establishedOn) },
              ...(detail.endedOn ? [{ key: 'ended', label: t('orgs.endedOnLabel'), children: `${formatDate(detail.endedOn)} (${endLabel(detail.endReason)})` }] : []),
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Flex vertical gap={16}>
          {canReadMembers && <UnitMembersCard unitId={detail.id} date={asOf} />}
          {detail.level !== 'cell' && <CountsCard counts={counts.data} loading={counts.isPending} />}
        </Flex>
      </Col>
      {canReadMembers && detail.level === 'cell' && (
        <Col xs={24}>
          <UnitMembersList unitId={detail.id} date={asOf} />
        </Col>
      )}
    </Row>
  );
}

function Children({ unitId, date }: { unitId: number; date: string }) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const children = useChildren(unitId, date);
  return (
    <Table<OrgNode>
      size="small"
      rowKey="id"
      loading={children.isFetching}
      dataSource={children.data?.items ?? []}
      pagination={(children.data?.items.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      scroll={{ x: 640 }}
      data-testid="children-table"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.noSubUnits')} /> }}
      columns={[
        { title: t('orgs.name'), dataIndex: 'name', render: (name: string, row) => <Link to={`/units/${row.id}${date === todayInVietnam() ? '' : `?date=${date}`}`}>{name}</Link> },
        { title: t('orgs.code'), dataIndex: 'code', width: 140 },
        { title: t('orgs.kind'), dataIndex: 'kind', width: 200, render: (kind: string, row) => <Tag color={LEVEL_COLORS[row.level]}>{vocabulary.kind(kind)}</Tag> },
        { title: t('orgs.subUnits'), dataIndex: 'childCount', width: 110, align: 'right' },
        { title: t('orgs.versionSince'), dataIndex: 'validFrom', width: 120, render: (value: string) => formatDate(value) },
      ]}
    />
  );
}

function History({ unitId }: { unitId: number }) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const changeLabel = useCodeLabel('change');
  const operationLabel = useCodeLabel('op');
  const history = useUnitHistory(unitId);
  const [showVoided, setShowVoided] = useState<'all' | 'effective'>('all');
  if (history.isPending) return <Skeleton active />;
  if (!history.data) return null;
  const versions = [...history.data.versions].reverse().filter((version) => showVoided === 'all' || !version.voided);
  return (
    <div data-testid="unit-history">
      <Segmented
        style={{ marginBottom: 16 }}
        value={showVoided}
        onChange={(value) => setShowVoided(value as 'all' | 'effective')}
        options={[{ value: 'all', label: t('history.showAll') }, { value: 'effective', label: t('history.hideUndone') }]}
      />
      <Timeline
        items={versions.map((version: OrgHistoryVersion) => {
          const struck = version.voided;
          const style = struck ? { textDecoration: 'line-through', color: '#8c8c8c' } : undefined;
          return {
            key: version.id,
            color: struck ? 'gray' : version.validTo ? 'blue' : 'green',
            title: <span style={style}>{formatDate(version.validFrom)}{version.validTo ? ` → ${formatDate(version.validTo)}` : ` → ${t('orgs.now')}`}</span>,
            content: (
              <div data-testid={struck ? 'history-voided' : 'history-version'} style={{ paddingBottom: 4 }}>
                <Space wrap size={4}>
                  <Tag color={struck ? 'default' : 'geekblue'}>{changeLabel(version.change)}</Tag>
                  <Typography.Text strong style={style}>{struck ? <del>{version.name}</del> : version.name}</Typography.Text>
                  <Typography.Text type="secondary" style={style}>{version.code} · {vocabulary.kind(version.kind)}</Typography.Text>
                  {struck && <Tag color="red">{t('history.undone')}</Tag>}
                </Space>
                <div style={{ fontSize: 12, ...style }}>
                  <Typography.Text type="secondary">{t('orgs.parent')}: </Typography.Text>
                  {version.parentId ? <Link to={`/units/${version.parentId}?date=${version.validFrom}`}>{version.parentName ?? `#${version.parentId}`}</Link> : '—'}
                </div>
                <div style={{ fontSize: 12, ...style }}>
                  <Typography.Text type="secondary">{t('history.effective')}: </Typography.Text>{formatDate(version.validFrom)}
                  {version.batchId && (
                    <>
                      {' · '}<Typography.Text type="secondary">{t('batches.batch')}: </Typography.Text>
                      <Link to={`/batches/${version.batchId}`}>#{version.batchId} {operationLabel(version.batchOperation)}</Link>
                      {version.batchStatus === 'undone' && <Typography.Text type="secondary"> ({t('batches.undone')})</Typography.Text>}
                    </>
                  )}
                  {version.decisionNumber && (
                    <>
                      {' · '}<Typography.Text type="secondary">{t('batches.decision')}: </Typography.Text>
                      <Link to={`/decisions?id=${version.decisionId}`}>{version.decisionNumber}</Link>
                      {version.decisionSignedOn && <Typography.Text type="secondary"> ({formatDate(version.decisionSignedOn)})</Typography.Text>}
                    </>
                  )}
                </div>
                {struck && version.voidedByBatchId && (
                  <div style={{ fontSize: 12 }}>
                    <Typography.Text type="secondary">{t('history.voidedBy')} </Typography.Text>
                    <Link to={`/batches/${version.voidedByBatchId}`}>#{version.voidedByBatchId}</Link>
                  </div>
                )}
              </div>
            ),
          };
        })}
      />
    </div>
  );
}

function Lineage({ unitId }: { unitId: number }) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const linkLabel = useCodeLabel('link');
  // A successor is described from its own side ("merged from A"), not with the predecessor's words ("merged into").
  const linkFromLabel = useCodeLabel('linkFrom');
  const lineage = useUnitLineage(unitId);
  if (lineage.isPending) return <Skeleton active />;
  if (!lineage.data) return null;
  const nodes = new Map(lineage.data.nodes.map((node) => [node.id, node]));
  const links = lineage.data.links;
  const linksOf = (nodeId: number, direction: 'pred' | 'succ') =>
    links.filter((link) => (direction === 'pred' ? link.predecessorId === nodeId : link.successorId === nodeId));
  // Both columns read in time order: the earliest change first (the farthest predecessor, the nearest successor).
  const inTimeOrder = (direction: 'pred' | 'succ') => (a: (typeof lineage.data.nodes)[number], b: (typeof lineage.data.nodes)[number]) => {
    const date = (nodeId: number) => linksOf(nodeId, direction).map((link) => link.effectiveDate).sort()[0] ?? '';
    return date(a.id).localeCompare(date(b.id)) || a.distance - b.distance || a.name.localeCompare(b.name, 'vi');
  };
  const predecessors = lineage.data.nodes.filter((node) => node.distance < 0).sort(inTimeOrder('pred'));
  const successors = lineage.data.nodes.filter((node) => node.distance > 0).sort(inTimeOrder('succ'));
  const describe = (nodeId: number, direction: 'pred' | 'succ') => linksOf(nodeId, direction)
    .sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate))
    .map((link) => direction === 'pred'
      ? `${linkLabel(link.kind)} ${nodes.get(link.successorId)?.name ?? ''} (${formatDate(link.effectiveDate)})`
      : `${linkFromLabel(link.kind)} ${nodes.get(link.predecessorId)?.name ?? ''} (${formatDate(link.effectiveDate)})`)
    .join('; ');
  const column = (title: string, list: typeof predecessors, direction: 'pred' | 'succ', testId: string) => (
    <Card size="small" title={title} data-testid={testId}>
      {list.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lineage.none')} /> : (
        <Flex vertical gap={8}>
          {list.map((node) => (
            <div key={node.id}>
              <Space wrap size={4}>
                <Link to={`/units/${node.id}?date=${node.endedOn ? node.establishedOn : todayInVietnam()}`}>{node.name}</Link>
                <Tag color={LEVEL_COLORS[node.level]}>{vocabulary.kind(node.kind)}</Tag>
              </Space>
              <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{describe(node.id, direction)}</Typography.Text></div>
            </div>
          ))}
        </Flex>
      )}
    </Card>
  );
  return (
    <Row gutter={[16, 16]} data-testid="unit-lineage">
      <Col xs={24} md={12}>{column(t('lineage.predecessors'), predecessors, 'pred', 'lineage-predecessors')}</Col>
      <Col xs={24} md={12}>{column(t('lineage.successors'), successors, 'succ', 'lineage-successors')}</Col>
      {lineage.data.kindChanges.length > 0 && (
        <Col xs={24}>
          <Card size="small" title={t('lineage.kindChanges')}>
            {lineage.data.kindChanges.map((change) => (
              <div key={`${change.unitId}-${change.date}`}>
                {formatDate(change.date)}: {nodes.get(change.unitId)?.name ?? `#${change.unitId}`} — {vocabulary.kind(change.fromKind)} → {vocabulary.kind(change.toKind)}
              </div>
            ))}
          </Card>
        </Col>
      )}
    </Row>
  );
}

function UnitBatches({ unitId }: { unitId: number }) {
  const me = useMe().data;
  return <BatchesList unitId={unitId} canUndo={!!me?.abilities.includes('org.restructure')} canReadJournal={!!me?.abilities.includes('journal.read')} initialScope="unit" />;
}

function UnitJournal({ unitId }: { unitId: number }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'object' | 'subtree'>('object');
  return (
    <>
      <Segmented
        style={{ marginBottom: 12 }}
        value={mode}
        onChange={(value) => setMode(value as 'object' | 'subtree')}
        options={[{ value: 'object', label: t('journal.thisUnit') }, { value: 'subtree', label: t('journal.withSubUnits') }]}
      />
      <JournalTable filters={mode === 'object' ? { objectType: 'org_unit', objectId: String(unitId) } : { unitId }} />
    </>
  );
}


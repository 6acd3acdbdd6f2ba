/** What a restructuring batch changes (or changed): the units involved before and after, created, ended, moved. */
import { Alert, Card, Descriptions, Flex, Statistic, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { RestructureResult, UnitSnapshot } from '../../../../src/contracts/orgs.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useCodeLabel } from '../../i18n/dynamic.ts';
import { useVocabulary } from '../../components/labels.ts';
import { formatDate, formatDateTime } from '../../lib/dates.ts';
import { UnitName } from '../orgs/UnitName.tsx';

type Change = RestructureResult['summary']['changes'][number];

function useNames(result: RestructureResult) {
  const names = new Map<number, string>();
  for (const change of result.summary.changes) {
    const snapshot = change.after ?? change.before;
    if (snapshot) names.set(change.unitId, snapshot.name);
  }
  for (const created of result.summary.unitsCreated) names.set(created.unitId, created.name);
  return names;
}

export function SummaryView({ result, testId, confirmLabel }: { result: RestructureResult; testId?: string; confirmLabel?: string }) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const operationLabel = useCodeLabel('op');
  const changeLabel = useCodeLabel('change');
  const endLabel = useCodeLabel('endReason');
  const names = useNames(result);
  const { batch, summary } = result;
  const date = batch.effectiveDate;
  const unitLabel = (id: number | null) => id === null ? '—' : names.has(id) && !result.preview
    ? <Link to={`/units/${id}?date=${date}`}>{names.get(id)}</Link>
    : names.has(id) ? <span>{names.get(id)}</span> : <UnitName id={id} date={date} />;

  const snapshot = (value: UnitSnapshot | null) => value ? (
    <Flex vertical gap={2}>
      <Typography.Text>{value.name}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {value.code} · {vocabulary.kind(value.kind)}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('orgs.parent')}: {value.parentId ? unitLabel(value.parentId) : '—'}</Typography.Text>
    </Flex>
  ) : <Typography.Text type="secondary">{t('summary.none')}</Typography.Text>;

  return (
    <Flex vertical gap={12} data-testid={testId ?? 'batch-summary'}>
      {result.preview && <Alert type="info" showIcon title={t('summary.previewNotice', { action: confirmLabel ?? t('wizard.apply') })} data-testid="preview-notice" />}
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'op', label: t('batches.operation'), children: <Tag color="geekblue" data-testid="summary-operation">{operationLabel(batch.operation)}</Tag> },
            { key: 'date', label: t('batches.effectiveDate'), children: formatDate(batch.effectiveDate) },
            { key: 'decision', label: t('batches.decision'), children: batch.decisionNumber ?? '—' },
            ...(result.preview ? [] : [
              { key: 'id', label: t('batches.batch'), children: <Link to={`/batches/${batch.id}`}>#{batch.id}</Link> },
              { key: 'status', label: t('batches.status'), children: <Tag color={batch.status === 'applied' ? 'green' : 'default'}>{t(batch.status === 'applied' ? 'batches.applied' : 'batches.undone')}</Tag> },
              { key: 'at', label: t('batches.appliedAt'), children: formatDateTime(batch.appliedAt) },
            ]),
            ...(batch.reason ? [{ key: 'reason', label: t('batches.reason'), children: batch.reason }] : []),
          ]}
        />
        <Flex wrap gap={24} style={{ marginTop: 8 }}>
          <Statistic title={t('summary.unitsCreated')} value={summary.unitsCreated.length} />
          <Statistic title={t('summary.unitsEnded')} value={summary.unitsEnded.length} />
          <Statistic title={t('summary.moved')} value={summary.moved.length} />
          <Statistic title={t('summary.descendantsRewritten')} value={summary.descendantsRewritten} />
          {(summary.unitsRevived.length > 0 || summary.unitsVoided.length > 0) && <Statistic title={t('summary.unitsRevived')} value={summary.unitsRevived.length} />}
          {summary.unitsVoided.length > 0 && <Statistic title={t('summary.unitsVoided')} value={summary.unitsVoided.length} />}
        </Flex>
      </Card>
      <Card size="small" title={t('summary.changesTitle')}>
        <Table<Change>
          size="small"
          rowKey={(change) => `${change.unitId}-${change.change}`}
          dataSource={summary.changes}
          pagination={summary.changes.length > 20 ? { pageSize: 20 } : false}
          scroll={{ x: 640 }}
          data-testid="summary-changes"
          columns={[
            { title: t('summary.unit'), key: 'unit', width: 200, render: (_, change) => unitLabel(change.unitId) },
            { title: t('summary.change'), dataIndex: 'change', width: 140, render: (value: string) => <Tag>{changeLabel(value)}</Tag> },
            { title: t('summary.before'), key: 'before', render: (_, change) => snapshot(change.before) },
            { title: t('summary.after'), key: 'after', render: (_, change) => snapshot(change.after) },
          ]}
        />
      </Card>
      {summary.unitsEnded.length > 0 && (
        <Card size="small" title={t('summary.unitsEnded')}>
          <Flex vertical gap={4}>
            {summary.unitsEnded.map((ended) => (
              <div key={ended.unitId}>
                {unitLabel(ended.unitId)} <Tag>{endLabel(ended.reason)}</Tag>
                {ended.successorIds.length > 0 && <>→ {ended.successorIds.map((id, index) => <span key={id}>{index > 0 ? ', ' : ''}{unitLabel(id)}</span>)}</>}
              </div>
            ))}
          </Flex>
        </Card>
      )}
      {(summary.membersMoved ?? []).map((item) => (
        <Card key={`${item.fromUnitId}-${item.toUnitId}`} size="small" title={t('summary.membersMoved')} data-testid="summary-members-moved">
          <Typography.Paragraph data-testid="summary-members-destination">
            {t('summary.membersMovedTo', { count: item.count, from: names.get(item.fromUnitId) ?? `#${item.fromUnitId}`, to: `${item.toName} (${item.toCode})` })}
          </Typography.Paragraph>
          <Flex vertical gap={2} data-testid="summary-members-list">
            {item.members.map((member) => <div key={member.id}>{member.fullName}</div>)}
            {item.count > item.members.length && <Typography.Text type="secondary">{t('summary.membersMore', { count: item.count - item.members.length })}</Typography.Text>}
          </Flex>
        </Card>
      ))}
      {summary.moved.length > 0 && (
        <Card size="small" title={t('summary.moved')}>
          <Flex vertical gap={4}>
            {summary.moved.map((move) => (
              <div key={move.unitId}>
                {unitLabel(move.unitId)}: {unitLabel(move.fromParentId)} → {unitLabel(move.toParentId)}
                {move.descendants > 0 && <Typography.Text type="secondary"> ({t('summary.withDescendants', { count: move.descendants })})</Typography.Text>}
              </div>
            ))}
          </Flex>
        </Card>
      )}
    </Flex>
  );
}

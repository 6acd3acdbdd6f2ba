/** Restructuring batches in a table; undone ones struck through, each applied one with its undo button. */
import { Button, Space, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import type { Batch } from '../../../../src/contracts/orgs.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useCodeLabel } from '../../i18n/dynamic.ts';
import { formatDate, formatDateTime } from '../../lib/dates.ts';

export function BatchesTable({ batches, loading, onUndo, canUndo }: { batches: Batch[]; loading: boolean; onUndo: (batch: Batch) => void; canUndo: boolean }) {
  const { t } = useI18n();
  const operationLabel = useCodeLabel('op');
  return (
    <Table<Batch>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={batches}
      pagination={false}
      scroll={{ x: 820 }}
      data-testid="batches-table"
      rowClassName={(batch) => (batch.status === 'undone' ? 'batch-undone' : '')}
      columns={[
        { title: '#', dataIndex: 'id', width: 70, render: (id: number) => <Link to={`/batches/${id}`}>#{id}</Link> },
        {
          title: t('batches.operation'), dataIndex: 'operation', width: 150,
          render: (operation: string, batch) => <span style={batch.status === 'undone' ? { textDecoration: 'line-through' } : undefined}>{operationLabel(operation)}</span>,
        },
        { title: t('batches.effectiveDate'), dataIndex: 'effectiveDate', width: 120, render: (value: string) => formatDate(value) },
        { title: t('batches.decision'), dataIndex: 'decisionNumber', width: 150, render: (value: string | null, batch) => value ? <Link to={`/decisions?id=${batch.decisionId}`}>{value}</Link> : '—' },
        {
          title: t('batches.status'), dataIndex: 'status', width: 160,
          render: (status: string, batch) => (
            <Space size={4} wrap>
              <Tag color={status === 'applied' ? 'green' : 'default'}>{t(status === 'applied' ? 'batches.applied' : 'batches.undone')}</Tag>
              {batch.undoesBatchId && <Link to={`/batches/${batch.undoesBatchId}`}>{t('batches.undoes', { id: batch.undoesBatchId })}</Link>}
              {batch.undoneByBatchId && <Link to={`/batches/${batch.undoneByBatchId}`}>{t('batches.undoneBy', { id: batch.undoneByBatchId })}</Link>}
            </Space>
          ),
        },
        { title: t('batches.appliedAt'), dataIndex: 'appliedAt', width: 140, render: (value: string) => formatDateTime(value) },
        {
          title: '', key: 'actions', width: 130, fixed: 'right',
          // Offered only where the server says an undo would work (rows read from the journal do not say: offered,
          // and the modal shows a refusal with the batch that blocks it).
          render: (_, batch) => {
            if (!canUndo || batch.status !== 'applied' || batch.operation === 'undo') return null;
            if (batch.undoable === false) {
              return batch.undoBlockedByBatchId
                ? <Link to={`/batches/${batch.undoBlockedByBatchId}`} title={t('undo.blockedBy')} data-testid={`undo-blocked-${batch.id}`}>{t('batches.undoBlocked', { id: batch.undoBlockedByBatchId })}</Link>
                : null;
            }
            return <Button size="small" danger onClick={() => onUndo(batch)} data-testid={`undo-batch-${batch.id}`}>{t('batches.undo')}</Button>;
          },
        },
      ]}
    />
  );
}

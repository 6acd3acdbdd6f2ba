/** One restructuring batch: what it changed, its legal basis, and its undo (or the batch that undid it). */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Collapse, Result, Skeleton } from 'antd';
import { ApiError } from '../../lib/api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useCodeLabel } from '../../i18n/dynamic.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useMe } from '../auth/api.ts';
import { useBatch } from '../orgs/api.ts';
import { JournalTable } from '../journal/JournalTable.tsx';
import { SummaryView } from './SummaryView.tsx';
import { UndoBatchModal } from './UndoBatchModal.tsx';

export function BatchPage() {
  const { t } = useI18n();
  const operationLabel = useCodeLabel('op');
  const batchId = Number(useParams().id);
  const batch = useBatch(Number.isInteger(batchId) && batchId > 0 ? batchId : undefined);
  const me = useMe().data;
  const [undoing, setUndoing] = useState(false);
  if (batch.isError) {
    const notFound = batch.error instanceof ApiError && batch.error.status === 404;
    return notFound
      ? <Result status="404" title={t('error.notFoundTitle')} subTitle={t('error.notFound')} data-testid="not-found" />
      : <Alert type="error" showIcon title={(batch.error as Error).message} />;
  }
  if (!batch.data) return <Skeleton active />;
  const detail = batch.data;
  const mayRestructure = !!me?.abilities.includes('org.restructure');
  // Offered only when the server says the undo would be accepted; otherwise the later batch that blocks it is named.
  const canUndo = mayRestructure && detail.status === 'applied' && detail.operation !== 'undo' && detail.undoable !== false;
  const blockedBy = mayRestructure && detail.undoable === false ? detail.undoBlockedByBatchId ?? null : null;
  return (
    <div data-testid="batch-page">
      <PageHeader
        title={t('batches.batchTitle', { id: detail.id, operation: operationLabel(detail.operation) })}
        extra={(
          <>
            {detail.undoesBatchId && <Link to={`/batches/${detail.undoesBatchId}`}><Button>{t('batches.undoes', { id: detail.undoesBatchId })}</Button></Link>}
            {detail.undoneByBatchId && <Link to={`/batches/${detail.undoneByBatchId}`}><Button>{t('batches.undoneBy', { id: detail.undoneByBatchId })}</Button></Link>}
            {canUndo && <Button danger onClick={() => setUndoing(true)} data-testid="batch-undo">{t('batches.undo')}</Button>}
            {blockedBy && <Link to={`/batches/${blockedBy}`} title={t('undo.blockedBy')} data-testid="batch-undo-blocked"><Button>{t('batches.undoBlocked', { id: blockedBy })}</Button></Link>}
          </>
        )}
      />
      {detail.summary ? <SummaryView result={{ preview: false, batch: detail, summary: detail.summary }} /> : <Alert type="info" title={t('batches.noSummary')} />}
      <Collapse
        style={{ marginTop: 12 }}
        size="small"
        items={[
          { key: 'payload', label: t('batches.payload'), children: <pre style={{ fontSize: 12, whiteSpace: 'pre-wrap', margin: 0 }}>{JSON.stringify(detail.payload, null, 2)}</pre> },
          ...(me?.abilities.includes('journal.read') ? [{ key: 'journal', label: t('menu.journal'), children: <JournalTable filters={{ objectType: 'restructure_batch', objectId: String(detail.id) }} pageSize={20} /> }] : []),
        ]}
      />
      {undoing && <UndoBatchModal batch={detail} open onClose={() => setUndoing(false)} />}
    </div>
  );
}

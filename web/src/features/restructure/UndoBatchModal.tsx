/**
 * Undo a batch: give the reason (and the revoking decision, if any), see what the undo would do, then confirm.
 * Mounted while in use, so every opening starts empty.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Flex, Form, Input, Modal } from 'antd';
import type { Decision } from '../../../../src/contracts/decisions.ts';
import type { Batch, RestructureResult } from '../../../../src/contracts/orgs.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useCodeLabel } from '../../i18n/dynamic.ts';
import { formatDate } from '../../lib/dates.ts';
import { ApiError } from '../../lib/api.ts';
import { DecisionPicker } from '../decisions/DecisionPicker.tsx';
import { usePreviewUndo, useUndoBatch } from '../orgs/api.ts';
import { SummaryView } from './SummaryView.tsx';

export function UndoBatchModal({ batch, open, onClose, onDone }: {
  batch: Pick<Batch, 'id' | 'operation' | 'effectiveDate' | 'decisionNumber'>;
  open: boolean;
  onClose: () => void;
  onDone?: (result: RestructureResult) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const operationLabel = useCodeLabel('op');
  const [reason, setReason] = useState('');
  const [decision, setDecision] = useState<Decision | null>(null);
  const preview = usePreviewUndo();
  const undo = useUndoBatch();

  const body = () => ({ batchId: batch.id, reason: reason.trim(), ...(decision ? { decisionId: decision.id } : {}) });
  const canSubmit = reason.trim().length > 0;

  return (
    <Modal
      open={open}
      onCancel={onClose}
      width={880}
      title={t('undo.title', { id: batch.id, operation: operationLabel(batch.operation), date: formatDate(batch.effectiveDate) })}
      destroyOnHidden
      data-testid="undo-modal"
      footer={(
        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button disabled={!canSubmit} loading={preview.isPending} onClick={() => preview.mutate(body())} data-testid="undo-preview">{t('undo.preview')}</Button>
          <Button
            type="primary"
            danger
            disabled={!canSubmit || !preview.data}
            loading={undo.isPending}
            data-testid="undo-confirm"
            onClick={() => undo.mutate(body(), {
              onSuccess: (result) => {
                message.success(t('undo.done', { id: batch.id }));
                onDone?.(result);
                onClose();
              },
            })}
          >
            {t('undo.confirm')}
          </Button>
        </Flex>
      )}
    >
      <Form layout="vertical">
        <Form.Item label={t('undo.reason')} required>
          <Input.TextArea rows={2} value={reason} onChange={(event) => { setReason(event.target.value); preview.reset(); undo.reset(); }} data-testid="undo-reason" />
        </Form.Item>
        <Form.Item label={t('undo.decision')} extra={t('undo.decisionHelp')}>
          <DecisionPicker value={decision} onChange={(value) => { setDecision(value); preview.reset(); undo.reset(); }} />
        </Form.Item>
      </Form>
      {(preview.error ?? undo.error) && <UndoRefusal error={(preview.error ?? undo.error)!} onFollow={onClose} />}
      {preview.data && <SummaryView result={preview.data} testId="undo-summary" confirmLabel={t('undo.confirm')} />}
    </Modal>
  );
}

/** The server's refusal in the user's language, naming (and linking) the later batch that blocks the undo. */
function UndoRefusal({ error, onFollow }: { error: Error; onFollow: () => void }) {
  const { t } = useI18n();
  const details = error instanceof ApiError ? (error.details ?? {}) as { laterBatchId?: number; undoneByBatchId?: number } : {};
  const blocking = details.laterBatchId ?? details.undoneByBatchId;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="undo-error"
      title={error.message}
      description={blocking ? (
        <span>
          {t(details.laterBatchId ? 'undo.blockedBy' : 'undo.undoneBy')}{' '}
          <Link to={`/batches/${blocking}`} onClick={onFollow} data-testid="undo-blocking-batch">{t('undo.batchLink', { id: blocking })}</Link>
        </span>
      ) : undefined}
    />
  );
}

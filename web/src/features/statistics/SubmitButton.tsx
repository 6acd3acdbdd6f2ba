/**
 * "Submit to the level above": the form, unit and date or period shown, with a note. The server keeps the figures as
 * submitted and locks that form and period until the level above returns it; the page shows where the form stands
 * (sent and locked, or returned with the reason) and offers the button only while it may be sent; a refusal (locked
 * meanwhile by another officer) is shown in the server's words.
 */
import { useState } from 'react';
import { Alert, Button, Input, Modal, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import type { StatisticsSubmission } from '../../../../src/contracts/statistics.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDate, formatDay } from '../../lib/dates.ts';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { useSubmitForm, type FormAsk } from './api.ts';

export function SubmitButton({ formKey, formTitle, unitName, ask, disabled, locked }: {
  formKey: string; formTitle: string; unitName: string; ask: FormAsk; disabled?: boolean;
  /** Sent and standing: nothing to send until the level above returns it. */
  locked?: boolean;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="primary" icon={<SendOutlined />} disabled={disabled || locked} title={locked ? t('statistics.lockedHint') : undefined} onClick={() => setOpen(true)}
        data-testid="statistics-submit" data-locked={locked ? 'true' : undefined}>
        {t('statistics.submit')}
      </Button>
      {/* Mounted per opening: each starts from an empty note and no earlier answer. */}
      {open && <SubmitModal formKey={formKey} formTitle={formTitle} unitName={unitName} ask={ask} onClose={() => setOpen(false)} />}
    </>
  );
}

function SubmitModal({ formKey, formTitle, unitName, ask, onClose }: { formKey: string; formTitle: string; unitName: string; ask: FormAsk; onClose: () => void }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const submit = useSubmitForm();
  const when = ask.from !== undefined
    ? t('statistics.period', { from: formatDate(ask.from), to: formatDate(ask.to!) })
    : t('statistics.asOf', { date: formatDate(ask.date!) });
  const send = () => submit.mutate({ formKey, unitId: ask.unitId, ...(ask.from !== undefined ? { from: ask.from, to: ask.to } : { date: ask.date }), note: note.trim() || undefined });

  return (
    <Modal
      open
      title={t('statistics.submitTitle')}
      onCancel={onClose}
      footer={submit.isSuccess
        ? <Button onClick={onClose} data-testid="statistics-submit-close">{t('statistics.close')}</Button>
        : (
          <>
            <Button onClick={onClose}>{t('statistics.cancel')}</Button>
            <Button type="primary" loading={submit.isPending} onClick={send} data-testid="statistics-submit-confirm">{t('statistics.submitConfirm')}</Button>
          </>
        )}
    >
      <div data-testid="statistics-submit-modal">
        <Typography.Paragraph>
          <Typography.Text strong>{formTitle}</Typography.Text>
          <br />
          {unitName}
          <br />
          <Typography.Text type="secondary">{when}</Typography.Text>
        </Typography.Paragraph>
        {submit.isSuccess
          ? <Alert type="success" showIcon title={t('statistics.submitted')} data-testid="statistics-submit-done" />
          : (
            <>
              <ErrorAlert error={submit.error} testId="statistics-submit-error" />
              <Typography.Text type="secondary">{t('statistics.submitHint')}</Typography.Text>
              <Input.TextArea rows={3} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} placeholder={t('statistics.note')} style={{ marginTop: 8 }} data-testid="statistics-submit-note" />
            </>
          )}
      </div>
    </Modal>
  );
}

/** Where the form shown stands: sent to the level above and locked, or returned with the reason (it may be sent again). */
export function SubmissionState({ submission }: { submission: StatisticsSubmission }) {
  const { t } = useI18n();
  if (submission.status === 'submitted') {
    return (
      <Alert
        type="info"
        showIcon
        title={t('statistics.lockedOn', { date: formatDay(submission.submittedAt) })}
        description={`${submission.submittedByName ? `${t('statistics.lockedBy', { name: submission.submittedByName })} ` : ''}${t('statistics.lockedHint')}`}
        style={{ marginBottom: 12 }}
        data-testid="statistics-form-submission"
        data-status={submission.status}
      />
    );
  }
  return (
    <Alert
      type="warning"
      showIcon
      title={t('statistics.returnedOn', { date: formatDay(submission.returnedAt), reason: submission.returnReason ?? '' })}
      description={t('statistics.returnedHint')}
      style={{ marginBottom: 12 }}
      data-testid="statistics-form-submission"
      data-status={submission.status}
    />
  );
}

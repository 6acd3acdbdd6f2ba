/**
 * The steps of a transfer as forms: issue (sending side: destination anywhere in the country, decision, dates),
 * accept into a cell, record the presentation to the cell (receiving side), and return / cancel / end with a reason.
 * Each shows the server's refusal in words and changes nothing then.
 */
import { Col, Form, Input, Modal, Radio, Row, Select, Tag, Typography } from 'antd';
import {
  TRANSFER_PURPOSES, type MemberRecord, type Transfer, type TransferKind, type TransferPurpose, type TransferStatus,
} from '../../../../src/contracts/members.ts';
import type { Decision } from '../../../../src/contracts/decisions.ts';
import type { TransferDestination } from '../../../../src/contracts/transfer-destinations.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { DateField } from '../../components/DateField.tsx';
import { formatDate, todayInVietnam } from '../../lib/dates.ts';
import { DecisionPicker } from '../decisions/DecisionPicker.tsx';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { useAcceptTransfer, useCloseTransfer, useIssueTransfer, usePresentTransfer } from './api.ts';
import { DestinationPicker } from './DestinationPicker.tsx';

const noFuture = (day: { format: (pattern: string) => string }) => day.format('YYYY-MM-DD') > todayInVietnam();

export const TRANSFER_STATUS_COLORS: Record<TransferStatus, string> = {
  issued: 'processing',
  accepted: 'green',
  returned: 'orange',
  cancelled: 'default',
  ended: 'default',
};

export function useTransferLabels() {
  const { t } = useI18n();
  return {
    kind: (kind: TransferKind) => t(`transfer.kind.${kind}` as MessageKey),
    purpose: (purpose: TransferPurpose | null) => (purpose ? t(`transfer.purpose.${purpose}` as MessageKey) : ''),
    status: (status: TransferStatus) => t(`transfer.status.${status}` as MessageKey),
  };
}

export function TransferStatusTag({ transfer }: { transfer: Transfer }) {
  const { t } = useI18n();
  const labels = useTransferLabels();
  return (
    <>
      <Tag color={TRANSFER_STATUS_COLORS[transfer.status]}>{labels.status(transfer.status)}</Tag>
      {transfer.isLate && <Tag color="red" data-testid="transfer-late">{t('transfer.late')}</Tag>}
    </>
  );
}

interface IssueValues {
  kind: TransferKind;
  purpose: TransferPurpose;
  destination: TransferDestination | null;
  decision: Decision | null;
  issuedOn: string | null;
  temporaryUntil?: string | null;
  note?: string;
}

export function IssueTransferModal({ member, onClose, onIssued }: { member: MemberRecord; onClose: () => void; onIssued?: (transfer: Transfer) => void }) {
  const { t } = useI18n();
  const labels = useTransferLabels();
  const [form] = Form.useForm<IssueValues>();
  const issue = useIssueTransfer();
  const kind = Form.useWatch('kind', form) ?? 'official';
  const required = [{ required: true, message: t('validation.required') }];
  const submit = async () => {
    const values = await form.validateFields();
    const transfer = await issue.mutateAsync({
      memberId: member.id,
      kind: values.kind,
      purpose: values.purpose,
      toUnitId: values.destination!.id,
      decisionId: values.decision!.id,
      issuedOn: values.issuedOn!,
      temporaryUntil: values.kind === 'temporary' ? values.temporaryUntil ?? null : null,
      note: values.note?.trim() || null,
      expectedRowVersion: member.rowVersion,
    });
    onIssued?.(transfer);
    onClose();
  };
  return (
    <Modal
      open
      width={640}
      title={t('transfer.issueTitle', { name: member.fullName })}
      okText={t('transfer.issue')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={issue.isPending}
      onCancel={onClose}
      destroyOnHidden
      data-testid="transfer-modal"
      okButtonProps={{ 'data-testid': 'transfer-submit' }}
    >
      <Typography.Paragraph type="secondary">{t('transfer.issueHelp', { unit: member.unitName })}</Typography.Paragraph>
      <ErrorAlert error={issue.error} />
      <Form<IssueValues> form={form} layout="vertical" initialValues={{ kind: 'official', purpose: 'work', issuedOn: todayInVietnam(), destination: null, decision: null }}>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="kind" label={t('transfer.kindLabel')} rules={required}>
              <Radio.Group optionType="button" options={(['official', 'temporary'] as const).map((value) => ({ value, label: labels.kind(value) }))} data-testid="transfer-kind" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="purpose" label={t('transfer.purposeLabel')} rules={required}>
              <Select options={TRANSFER_PURPOSES.map((value) => ({ value, label: labels.purpose(value) }))} data-testid="transfer-purpose" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="destination" label={t('transfer.destination')} rules={required} extra={t('transfer.destinationHelp')}>
          <DestinationPicker placeholder={t('transfer.destinationPlaceholder')} data-testid="transfer-destination" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="issuedOn" label={t('transfer.issuedOn')} rules={required}>
              <DateField style={{ width: '100%' }} disabledDate={noFuture} data-testid="transfer-issued-on" />
            </Form.Item>
          </Col>
          {kind === 'temporary' && (
            <Col xs={24} sm={12}>
              <Form.Item name="temporaryUntil" label={t('transfer.temporaryUntil')} rules={required}>
                <DateField style={{ width: '100%' }} data-testid="transfer-temporary-until" />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Form.Item name="decision" label={t('command.decision')} rules={required}>
          <DecisionPicker />
        </Form.Item>
        <Form.Item name="note" label={t('transfer.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface AcceptValues {
  cell: PickedUnit | null;
  decision: Decision | null;
  receivedOn: string | null;
  presentedOn?: string | null;
  note?: string;
}

export function AcceptTransferModal({ transfer, onClose }: { transfer: Transfer; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<AcceptValues>();
  const accept = useAcceptTransfer();
  const required = [{ required: true, message: t('validation.required') }];
  const submit = async () => {
    const values = await form.validateFields();
    await accept.mutateAsync({
      id: transfer.id,
      cellId: values.cell?.id ?? null,
      decisionId: values.decision?.id ?? null,
      receivedOn: values.receivedOn!,
      presentedOn: values.presentedOn ?? null,
      note: values.note?.trim() || null,
      expectedRowVersion: transfer.rowVersion,
    });
    onClose();
  };
  return (
    <Modal
      open
      width={600}
      title={t('transfer.acceptTitle', { name: transfer.memberName })}
      okText={t('transfer.accept')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={accept.isPending}
      onCancel={onClose}
      destroyOnHidden
      data-testid="accept-modal"
      okButtonProps={{ 'data-testid': 'accept-submit' }}
    >
      <Typography.Paragraph type="secondary">
        {t('transfer.acceptHelp', { from: transfer.fromUnitName, to: transfer.toUnitName, due: formatDate(transfer.dueBy) })}
      </Typography.Paragraph>
      <ErrorAlert error={accept.error} />
      <Form<AcceptValues> form={form} layout="vertical" initialValues={{ receivedOn: todayInVietnam(), cell: null, decision: null }}>
        <Form.Item name="cell" label={t('transfer.cell')} extra={t('transfer.cellHelp')}>
          <UnitPicker date={todayInVietnam()} placeholder={t('transfer.cellPlaceholder')} data-testid="accept-cell" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="receivedOn" label={t('transfer.receivedOn')} rules={required}>
              <DateField style={{ width: '100%' }} disabledDate={noFuture} data-testid="accept-received-on" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="presentedOn" label={t('transfer.presentedOn')}>
              <DateField style={{ width: '100%' }} disabledDate={noFuture} data-testid="accept-presented-on" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="decision" label={t('command.decisionOptional')}>
          <DecisionPicker />
        </Form.Item>
        <Form.Item name="note" label={t('transfer.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function PresentTransferModal({ transfer, onClose }: { transfer: Transfer; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ presentedOn: string | null }>();
  const present = usePresentTransfer();
  const submit = async () => {
    const values = await form.validateFields();
    await present.mutateAsync({ id: transfer.id, presentedOn: values.presentedOn!, expectedRowVersion: transfer.rowVersion });
    onClose();
  };
  return (
    <Modal
      open
      title={t('transfer.presentTitle', { name: transfer.memberName })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={present.isPending}
      onCancel={onClose}
      destroyOnHidden
      data-testid="present-modal"
    >
      {transfer.presentBy && <Typography.Paragraph type="secondary">{t('transfer.presentBy', { date: formatDate(transfer.presentBy) })}</Typography.Paragraph>}
      <ErrorAlert error={present.error} />
      <Form form={form} layout="vertical" initialValues={{ presentedOn: todayInVietnam() }}>
        <Form.Item name="presentedOn" label={t('transfer.presentedOn')} rules={[{ required: true, message: t('validation.required') }]}>
          <DateField style={{ width: '100%' }} disabledDate={noFuture} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const CLOSE_TITLES: Record<'return' | 'cancel' | 'end', MessageKey> = {
  return: 'transfer.returnTitle',
  cancel: 'transfer.cancelTitle',
  end: 'transfer.endTitle',
};

export function CloseTransferModal({ transfer, action, onClose }: { transfer: Transfer; action: 'return' | 'cancel' | 'end'; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ closedOn: string | null; reason: string }>();
  const close = useCloseTransfer();
  const submit = async () => {
    const values = await form.validateFields();
    await close.mutateAsync({ id: transfer.id, action, closedOn: values.closedOn!, reason: values.reason.trim(), expectedRowVersion: transfer.rowVersion });
    onClose();
  };
  return (
    <Modal
      open
      title={t(CLOSE_TITLES[action], { name: transfer.memberName })}
      okText={t('command.submit')}
      okButtonProps={{ danger: action !== 'end', 'data-testid': 'close-submit' }}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={close.isPending}
      onCancel={onClose}
      destroyOnHidden
      data-testid="close-transfer-modal"
    >
      <ErrorAlert error={close.error} />
      <Form form={form} layout="vertical" initialValues={{ closedOn: todayInVietnam() }}>
        <Form.Item name="closedOn" label={t('transfer.closedOn')} rules={[{ required: true, message: t('validation.required') }]}>
          <DateField style={{ width: '100%' }} disabledDate={noFuture} />
        </Form.Item>
        <Form.Item name="reason" label={t('command.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="close-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

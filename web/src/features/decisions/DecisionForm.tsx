/** The fields of a new decision; used on the decisions page and inline in the restructuring wizard. */
import { Form, Input, Modal } from 'antd';
import type { Decision } from '../../../../src/contracts/decisions.ts';
import { useI18n } from '../../i18n/index.tsx';
import { DateField } from '../../components/DateField.tsx';
import { todayInVietnam } from '../../lib/dates.ts';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { useCreateDecision } from './api.ts';

interface DecisionFormValues {
  number: string;
  signedOn: string | null;
  issuingBody: string;
  issuingUnit: PickedUnit | null;
  signer?: string;
  subject?: string;
}

export function CreateDecisionModal({ open, onClose, onCreated, defaultIssuingUnit, defaultSubject }: {
  open: boolean;
  onClose: () => void;
  onCreated: (decision: Decision) => void;
  defaultIssuingUnit?: PickedUnit | null;
  defaultSubject?: string;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<DecisionFormValues>();
  const create = useCreateDecision();
  const submit = async () => {
    const values = await form.validateFields();
    const decision = await create.mutateAsync({
      number: values.number.trim(),
      signedOn: values.signedOn!,
      issuingBody: values.issuingBody.trim(),
      issuingUnitId: values.issuingUnit!.id,
      signer: values.signer?.trim() || undefined,
      subject: values.subject?.trim() || undefined,
    });
    form.resetFields();
    onCreated(decision);
  };
  return (
    <Modal
      open={open}
      title={t('decisions.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={create.isPending}
      onCancel={onClose}
      destroyOnHidden
      forceRender
      data-testid="decision-modal"
    >
      <Form<DecisionFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ signedOn: todayInVietnam(), issuingUnit: defaultIssuingUnit ?? null, subject: defaultSubject }}
        data-testid="decision-form"
      >
        <Form.Item name="number" label={t('decisions.number')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input placeholder="125-QĐ/TU" data-testid="decision-number" />
        </Form.Item>
        <Form.Item name="signedOn" label={t('decisions.signedOn')} rules={[{ required: true, message: t('validation.required') }]}>
          <DateField style={{ width: '100%' }} data-testid="decision-signed-on" />
        </Form.Item>
        <Form.Item name="issuingUnit" label={t('decisions.issuingUnit')} rules={[{ required: true, message: t('validation.required') }]}>
          <UnitPicker date={todayInVietnam()} data-testid="decision-issuing-unit" />
        </Form.Item>
        <Form.Item name="issuingBody" label={t('decisions.issuingBody')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input placeholder={t('decisions.issuingBodyExample')} data-testid="decision-issuing-body" />
        </Form.Item>
        <Form.Item name="signer" label={t('decisions.signer')}>
          <Input />
        </Form.Item>
        <Form.Item name="subject" label={t('decisions.subject')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

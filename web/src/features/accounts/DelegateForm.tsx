/**
 * Delegate one of the caller's own grants as an acting grant: the same or a lesser role, on the same unit or one
 * under it, to another account, until an end date (an acting grant always ends).
 */
import { Col, Form, Input, Modal, Row, Select } from 'antd';
import type { Role } from '../../../../src/contracts/permissions.ts';
import { useI18n } from '../../i18n/index.tsx';
import { DateField } from '../../components/DateField.tsx';
import { useVocabulary } from '../../components/labels.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { delegationRulesOn, isRoleDelegable } from '../../../../src/rules/delegation.ts';
import { useMe } from '../auth/api.ts';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { AccountPicker, type PickedAccount } from './AccountPicker.tsx';
import { useDelegateGrant } from './api.ts';
import { useRoleOptions } from './role-options.ts';
import { useClearable } from '../../components/clearable.ts';

interface Values {
  sourceGrantId: number;
  account: PickedAccount | null;
  role?: Role;
  unit?: PickedUnit | null;
  validFrom: string | null;
  validTo: string | null;
  note?: string;
}

export function DelegateModal({ open, onClose, account }: { open: boolean; onClose: () => void; account?: PickedAccount | null }) {
  const { t } = useI18n();
  const clearable = useClearable();
  const vocabulary = useVocabulary();
  const me = useMe().data;
  const roles = useRoleOptions();
  const delegate = useDelegateGrant();
  const [form] = Form.useForm<Values>();
  // Only the caller's own grants that carry a duty can be handed over (the server checks the same rule).
  const delegationRules = delegationRulesOn(todayInVietnam());
  const ownGrants = (me?.grants ?? []).filter((grant) => !grant.isDelegation && isRoleDelegable(grant.role, delegationRules));
  const submit = async () => {
    const values = await form.validateFields();
    await delegate.mutateAsync({
      sourceGrantId: values.sourceGrantId,
      accountId: values.account!.id,
      ...(values.role ? { role: values.role } : {}),
      ...(values.unit ? { unitId: values.unit.id } : {}),
      ...(values.validFrom ? { validFrom: values.validFrom } : {}),
      validTo: values.validTo!,
      ...(values.note?.trim() ? { note: values.note.trim() } : {}),
    });
    form.resetFields();
    onClose();
  };
  return (
    <Modal
      open={open}
      title={t('accounts.delegateTitle')}
      okText={t('accounts.delegate')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={delegate.isPending}
      onCancel={onClose}
      width={640}
      destroyOnHidden
      data-testid="delegate-modal"
    >
      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={{ account: account ?? null, validFrom: todayInVietnam(), sourceGrantId: ownGrants[0]?.id }}>
        <Form.Item name="sourceGrantId" label={t('accounts.delegateFrom')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={ownGrants.map((grant) => ({ value: grant.id, label: `${vocabulary.role(grant.role)} · ${grant.unitName}` }))} />
        </Form.Item>
        <Form.Item name="account" label={t('accounts.delegateTo')} rules={[{ required: true, message: t('validation.required') }]}>
          <AccountPicker />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="role" label={t('accounts.role')} extra={t('accounts.delegateRoleHelp')}>
              <Select options={roles} allowClear={clearable} data-testid="delegate-role" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="unit" label={t('accounts.grantUnit')} extra={t('accounts.delegateUnitHelp')}>
              <UnitPicker date={todayInVietnam()} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="validFrom" label={t('accounts.validFrom')}>
              <DateField style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="validTo"
              label={t('accounts.validToRequired')}
              dependencies={['validFrom']}
              rules={[
                { required: true, message: t('accounts.delegationNeedsEnd') },
                ({ getFieldValue }) => ({
                  validator: (_, value) => (!value || !getFieldValue('validFrom') || value > getFieldValue('validFrom') ? Promise.resolve() : Promise.reject(new Error(t('validation.endAfterStart')))),
                }),
              ]}
            >
              <DateField style={{ width: '100%' }} data-testid="delegate-valid-to" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('accounts.note')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * Create an account with its first grant; the one-time password is shown once afterwards. Opened from a member's
 * page with `member`, it makes that member's own account: the self-service role on the member's cell, linked to the
 * record (the member then sees their record, timeline, badges and transfers, and nothing else).
 */
import { Alert, Col, Form, Input, Modal, Row, Select } from 'antd';
import type { Role } from '../../../../src/contracts/permissions.ts';
import { useI18n } from '../../i18n/index.tsx';
import { DateField } from '../../components/DateField.tsx';
import { todayInVietnam } from '../../lib/dates.ts';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { useCreateAccount, type CreatedAccount } from './api.ts';
import { useRoleOptions } from './role-options.ts';

interface Values {
  username: string;
  displayName: string;
  locale: 'vi' | 'en';
  role: Role;
  unit: PickedUnit | null;
  validFrom: string | null;
  validTo: string | null;
  note?: string;
}

/** The member record an account is made for, from the member's page. */
export interface AccountForMember {
  id: number;
  fullName: string;
  unit: PickedUnit;
}

export function CreateAccountModal({ open, onClose, onCreated, member }: { open: boolean; onClose: () => void; onCreated: (result: CreatedAccount) => void; member?: AccountForMember }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const create = useCreateAccount();
  const roles = useRoleOptions();
  const submit = async () => {
    const values = await form.validateFields();
    const result = await create.mutateAsync({
      username: values.username.trim(),
      displayName: values.displayName.trim(),
      locale: values.locale,
      ...(member ? { memberId: member.id } : {}),
      grant: {
        role: values.role,
        unitId: values.unit!.id,
        ...(values.validFrom ? { validFrom: values.validFrom } : {}),
        ...(values.validTo ? { validTo: values.validTo } : {}),
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      },
    });
    form.resetFields();
    onCreated(result);
  };
  return (
    <Modal
      open={open}
      title={t('accounts.createTitle')}
      okText={t('accounts.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={create.isPending}
      onCancel={onClose}
      width={640}
      destroyOnHidden
      data-testid="create-account-modal"
    >
      {member && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('accounts.forMemberHelp', { name: member.fullName })} data-testid="account-for-member" />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={member
          ? { locale: 'vi', role: 'member', validFrom: todayInVietnam(), displayName: member.fullName, unit: member.unit }
          : { locale: 'vi', role: 'viewer', validFrom: todayInVietnam() }}
        preserve={false}
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="username" label={t('login.username')} extra={t('accounts.usernameHelp')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input autoComplete="off" data-testid="account-username" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="displayName" label={t('accounts.displayName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input data-testid="account-display-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="role" label={t('accounts.role')} rules={[{ required: true, message: t('validation.required') }]}>
              <Select options={member ? roles.filter((option) => option.value === 'member') : roles.filter((option) => option.value !== 'member')} disabled={!!member} data-testid="account-role" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="locale" label={t('layout.language')}>
              <Select options={[{ value: 'vi', label: 'Tiếng Việt' }, { value: 'en', label: 'English' }]} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="unit" label={t('accounts.grantUnit')} extra={t('accounts.grantUnitHelp')} rules={[{ required: true, message: t('validation.required') }]}>
              <UnitPicker date={todayInVietnam()} data-testid="account-unit" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="validFrom" label={t('accounts.validFrom')}>
              <DateField style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="validTo" label={t('accounts.validTo')} extra={t('accounts.validToHelp')}>
              <DateField style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="note" label={t('accounts.note')}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

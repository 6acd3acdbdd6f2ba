/**
 * One account: its state, what the caller may do with it (from the server's `abilities.manage`), its grants on
 * units inside the caller's subtrees (grant, revoke, acting grants with an end date) and its journal.
 */
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Form, Input, Popconfirm, Result, Row, Select, Skeleton, Space, Switch, Typography } from 'antd';
import type { Role } from '../../../../src/contracts/permissions.ts';
import { ApiError } from '../../lib/api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { DateField } from '../../components/DateField.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDateTime, todayInVietnam } from '../../lib/dates.ts';
import { useMe } from '../auth/api.ts';
import { JournalTable } from '../journal/JournalTable.tsx';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { AccountStateTags } from './AccountsPage.tsx';
import { useAccount, useAccountGrants, useCreateGrant, useResetPassword, useRevokeGrant, useSetAccountDisabled, useUpdateAccount } from './api.ts';
import { DelegateModal } from './DelegateForm.tsx';
import { GrantsTable } from './GrantsTable.tsx';
import { OneTimePasswordModal } from './OneTimePassword.tsx';
import { useRoleOptions } from './role-options.ts';

interface GrantValues {
  role: Role;
  unit: PickedUnit | null;
  validFrom: string | null;
  validTo: string | null;
  note?: string;
}

export function AccountPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const accountId = Number(useParams().id);
  const account = useAccount(Number.isInteger(accountId) && accountId > 0 ? accountId : undefined);
  const me = useMe().data;
  const [includeInactive, setIncludeInactive] = useState(false);
  const grants = useAccountGrants(account.data?.id, includeInactive);
  const roles = useRoleOptions();
  const createGrant = useCreateGrant();
  const revoke = useRevokeGrant();
  const setDisabled = useSetAccountDisabled();
  const reset = useResetPassword();
  const update = useUpdateAccount();
  const [otp, setOtp] = useState<string | null>(null);
  const [delegating, setDelegating] = useState(false);
  const [editingName, setEditingName] = useState<string | null>(null);
  const [grantForm] = Form.useForm<GrantValues>();

  if (account.isError) {
    const notFound = account.error instanceof ApiError && account.error.status === 404;
    return notFound
      ? <Result status="404" title={t('error.notFoundTitle')} subTitle={t('error.notFound')} data-testid="not-found" />
      : <Alert type="error" showIcon title={(account.error as Error).message} />;
  }
  if (!account.data) return <Skeleton active />;
  const detail = account.data;
  const canManage = detail.abilities.manage;
  const isSelf = me?.id === detail.id;

  const submitGrant = async () => {
    const values = await grantForm.validateFields();
    await createGrant.mutateAsync({
      accountId: detail.id,
      role: values.role,
      unitId: values.unit!.id,
      ...(values.validFrom ? { validFrom: values.validFrom } : {}),
      ...(values.validTo ? { validTo: values.validTo } : {}),
      ...(values.note?.trim() ? { note: values.note.trim() } : {}),
    });
    message.success(t('accounts.granted'));
    grantForm.resetFields();
  };

  return (
    <div data-testid="account-page">
      <PageHeader
        title={detail.displayName}
        subtitle={detail.username}
        extra={canManage && !isSelf && (
          <>
            <Popconfirm
              title={t(detail.disabledAt ? 'accounts.enableConfirm' : 'accounts.disableConfirm')}
              okText={t('common.yes')}
              cancelText={t('common.no')}
              onConfirm={() => setDisabled.mutate({ id: detail.id, disabled: !detail.disabledAt, expectedRowVersion: detail.rowVersion })}
            >
              <Button danger={!detail.disabledAt} loading={setDisabled.isPending}>{t(detail.disabledAt ? 'accounts.enable' : 'accounts.disable')}</Button>
            </Popconfirm>
            <Popconfirm
              title={t('accounts.resetConfirm')}
              okText={t('common.yes')}
              cancelText={t('common.no')}
              onConfirm={() => reset.mutate({ id: detail.id, expectedRowVersion: detail.rowVersion }, { onSuccess: (result) => setOtp(result.oneTimePassword) })}
            >
              <Button loading={reset.isPending} data-testid="reset-password">{t('accounts.resetPassword')}</Button>
            </Popconfirm>
          </>
        )}
      />
      {detail.hasGrantsOutsideScope && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('accounts.outsideScope')} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('accounts.details')}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'username', label: t('login.username'), children: detail.username },
                {
                  key: 'name', label: t('accounts.displayName'),
                  children: editingName === null ? (
                    <Space>
                      <span>{detail.displayName}</span>
                      {canManage && <Typography.Link onClick={() => setEditingName(detail.displayName)}>{t('accounts.edit')}</Typography.Link>}
                    </Space>
                  ) : (
                    <Space.Compact style={{ width: '100%' }}>
                      <Input value={editingName} onChange={(event) => setEditingName(event.target.value)} />
                      <Button
                        type="primary"
                        loading={update.isPending}
                        onClick={() => update.mutate({ id: detail.id, expectedRowVersion: detail.rowVersion, displayName: editingName.trim() }, { onSuccess: () => setEditingName(null) })}
                      >
                        {t('common.save')}
                      </Button>
                      <Button onClick={() => setEditingName(null)}>{t('common.cancel')}</Button>
                    </Space.Compact>
                  ),
                },
                { key: 'locale', label: t('layout.language'), children: detail.locale === 'vi' ? 'Tiếng Việt' : 'English' },
                { key: 'state', label: t('batches.status'), children: <AccountStateTags account={detail} /> },
                { key: 'created', label: t('accounts.createdAt'), children: formatDateTime(detail.createdAt) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          {canManage && (
            <Card size="small" title={t('accounts.grantTitle')} data-testid="grant-form">
              <Form<GrantValues> form={grantForm} layout="vertical" initialValues={{ role: 'viewer', validFrom: todayInVietnam() }}>
                <Row gutter={12}>
                  <Col xs={24} md={10}>
                    <Form.Item name="role" label={t('accounts.role')} rules={[{ required: true, message: t('validation.required') }]}>
                      <Select options={roles} data-testid="grant-role" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={14}>
                    <Form.Item name="unit" label={t('accounts.grantUnit')} rules={[{ required: true, message: t('validation.required') }]}>
                      <UnitPicker date={todayInVietnam()} data-testid="grant-unit" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6}>
                    <Form.Item name="validFrom" label={t('accounts.validFrom')}><DateField style={{ width: '100%' }} /></Form.Item>
                  </Col>
                  <Col xs={12} md={6}>
                    <Form.Item name="validTo" label={t('accounts.validTo')}><DateField style={{ width: '100%' }} data-testid="grant-valid-to" /></Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="note" label={t('accounts.note')}><Input /></Form.Item>
                  </Col>
                </Row>
                <Flex gap={8} justify="flex-end" wrap>
                  <Button onClick={() => setDelegating(true)} data-testid="delegate-to-account">{t('accounts.delegateToThis')}</Button>
                  <Button type="primary" loading={createGrant.isPending} onClick={() => void submitGrant().catch(() => undefined)} data-testid="grant-submit">{t('accounts.grant')}</Button>
                </Flex>
              </Form>
            </Card>
          )}
        </Col>
        <Col xs={24}>
          <Card
            size="small"
            title={t('accounts.grants')}
            extra={<Space size={4}><Typography.Text type="secondary">{t('accounts.showPast')}</Typography.Text><Switch size="small" checked={includeInactive} onChange={setIncludeInactive} data-testid="show-past-grants" /></Space>}
          >
            <GrantsTable
              grants={grants.data?.items ?? []}
              loading={grants.isFetching}
              action={canManage && !isSelf ? {
                label: 'accounts.revoke',
                confirm: 'accounts.revokeConfirm',
                enabled: (grant) => grant.status === 'active' || grant.status === 'scheduled',
                run: (grant) => revoke.mutate({ id: grant.id }, { onSuccess: () => message.success(t('accounts.revoked')) }),
              } : undefined}
            />
          </Card>
        </Col>
        {me?.abilities.includes('journal.read') && (
          <Col xs={24}>
            <Card size="small" title={t('menu.journal')}>
              <JournalTable filters={{ objectType: 'account', objectId: String(detail.id) }} pageSize={20} />
            </Card>
          </Col>
        )}
      </Row>
      <OneTimePasswordModal username={detail.username} password={otp} onClose={() => setOtp(null)} />
      <DelegateModal open={delegating} onClose={() => setDelegating(false)} account={detail} />
    </div>
  );
}

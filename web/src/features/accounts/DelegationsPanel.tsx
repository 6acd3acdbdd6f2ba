/** The caller's acting grants: given (with "end now") and received; and a button to delegate one. */
import { useState } from 'react';
import { App, Button, Card, Flex, Space, Typography } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { useDelegations, useEndDelegation } from './api.ts';
import { DelegateModal } from './DelegateForm.tsx';
import { GrantsTable } from './GrantsTable.tsx';

export function DelegationsPanel() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const delegations = useDelegations();
  const end = useEndDelegation();
  const [open, setOpen] = useState(false);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12} data-testid="delegations">
      <Flex justify="space-between" wrap gap={8} align="center">
        <Typography.Text type="secondary">{t('accounts.delegationsHelp')}</Typography.Text>
        <Button type="primary" onClick={() => setOpen(true)} data-testid="delegate-open">{t('accounts.delegate')}</Button>
      </Flex>
      <Card size="small" title={t('accounts.delegationsGiven')}>
        <GrantsTable
          grants={delegations.data?.given ?? []}
          loading={delegations.isFetching}
          showAccount
          testId="delegations-given"
          action={{
            label: 'accounts.endDelegation',
            confirm: 'accounts.endDelegationConfirm',
            enabled: (grant) => grant.status === 'active' || grant.status === 'scheduled',
            run: (grant) => end.mutate({ id: grant.id }, { onSuccess: () => message.success(t('accounts.delegationEnded')) }),
          }}
        />
      </Card>
      <Card size="small" title={t('accounts.delegationsReceived')}>
        <GrantsTable grants={delegations.data?.received ?? []} loading={delegations.isFetching} testId="delegations-received" />
      </Card>
      <DelegateModal open={open} onClose={() => setOpen(false)} />
    </Space>
  );
}

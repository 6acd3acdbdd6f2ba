/** Accounts holding a role inside the caller's subtrees; create one (its one-time password shown once); acting grants. */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Col, Input, Row, Space, Table, Tabs, Tag } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/index.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useVocabulary } from '../../components/labels.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useMe } from '../auth/api.ts';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { useAccountList, type AccountListItem, type CreatedAccount } from './api.ts';
import { CreateAccountModal } from './CreateAccountModal.tsx';
import { OneTimePasswordModal } from './OneTimePassword.tsx';
import { DelegationsPanel } from './DelegationsPanel.tsx';
import { ListTotal } from '../orgs/ListTotal.tsx';

export function AccountStateTags({ account }: { account: Pick<AccountListItem, 'disabledAt' | 'lockedUntil' | 'mustChangePassword'> }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap>
      {account.disabledAt ? <Tag color="red">{t('accounts.disabled')}</Tag> : <Tag color="green">{t('accounts.enabled')}</Tag>}
      {account.lockedUntil && <Tag color="orange">{t('accounts.locked')}</Tag>}
      {account.mustChangePassword && <Tag color="gold">{t('accounts.mustChange')}</Tag>}
    </Space>
  );
}

export function AccountsPage() {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const me = useMe().data;
  const canManage = !!me?.abilities.includes('account.manage');
  const [text, setText] = useState('');
  const q = useDebounced(text, 300);
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useAccountList({ q, unitId: unit?.id ?? null, page, pageSize });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedAccount | null>(null);
  const navigate = useNavigate();

  const accounts = (
    <>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[12, 12]}>
          <Col xs={24} md={10}>
            <Input allowClear prefix={<SearchOutlined />} placeholder={t('accounts.searchPlaceholder')} value={text} onChange={(event) => { setText(event.target.value); setPage(1); }} data-testid="account-search" />
          </Col>
          <Col xs={24} md={10}>
            <UnitPicker date={todayInVietnam()} value={unit} onChange={(value) => { setUnit(value); setPage(1); }} placeholder={t('accounts.unitFilter')} />
          </Col>
        </Row>
      </Card>
      <Table<AccountListItem>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 820 }}
        data-testid="accounts-table"
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showTotal: (total) => <ListTotal total={total} />,
          showSizeChanger: true,
          onChange: (nextPage, nextSize) => { setPage(nextPage); setPageSize(nextSize); },
        }}
        columns={[
          { title: t('login.username'), dataIndex: 'username', width: 160, render: (value: string, account) => <Link to={`/accounts/${account.id}`}>{value}</Link> },
          { title: t('accounts.displayName'), dataIndex: 'displayName', width: 200 },
          {
            // Each role with where it is granted: the unit and its place, linking to the unit.
            title: t('accounts.roles'), key: 'roles',
            render: (_, account) => (
              <Space direction="vertical" size={2}>
                {account.grants.map((grant) => (
                  <span key={`${grant.role}-${grant.unitId}`} data-testid="account-grant">
                    <Tag>{vocabulary.role(grant.role)}</Tag>
                    <Link to={`/units/${grant.unitId}`} style={{ fontSize: 12 }}>{grant.unitPlace}</Link>
                  </span>
                ))}
              </Space>
            ),
          },
          { title: t('batches.status'), key: 'state', width: 220, render: (_, account) => <AccountStateTags account={account} /> },
        ]}
      />
    </>
  );

  return (
    <div data-testid="accounts-page">
      <PageHeader
        title={t('accounts.title')}
        subtitle={t('accounts.subtitle')}
        extra={canManage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="account-create">{t('accounts.create')}</Button>}
      />
      <Tabs
        items={[
          { key: 'accounts', label: t('accounts.tabAccounts'), children: accounts },
          { key: 'delegations', label: t('accounts.tabDelegations'), children: <DelegationsPanel /> },
        ]}
      />
      <CreateAccountModal open={creating} onClose={() => setCreating(false)} onCreated={(result) => { setCreating(false); setCreated(result); }} />
      {created && <OneTimePasswordModal username={created.account.username} password={created.oneTimePassword} onClose={() => { navigate(`/accounts/${created.account.id}`); setCreated(null); }} />}
    </div>
  );
}

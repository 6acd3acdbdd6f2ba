/** Grants in a table: role, unit, period, status; revoke (or end an acting grant) where allowed. */
import { Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { GrantView } from './api.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useVocabulary } from '../../components/labels.ts';
import { formatDate } from '../../lib/dates.ts';

const STATUS_COLORS: Record<GrantView['status'], string> = { active: 'green', scheduled: 'blue', expired: 'default', revoked: 'red' };

export function GrantsTable({ grants, loading, showAccount, action, testId }: {
  grants: GrantView[];
  loading?: boolean;
  showAccount?: boolean;
  /** The button of a row (revoke, end delegation), when the caller may use it. */
  action?: { label: MessageKey; confirm: MessageKey; run: (grant: GrantView) => void; enabled: (grant: GrantView) => boolean };
  testId?: string;
}) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  return (
    <Table<GrantView>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={grants}
      pagination={false}
      scroll={{ x: 860 }}
      data-testid={testId ?? 'grants-table'}
      columns={[
        ...(showAccount ? [{ title: t('login.username'), dataIndex: 'username', width: 140, render: (value: string, grant: GrantView) => <Link to={`/accounts/${grant.accountId}`}>{value}</Link> }] : []),
        {
          title: t('accounts.role'), dataIndex: 'role', width: 190,
          render: (role: string, grant) => (
            <Space size={4} wrap>
              <span>{vocabulary.role(role)}</span>
              {grant.delegatedFromGrantId && <Tag color="purple">{t('accounts.acting')}</Tag>}
            </Space>
          ),
        },
        { title: t('accounts.grantUnit'), dataIndex: 'unitName', render: (name: string, grant) => <Link to={`/units/${grant.unitId}`}>{name}</Link> },
        { title: t('accounts.validFrom'), dataIndex: 'validFrom', width: 110, render: (value: string) => formatDate(value) },
        { title: t('accounts.validTo'), dataIndex: 'validTo', width: 110, render: (value: string | null) => value ? formatDate(value) : <Typography.Text type="secondary">—</Typography.Text> },
        { title: t('batches.status'), dataIndex: 'status', width: 120, render: (status: GrantView['status']) => <Tag color={STATUS_COLORS[status]}>{t(`accounts.status.${status}`)}</Tag> },
        { title: t('accounts.note'), dataIndex: 'note', ellipsis: true },
        ...(action ? [{
          title: '', key: 'action', width: 120, fixed: 'right' as const,
          render: (_: unknown, grant: GrantView) => action.enabled(grant) ? (
            <Popconfirm title={t(action.confirm)} okText={t('common.yes')} cancelText={t('common.no')} onConfirm={() => action.run(grant)}>
              <Button size="small" danger data-testid={`grant-action-${grant.id}`}>{t(action.label)}</Button>
            </Popconfirm>
          ) : null,
        }] : []),
      ]}
    />
  );
}

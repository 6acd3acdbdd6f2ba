/** Journal entries in a table: who, when, what, on which object, effective date, decision, and before/after. */
import { Button, Flex, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { JournalEntryDto } from '../../../../src/contracts/decisions.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDate, formatDateTime } from '../../lib/dates.ts';
import { useActionLabel, useObjectTypeLabel } from './action-labels.ts';
import { useJournal, type JournalFilters } from './api.ts';
import { ListTotal } from '../orgs/ListTotal.tsx';

function JsonBlock({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-word', background: '#fafafa', padding: 8, borderRadius: 4, maxHeight: 240, overflow: 'auto' }}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

export function objectLink(entry: Pick<JournalEntryDto, 'objectType' | 'objectId'>): string | null {
  switch (entry.objectType) {
    case 'org_unit': return `/units/${entry.objectId}`;
    case 'member': return `/members/${entry.objectId}`;
    case 'member_transfer': return '/transfers';
    case 'member_import_job': return '/member-import';
    case 'decision': return `/decisions?id=${entry.objectId}`;
    case 'account': return `/accounts/${entry.objectId}`;
    case 'restructure_batch': return `/batches/${entry.objectId}`;
    case 'admission_candidate': return `/admissions/${entry.objectId}`;
    case 'admission_course': return `/admissions/courses/${entry.objectId}`;
    case 'working_day_override': return '/admissions/calendar';
    case 'statistics_indicator': case 'statistics_submission': case 'statistics_target': return '/statistics';
    default: return null;
  }
}

export function JournalTable({ filters, enabled = true, pageSize = 50 }: { filters: JournalFilters; enabled?: boolean; pageSize?: number }) {
  const { t } = useI18n();
  const actionLabel = useActionLabel();
  const typeLabel = useObjectTypeLabel();
  const journal = useJournal(filters, { enabled, limit: pageSize });
  const rows = journal.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div data-testid="journal-table">
      <div style={{ marginBottom: 8 }}><ListTotal total={journal.data?.pages[0]?.total} capped={journal.data?.pages[0]?.totalCapped} testId="journal-total" /></div>
      <Table<JournalEntryDto>
        size="small"
        rowKey="id"
        loading={journal.isFetching && !journal.isFetchingNextPage}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        expandable={{
          expandedRowRender: (entry) => (
            <Flex gap={12} wrap>
              <div style={{ flex: '1 1 300px', minWidth: 0 }}><Typography.Text strong>{t('journal.before')}</Typography.Text><JsonBlock value={entry.before} /></div>
              <div style={{ flex: '1 1 300px', minWidth: 0 }}><Typography.Text strong>{t('journal.after')}</Typography.Text><JsonBlock value={entry.after} /></div>
            </Flex>
          ),
        }}
        columns={[
          { title: t('journal.recordedAt'), dataIndex: 'recordedAt', width: 140, render: (value: string) => formatDateTime(value) },
          { title: t('journal.account'), dataIndex: 'accountName', width: 140, render: (value: string | null) => value ?? <Typography.Text type="secondary">{t('journal.system')}</Typography.Text> },
          { title: t('journal.action'), dataIndex: 'action', width: 200, render: (value: string) => <Tag>{actionLabel(value)}</Tag> },
          {
            title: t('journal.object'), key: 'object', width: 260,
            render: (_, entry) => {
              const link = objectLink(entry);
              const text = entry.objectName ?? `#${entry.objectId}`;
              return (
                <Flex vertical gap={0} data-testid="journal-object">
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{typeLabel(entry.objectType)}</Typography.Text>
                  {link ? <Link to={link}>{text}</Link> : <span>{text}</span>}
                  {entry.unitName && entry.objectType !== 'org_unit' && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{entry.unitName}</Typography.Text>
                  )}
                </Flex>
              );
            },
          },
          { title: t('journal.effectiveDate'), dataIndex: 'effectiveDate', width: 110, render: (value: string | null) => formatDate(value) },
          { title: t('journal.decision'), dataIndex: 'decisionNumber', width: 130, render: (value: string | null, entry) => value ? <Link to={`/decisions?id=${entry.decisionId}`}>{value}</Link> : '' },
          { title: t('journal.reason'), dataIndex: 'reason', ellipsis: true },
        ]}
      />
      {journal.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void journal.fetchNextPage()} loading={journal.isFetchingNextPage}>{t('common.loadMore')}</Button>
        </Flex>
      )}
    </div>
  );
}

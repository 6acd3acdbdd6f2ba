/**
 * The submissions of a unit and of the units directly under it (newest first); one opens in a drawer beside the live
 * figures of the same form and period, every cell that changed since marked. The level above returns one with a
 * reason, which unlocks that form and period for the unit.
 */
import { useState } from 'react';
import { Button, Card, Descriptions, Drawer, Empty, Flex, Grid, Input, Modal, Skeleton, Table, Tag, Typography } from 'antd';
import type { StatisticsSubmission, StatisticsSubmissionDetail } from '../../../../src/contracts/statistics.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDate, formatDay } from '../../lib/dates.ts';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { ListTotal } from '../orgs/ListTotal.tsx';
import { useReturnSubmission, useStatisticsForms, useSubmission, useSubmissions } from './api.ts';
import { formatCount } from './choices.ts';

/** The day it was sent and by whom (the account's display name). */
const submittedWhenBy = (item: StatisticsSubmission) => `${formatDay(item.submittedAt)}${item.submittedByName ? ` · ${item.submittedByName}` : ''}`;

function StatusTag({ status }: { status: StatisticsSubmission['status'] }) {
  const { t } = useI18n();
  return status === 'returned'
    ? <Tag color="orange" data-testid="statistics-submission-status" data-status={status}>{t('statistics.statusReturned')}</Tag>
    : <Tag color="green" data-testid="statistics-submission-status" data-status={status}>{t('statistics.statusSubmitted')}</Tag>;
}

export function SubmissionsPanel({ unitId }: { unitId: number }) {
  const { t, locale } = useI18n();
  const list = useSubmissions(unitId);
  const forms = useStatisticsForms();
  const [openId, setOpenId] = useState<number | null>(null);
  const screens = Grid.useBreakpoint();
  const titleOf = (key: string) => forms.data?.forms.find((form) => form.key === key)?.title[locale] ?? key;
  const whenOf = (item: StatisticsSubmission) => item.from ? `${formatDate(item.from)} – ${formatDate(item.to)}` : formatDate(item.to);

  const openButton = (item: StatisticsSubmission) => (
    <Button type="link" size="small" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => setOpenId(item.id)} data-testid="statistics-submission-open">{item.unitName}</Button>
  );
  const notes = (item: StatisticsSubmission) => (
    <Flex vertical gap={2}>
      {item.note && <span>{item.note}</span>}
      {item.returnReason && <Typography.Text type="danger" data-testid="statistics-submission-reason">{t('statistics.returnReasonShown', { reason: item.returnReason })}</Typography.Text>}
    </Flex>
  );

  if (list.error) return <ErrorAlert error={list.error} testId="statistics-error" />;
  if (list.isLoading) return <Skeleton active />;
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div data-testid="statistics-submissions">
      <div style={{ marginBottom: 8 }}><ListTotal total={list.data?.pages[0]?.total} capped={list.data?.pages[0]?.totalCapped} testId="statistics-submissions-total" /></div>
      {items.length === 0 && <Empty description={t('statistics.noSubmissions')} />}
      {items.length > 0 && !screens.md && (
        // On a phone, a card per submission: a table this wide would scroll sideways.
        <Flex vertical gap={8}>
          {items.map((item) => (
            <Card key={item.id} size="small" data-testid="statistics-submission-row" data-unit-id={item.unitId} data-status={item.status}>
              <Flex vertical gap={2}>
                <Flex justify="space-between" align="start" gap={8}>
                  {openButton(item)}
                  <StatusTag status={item.status} />
                </Flex>
                <span>{titleOf(item.formKey)} · {whenOf(item)}</span>
                <Typography.Text type="secondary">{t('statistics.submittedAt')}: {submittedWhenBy(item)}</Typography.Text>
                {notes(item)}
              </Flex>
            </Card>
          ))}
        </Flex>
      )}
      {items.length > 0 && screens.md && (
        <Table<StatisticsSubmission>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={items}
          scroll={{ x: 900 }}
          onRow={(item) => ({ 'data-testid': 'statistics-submission-row', 'data-unit-id': item.unitId, 'data-status': item.status } as never)}
          columns={[
            { title: t('statistics.unit'), key: 'unit', width: 220, render: (_, item) => openButton(item) },
            { title: t('statistics.form'), key: 'form', width: 180, render: (_, item) => titleOf(item.formKey) },
            { title: t('statistics.reportPeriod'), key: 'when', width: 120, render: (_, item) => whenOf(item) },
            { title: t('statistics.status'), key: 'status', width: 110, render: (_, item) => <StatusTag status={item.status} /> },
            { title: t('statistics.submittedAt'), key: 'at', width: 150, render: (_, item) => submittedWhenBy(item) },
            { title: t('statistics.note'), key: 'note', render: (_, item) => notes(item) },
          ]}
        />
      )}
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="statistics-submissions-more">{t('common.loadMore')}</Button>
        </Flex>
      )}
      <SubmissionDrawer id={openId} onClose={() => setOpenId(null)} titleOf={titleOf} whenOf={whenOf} />
    </div>
  );
}

type Form = StatisticsSubmissionDetail['submitted'];
type Difference = StatisticsSubmissionDetail['differences'][number];

function SubmissionDrawer({ id, onClose, titleOf, whenOf }: {
  id: number | null;
  onClose: () => void;
  titleOf: (key: string) => string;
  whenOf: (item: StatisticsSubmission) => string;
}) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const detail = useSubmission(id);
  const [returning, setReturning] = useState(false);
  const data = detail.data && detail.data.submission.id === id ? detail.data : undefined;
  const submission = data?.submission;
  // The level above returns it: the server says whether the caller is that level (its submit scope holds the unit's parent).
  const canReturn = !!data?.canReturn;

  return (
    <Drawer open={id !== null} onClose={onClose} size={screens.md ? 760 : '100%'} title={submission ? titleOf(submission.formKey) : t('statistics.submission')} data-testid="statistics-submission-drawer">
      {detail.error && <ErrorAlert error={detail.error} testId="statistics-error" />}
      {!data && !detail.error && <Skeleton active />}
      {data && submission && (
        <div data-testid="statistics-submission-detail" data-status={submission.status} data-differences={data.differences.length}>
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('statistics.unit')}>{submission.unitName}</Descriptions.Item>
            <Descriptions.Item label={t('statistics.reportPeriod')}>{whenOf(submission)}</Descriptions.Item>
            <Descriptions.Item label={t('statistics.status')}><StatusTag status={submission.status} /></Descriptions.Item>
            <Descriptions.Item label={t('statistics.submittedAt')}>{submittedWhenBy(submission)}</Descriptions.Item>
            {submission.note && <Descriptions.Item label={t('statistics.note')}>{submission.note}</Descriptions.Item>}
            {submission.returnedAt && <Descriptions.Item label={t('statistics.returnedAt')}>{formatDay(submission.returnedAt)}{submission.returnedByName ? ` · ${submission.returnedByName}` : ''}</Descriptions.Item>}
            {submission.returnReason && <Descriptions.Item label={t('statistics.returnReason')}>{submission.returnReason}</Descriptions.Item>}
          </Descriptions>
          <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
            {data.differences.length === 0
              ? <Tag color="green" data-testid="statistics-no-differences">{t('statistics.noDifferences')}</Tag>
              : <Tag color="red" data-testid="statistics-differences">{t('statistics.differences', { count: data.differences.length })}</Tag>}
            {canReturn && <Button danger onClick={() => setReturning(true)} data-testid="statistics-return">{t('statistics.return')}</Button>}
          </Flex>
          <ComparedSections submitted={data.submitted} live={data.live} differences={data.differences} />
          {returning && <ReturnModal submission={submission} onClose={() => setReturning(false)} />}
        </div>
      )}
    </Drawer>
  );
}

/** Each section's submitted figures beside the live ones; a changed cell shows both, in red. */
function ComparedSections({ submitted, live, differences }: { submitted: Form; live: Form; differences: Difference[] }) {
  const { t, locale } = useI18n();
  const changed = new Map(differences.map((item) => [`${item.section}|${item.row}|${item.column}`, item]));
  return (
    <>
      {submitted.sections.map((section) => (
        <div key={section.key} style={{ marginBottom: 12 }} data-testid="statistics-compared-section" data-section={section.key}>
          <Typography.Text strong>{section.title[locale]}</Typography.Text>
          <Table
            size="small"
            bordered
            rowKey="key"
            pagination={false}
            dataSource={section.rows}
            scroll={{ x: 200 + 110 * section.columns.length }}
            columns={[
              { title: t('statistics.indicator'), key: 'label', width: 200, fixed: 'left' as const, render: (_: unknown, row: Form['sections'][number]['rows'][number]) => row.label[locale] },
              ...section.columns.map((column, index) => ({
                title: column.label[locale],
                key: column.key,
                width: 110,
                align: 'right' as const,
                render: (_: unknown, row: Form['sections'][number]['rows'][number]) => {
                  const difference = changed.get(`${section.key}|${row.key}|${column.key}`);
                  if (difference) {
                    return <Tag color="red" style={{ marginInlineEnd: 0, whiteSpace: 'normal' }} data-testid="statistics-changed-cell" data-row={row.key} data-column={column.key}>{t('statistics.changed', { submitted: formatCount(difference.submitted), live: formatCount(difference.live) })}</Tag>;
                  }
                  return <span data-testid="statistics-submitted-count" data-row={row.key} data-column={column.key}>{formatCount(row.cells[index]?.count ?? 0)}</span>;
                },
              })),
            ]}
          />
          {!live.sections.some((item) => item.key === section.key) && <Typography.Text type="secondary">{t('statistics.noLiveSection')}</Typography.Text>}
        </div>
      ))}
    </>
  );
}

function ReturnModal({ submission, onClose }: { submission: StatisticsSubmission; onClose: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const returned = useReturnSubmission();
  const send = () => returned.mutate({ id: submission.id, reason: reason.trim(), expectedRowVersion: submission.rowVersion }, { onSuccess: onClose });
  return (
    <Modal
      open
      title={t('statistics.returnTitle', { unit: submission.unitName })}
      onCancel={onClose}
      onOk={send}
      okText={t('statistics.return')}
      cancelText={t('statistics.cancel')}
      okButtonProps={{ danger: true, disabled: !reason.trim(), loading: returned.isPending, 'data-testid': 'statistics-return-confirm' } as never}
    >
      <ErrorAlert error={returned.error} testId="statistics-return-error" />
      <Input.TextArea rows={3} maxLength={2000} value={reason} onChange={(event) => setReason(event.target.value)} placeholder={t('statistics.returnReason')} data-testid="statistics-return-reason" />
    </Modal>
  );
}

/**
 * Transfers of party activity seen from the caller's units: incoming (accept into a cell, return, record the
 * presentation), outgoing (cancel while not received, end a temporary one), and the late ones, past a working-day
 * deadline, highlighted with their deadlines.
 */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button, Flex, Segmented, Space, Table, Tabs, Typography } from 'antd';
import type { Transfer, TransferStatus } from '../../../../src/contracts/members.ts';
import { useI18n } from '../../i18n/index.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDate } from '../../lib/dates.ts';
import { useMe } from '../auth/api.ts';
import { placeText } from '../orgs/UnitPlace.tsx';
import { ListTotal } from '../orgs/ListTotal.tsx';
import { printTransferLetter, useTransferList, type TransferFilters } from './api.ts';
import { PrinterOutlined } from '@ant-design/icons';
import { notifyError } from '../../app/notify.ts';
import {
  AcceptTransferModal, CloseTransferModal, PresentTransferModal, TransferStatusTag, useTransferLabels,
} from './TransferModals.tsx';

type Tab = 'incoming' | 'outgoing' | 'late';
type Open = { kind: 'accept' | 'present'; transfer: Transfer } | { kind: 'return' | 'cancel' | 'end'; transfer: Transfer } | null;

/** Waiting for the receiving side: what an officer has to act on. */
const PENDING: TransferStatus[] = ['issued'];

function TransferTable({ filters, tab, canWrite, focus, onOpen }: { filters: TransferFilters; tab: Tab; canWrite: boolean; focus: number | null; onOpen: (open: Open) => void }) {
  const { t } = useI18n();
  const labels = useTransferLabels();
  const list = useTransferList(filters);
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];

  const actions = (transfer: Transfer) => {
    // The letter is read by both sides: the sender prints it, the receiver checks the one the member hands in.
    const letter = (
      <Button key="letter" size="small" icon={<PrinterOutlined />} onClick={() => printTransferLetter(transfer.id).catch(notifyError)} data-testid="transfer-letter" title={t('transfer.printLetter')}>
        {t('transfer.letter')}
      </Button>
    );
    if (!canWrite) return <Space size={4} wrap>{letter}</Space>;
    const buttons: React.ReactNode[] = [letter];
    const incoming = tab !== 'outgoing';
    const outgoing = tab !== 'incoming';
    if (transfer.status === 'issued' && incoming) {
      buttons.push(<Button key="accept" size="small" type="primary" onClick={() => onOpen({ kind: 'accept', transfer })} data-testid="transfer-accept">{t('transfer.accept')}</Button>);
      buttons.push(<Button key="return" size="small" danger onClick={() => onOpen({ kind: 'return', transfer })} data-testid="transfer-return">{t('transfer.return')}</Button>);
    }
    if (transfer.status === 'issued' && outgoing) {
      buttons.push(<Button key="cancel" size="small" onClick={() => onOpen({ kind: 'cancel', transfer })} data-testid="transfer-cancel">{t('transfer.cancel')}</Button>);
    }
    if (transfer.status === 'accepted' && !transfer.presentedOn && incoming) {
      buttons.push(<Button key="present" size="small" onClick={() => onOpen({ kind: 'present', transfer })} data-testid="transfer-present">{t('transfer.present')}</Button>);
    }
    if (transfer.status === 'accepted' && transfer.kind === 'temporary') {
      buttons.push(<Button key="end" size="small" onClick={() => onOpen({ kind: 'end', transfer })} data-testid="transfer-end">{t('transfer.end')}</Button>);
    }
    return <Space size={4} wrap>{buttons}</Space>;
  };

  return (
    <>
      {/* Cells paint their own background (fixed columns too): the highlight goes on them. */}
      <div style={{ marginBottom: 8 }}><ListTotal total={list.data?.pages[0]?.total} capped={list.data?.pages[0]?.totalCapped} testId={`transfers-total-${tab}`} /></div>
      <style>{'.transfer-row-late > td { background: #fff1f0 !important; } .transfer-row-focus > td { background: #f9f0ff !important; }'}</style>
      <Table<Transfer>
        size="small"
        rowKey="id"
        loading={list.isFetching && !list.isFetchingNextPage}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1060 }}
        data-testid={`transfers-table-${tab}`}
        locale={{ emptyText: t('transfer.none') }}
        onRow={(transfer) => ({ 'data-transfer-id': transfer.id, 'data-late': transfer.isLate ? 'true' : undefined } as React.HTMLAttributes<HTMLElement>)}
        rowClassName={(transfer) => (transfer.isLate ? 'transfer-row-late' : transfer.id === focus ? 'transfer-row-focus' : '')}
        columns={[
          {
            title: t('members.fullName'), dataIndex: 'memberName', width: 190,
            render: (value: string, transfer) => (
              <>
                <Link to={`/members/${transfer.memberId}`}>{value}</Link>
                <div><TransferStatusTag transfer={transfer} /></div>
              </>
            ),
          },
          { title: t('transfer.kindLabel'), dataIndex: 'kind', width: 110, render: (_, transfer) => <>{labels.kind(transfer.kind)}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{labels.purpose(transfer.purpose)}</Typography.Text></> },
          {
            title: t('transfer.route'), key: 'route', width: 280,
            render: (_, transfer) => (
              <div style={{ fontSize: 13 }}>
                <div><Typography.Text type="secondary">{t('transfer.from')}:</Typography.Text> {transfer.fromUnitName}</div>
                {transfer.fromUnitPlace.length > 0 && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{placeText(transfer.fromUnitPlace)}</Typography.Text></div>}
                <div><Typography.Text type="secondary">{t('transfer.to')}:</Typography.Text> <Typography.Text strong>{transfer.toUnitName}</Typography.Text></div>
                {transfer.toUnitPlace.length > 0 && <div><Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="transfer-to-place">{placeText(transfer.toUnitPlace)}</Typography.Text></div>}
              </div>
            ),
          },
          { title: t('transfer.issuedOn'), dataIndex: 'issuedOn', width: 105, render: (value: string) => formatDate(value) },
          {
            title: t('transfer.deadlines'), key: 'deadlines', width: 210,
            render: (_, transfer) => (
              <div data-testid="transfer-deadlines">
                {transfer.status === 'issued' && <div><Typography.Text type={transfer.isLate ? 'danger' : undefined} strong={transfer.isLate}>{t('transfer.receiveBy', { date: formatDate(transfer.dueBy) })}</Typography.Text></div>}
                {transfer.receivedOn && <div>{t('transfer.receivedOnShort', { date: formatDate(transfer.receivedOn) })}</div>}
                {transfer.presentBy && !transfer.presentedOn && <div><Typography.Text type={transfer.isLate ? 'danger' : undefined} strong={transfer.isLate}>{t('transfer.presentBy', { date: formatDate(transfer.presentBy) })}</Typography.Text></div>}
                {transfer.presentedOn && <div>{t('transfer.presentedOnShort', { date: formatDate(transfer.presentedOn) })}</div>}
                {transfer.temporaryUntil && <div>{t('transfer.until', { date: formatDate(transfer.temporaryUntil) })}</div>}
              </div>
            ),
          },
          { title: t('common.actions'), key: 'actions', width: 165, fixed: 'right', render: (_, transfer) => actions(transfer) },
        ]}
      />
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="transfers-load-more">{t('common.loadMore')}</Button>
        </Flex>
      )}
    </>
  );
}

export function TransfersPage() {
  const { t } = useI18n();
  const me = useMe().data;
  const canWrite = !!me?.abilities.includes('member.write');
  const [params, setParams] = useSearchParams();
  const tab = (['incoming', 'outgoing', 'late'].includes(params.get('tab') ?? '') ? params.get('tab') : 'incoming') as Tab;
  const focus = Number(params.get('focus')) || null;
  const [statusMode, setStatusMode] = useState<'pending' | 'all'>(params.get('status') === 'all' ? 'all' : 'pending');
  const [open, setOpen] = useState<Open>(null);
  const status = statusMode === 'pending' ? PENDING : undefined;
  // Late ones are late whatever their step (not yet received, or received and not yet presented to the cell).
  const filtersOf = (which: Tab): TransferFilters => (which === 'late' ? { direction: 'all', late: true } : { direction: which, status });
  const setTab = (next: string) => setParams((current) => {
    const copy = new URLSearchParams(current);
    copy.set('tab', next);
    copy.delete('focus');
    return copy;
  }, { replace: true });

  return (
    <div data-testid="transfers-page">
      <PageHeader
        title={t('transfer.title')}
        subtitle={t('transfer.subtitle')}
        extra={tab !== 'late' && (
          <Segmented
            value={statusMode}
            onChange={(value) => setStatusMode(value as 'pending' | 'all')}
            options={[{ value: 'pending', label: <span data-testid="transfers-pending">{t('transfer.showOpen')}</span> }, { value: 'all', label: <span data-testid="transfers-all">{t('transfer.showAll')}</span> }]}
            data-testid="transfer-status-mode"
          />
        )}
      />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={(['incoming', 'outgoing', 'late'] as const).map((key) => ({
          key,
          label: <span data-testid={`tab-${key}`}>{t(`transfer.tab.${key}`)}</span>,
          children: key === tab ? <TransferTable filters={filtersOf(key)} tab={key} canWrite={canWrite} focus={focus} onOpen={setOpen} /> : null,
        }))}
      />
      {open?.kind === 'accept' && <AcceptTransferModal transfer={open.transfer} onClose={() => setOpen(null)} />}
      {open?.kind === 'present' && <PresentTransferModal transfer={open.transfer} onClose={() => setOpen(null)} />}
      {(open?.kind === 'return' || open?.kind === 'cancel' || open?.kind === 'end') && <CloseTransferModal transfer={open.transfer} action={open.kind} onClose={() => setOpen(null)} />}
    </div>
  );
}

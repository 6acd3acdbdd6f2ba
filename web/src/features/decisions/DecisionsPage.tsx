/** Decisions: search by number, subject or issuing body (diacritics ignored), record one, attach its PDF, download it. */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Card, Col, Descriptions, Drawer, Flex, Grid, Input, Row, Space, Table, Tooltip, Typography, Upload } from 'antd';
import { DownloadOutlined, PaperClipOutlined, PlusOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons';
import type { Decision } from '../../../../src/contracts/decisions.ts';
import { DECISION_ATTACHMENT_MAX_BYTES } from '../../../../src/contracts/decisions.ts';
import { useI18n } from '../../i18n/index.tsx';
import { DateField } from '../../components/DateField.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDate, formatDateTime } from '../../lib/dates.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { notifyError } from '../../app/notify.ts';
import { useMe } from '../auth/api.ts';
import { JournalTable } from '../journal/JournalTable.tsx';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { todayInVietnam } from '../../lib/dates.ts';
import { ListTotal } from '../orgs/ListTotal.tsx';
import { downloadDecisionPdf, useAttachDecisionPdf, useDecision, useDecisionList } from './api.ts';
import { CreateDecisionModal } from './DecisionForm.tsx';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function AttachButton({ decision }: { decision: Decision }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const attach = useAttachDecisionPdf();
  return (
    <Upload
      accept="application/pdf,.pdf"
      showUploadList={false}
      beforeUpload={(file) => {
        if (file.size > DECISION_ATTACHMENT_MAX_BYTES) {
          message.error(t('decisions.tooLarge'));
          return Upload.LIST_IGNORE;
        }
        attach.mutate({ id: decision.id, file }, { onSuccess: () => message.success(t('decisions.attached')) });
        return false;
      }}
    >
      <Button size="small" icon={<UploadOutlined />} loading={attach.isPending} data-testid={`attach-${decision.id}`}>
        {decision.attachment ? t('decisions.replacePdf') : t('decisions.attachPdf')}
      </Button>
    </Upload>
  );
}

function DownloadButton({ decision }: { decision: Decision }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  if (!decision.attachment) return null;
  return (
    <Tooltip title={`${decision.attachment.filename} · ${formatSize(decision.attachment.sizeBytes)}`}>
      <Button
        size="small"
        icon={<DownloadOutlined />}
        loading={busy}
        data-testid={`download-${decision.id}`}
        onClick={() => {
          setBusy(true);
          downloadDecisionPdf(decision).catch(notifyError).finally(() => setBusy(false));
        }}
      >
        {t('decisions.download')}
      </Button>
    </Tooltip>
  );
}

export function DecisionsPage() {
  const { t } = useI18n();
  const me = useMe().data;
  const canWrite = !!me?.abilities.includes('decision.write');
  const canJournal = !!me?.abilities.includes('journal.read');
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState('');
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [issuingUnit, setIssuingUnit] = useState<PickedUnit | null>(null);
  const [creating, setCreating] = useState(false);
  const q = useDebounced(text, 300);
  const list = useDecisionList({ q, from, to, issuingUnitId: issuingUnit?.id ?? null });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const openId = Number(params.get('id')) || null;
  const open = useDecision(openId);
  const setOpenId = (id: number | null) => setParams((current) => {
    const copy = new URLSearchParams(current);
    if (id) copy.set('id', String(id));
    else copy.delete('id');
    return copy;
  });

  return (
    <div data-testid="decisions-page">
      <PageHeader
        title={t('decisions.title')}
        subtitle={t('decisions.subtitle')}
        extra={canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="decision-create">{t('decisions.new')}</Button>}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[12, 12]}>
          <Col xs={24} md={8}>
            <Input allowClear prefix={<SearchOutlined />} placeholder={t('decisions.searchPlaceholder')} value={text} onChange={(event) => setText(event.target.value)} data-testid="decision-search" />
          </Col>
          <Col xs={12} md={4}><DateField placeholder={t('common.fromDate')} value={from} onChange={setFrom} style={{ width: '100%' }} /></Col>
          <Col xs={12} md={4}><DateField placeholder={t('common.toDate')} value={to} onChange={setTo} style={{ width: '100%' }} /></Col>
          <Col xs={24} md={8}><UnitPicker date={todayInVietnam()} value={issuingUnit} onChange={setIssuingUnit} placeholder={t('decisions.issuingUnitFilter')} /></Col>
        </Row>
      </Card>
      <div style={{ marginBottom: 8 }}><ListTotal total={list.data?.pages[0]?.total} capped={list.data?.pages[0]?.totalCapped} testId="decisions-total" /></div>
      <Table<Decision>
        size="small"
        rowKey="id"
        loading={list.isFetching && !list.isFetchingNextPage}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 980 }}
        data-testid="decisions-table"
        onRow={(decision) => ({ onDoubleClick: () => setOpenId(decision.id) })}
        columns={[
          { title: t('decisions.number'), dataIndex: 'number', width: 150, fixed: screens.md ? 'left' : undefined, render: (value: string, decision) => <Typography.Link onClick={() => setOpenId(decision.id)}>{value}</Typography.Link> },
          { title: t('decisions.signedOn'), dataIndex: 'signedOn', width: 110, render: (value: string) => formatDate(value) },
          { title: t('decisions.issuingBody'), dataIndex: 'issuingBody', width: 240, ellipsis: true },
          { title: t('decisions.subject'), dataIndex: 'subject', ellipsis: true },
          {
            title: t('decisions.attachment'), key: 'attachment', width: 230,
            render: (_, decision) => (
              <Space size={4} wrap>
                <DownloadButton decision={decision} />
                {canWrite && <AttachButton decision={decision} />}
              </Space>
            ),
          },
        ]}
      />
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('common.loadMore')}</Button>
        </Flex>
      )}
      <CreateDecisionModal open={creating} onClose={() => setCreating(false)} onCreated={(decision) => { setCreating(false); setOpenId(decision.id); }} />
      <Drawer
        open={!!openId}
        onClose={() => setOpenId(null)}
        size={screens.md ? 640 : '100%'}
        title={open.data ? <span><PaperClipOutlined /> {open.data.number}</span> : t('common.loading')}
        data-testid="decision-drawer"
      >
        {open.data && (
          <Space orientation="vertical" style={{ width: '100%' }} size={16}>
            <Descriptions
              size="small"
              column={1}
              bordered
              items={[
                { key: 'number', label: t('decisions.number'), children: open.data.number },
                { key: 'signedOn', label: t('decisions.signedOn'), children: formatDate(open.data.signedOn) },
                { key: 'body', label: t('decisions.issuingBody'), children: open.data.issuingBody },
                { key: 'unit', label: t('decisions.issuingUnit'), children: open.data.issuingUnitName ?? '—' },
                { key: 'signer', label: t('decisions.signer'), children: open.data.signer ?? '—' },
                { key: 'subject', label: t('decisions.subject'), children: open.data.subject ?? '—' },
                { key: 'created', label: t('decisions.recordedAt'), children: formatDateTime(open.data.createdAt) },
                {
                  key: 'attachment', label: t('decisions.attachment'),
                  children: (
                    <Space wrap>
                      {open.data.attachment ? <Typography.Text>{open.data.attachment.filename} ({formatSize(open.data.attachment.sizeBytes)})</Typography.Text> : <Typography.Text type="secondary">{t('decisions.noAttachment')}</Typography.Text>}
                      <DownloadButton decision={open.data} />
                      {canWrite && <AttachButton decision={open.data} />}
                    </Space>
                  ),
                },
              ]}
            />
            {canJournal && (
              <Card size="small" title={t('menu.journal')}>
                <JournalTable filters={{ objectType: 'decision', objectId: String(open.data.id) }} pageSize={20} />
              </Card>
            )}
          </Space>
        )}
      </Drawer>
    </div>
  );
}

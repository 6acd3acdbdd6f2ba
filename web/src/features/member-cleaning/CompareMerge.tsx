/**
 * Two likely duplicates side by side (every field of the record, differences marked, each linking to its page), and
 * the merge: the officer picks the record that carries on and gives the reason; both records are kept, the other one
 * marked merged (`POST /api/members/:id/merge`). Two records with different citizen IDs are two people: the merge is
 * not offered (and the server refuses it).
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Form, Input, Modal, Radio, Select, Skeleton, Table, Typography } from 'antd';
import type { MemberPage } from '../../../../src/contracts/members.ts';
import type { CleaningIssue } from '../../../../src/contracts/member-import.ts';
import { useI18n, type Translate } from '../../i18n/index.tsx';
import { formatDate } from '../../lib/dates.ts';
import { useMemberPage } from '../members/api.ts';
import { useMemberLabels } from '../members/labels.ts';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { useMergeMembers } from './api.ts';

type Labels = ReturnType<typeof useMemberLabels>;

/** The rows compared, each with how it reads a member page. */
function comparedRows(t: Translate, labels: Labels, placeOf: Map<number, string>): { key: string; label: string; value: (page: MemberPage) => string }[] {
  const date = (value: string | null) => (value ? formatDate(value) : '—');
  return [
    { key: 'fullName', label: t('members.fullName'), value: (page) => page.record.fullName },
    { key: 'sex', label: t('members.sex'), value: (page) => labels.sex(page.record.sex) },
    { key: 'birthDate', label: t('members.birthDate'), value: (page) => date(page.record.birthDate) },
    { key: 'citizenId', label: t('members.citizenId'), value: (page) => page.record.citizenId ?? '—' },
    { key: 'partyCardNumber', label: t('members.partyCardNumber'), value: (page) => page.record.partyCardNumber ?? '—' },
    { key: 'hometown', label: t('members.hometown'), value: (page) => page.record.hometown ?? '—' },
    { key: 'ethnicity', label: t('members.ethnicity'), value: (page) => labels.reference('ethnicity', page.record.ethnicity) || '—' },
    // The unit with where it is ("Chi bộ khu 1 · Đảng bộ phường Cẩm Phả"): a province holds many "Chi bộ khu 1".
    { key: 'unit', label: t('members.unit'), value: (page) => placeOf.get(page.record.id) || page.record.unitName },
    { key: 'admissionDate', label: t('members.admissionDate'), value: (page) => date(page.record.admissionDate) },
    { key: 'officialDate', label: t('members.officialDate'), value: (page) => date(page.record.officialDate) },
    { key: 'status', label: t('members.status'), value: (page) => labels.status(page.record.status) },
    { key: 'events', label: t('cleaning.events'), value: (page) => String(page.timeline.filter((event) => !event.voidedByEventId).length) },
  ];
}

export function CompareMergeModal({ issue, canWrite, onClose }: { issue: CleaningIssue; canWrite: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const labels = useMemberLabels();
  const [pair, setPair] = useState<[number, number]>([issue.members[0].id, issue.members[1].id]);
  const [keepId, setKeepId] = useState<number>(pair[0]);
  const [reason, setReason] = useState('');
  const left = useMemberPage(pair[0]);
  const right = useMemberPage(pair[1]);
  const merge = useMergeMembers();
  const pages = [left.data, right.data];
  const ready = pages[0] && pages[1];
  const differentPeople = ready && pages[0]!.record.citizenId && pages[1]!.record.citizenId && pages[0]!.record.citizenId !== pages[1]!.record.citizenId;
  const rows = comparedRows(t, labels, new Map(issue.members.map((member) => [member.id, member.unitName])));

  const submit = async () => {
    if (!ready) return;
    const keep = pages.find((page) => page!.record.id === keepId)!;
    const other = pages.find((page) => page!.record.id !== keepId)!;
    await merge.mutateAsync({
      keepId,
      body: { duplicateId: other.record.id, reason: reason.trim(), expectedRowVersion: keep.record.rowVersion, duplicateRowVersion: other.record.rowVersion },
    });
    onClose();
  };
  const choose = (index: 0 | 1, id: number) => {
    const next: [number, number] = index === 0 ? [id, pair[1]] : [pair[0], id];
    setPair(next);
    if (!next.includes(keepId)) setKeepId(next[0]);
  };
  const options = issue.members.map((member) => ({ value: member.id, label: `${member.fullName} (#${member.id})` }));

  return (
    <Modal
      open
      width={960}
      title={t('cleaning.compareTitle')}
      okText={t('cleaning.merge')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !canWrite || !ready || !!differentPeople || reason.trim().length === 0, danger: true, 'data-testid': 'merge-submit' } as never}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={merge.isPending}
      onCancel={onClose}
      destroyOnHidden
      data-testid="compare-modal"
    >
      {issue.members.length > 2 && (
        <div style={{ display: 'flex', gap: 8, marginBottom: 12, flexWrap: 'wrap' }}>
          <Select style={{ minWidth: 260 }} value={pair[0]} options={options.filter((option) => option.value !== pair[1])} onChange={(id) => choose(0, id)} />
          <Select style={{ minWidth: 260 }} value={pair[1]} options={options.filter((option) => option.value !== pair[0])} onChange={(id) => choose(1, id)} />
        </div>
      )}
      {!ready ? <Skeleton active /> : (
        <Table
          size="small"
          pagination={false}
          rowKey="key"
          scroll={{ x: 640 }}
          data-testid="compare-table"
          dataSource={rows.map((row) => ({ key: row.key, label: row.label, a: row.value(pages[0]!), b: row.value(pages[1]!) }))}
          rowClassName={(row) => (row.a !== row.b ? 'compare-differs' : '')}
          columns={[
            { title: '', dataIndex: 'label', width: 160, render: (value: string) => <Typography.Text type="secondary">{value}</Typography.Text> },
            ...([0, 1] as const).map((index) => ({
              title: (
                <div>
                  <Link to={`/members/${pages[index]!.record.id}`} target="_blank" data-testid={`compare-link-${index}`}>{pages[index]!.record.fullName} (#{pages[index]!.record.id})</Link>
                  {canWrite && !differentPeople && (
                    <div><Radio checked={keepId === pages[index]!.record.id} onChange={() => setKeepId(pages[index]!.record.id)} data-testid={`compare-keep-${index}`}>{t('cleaning.keep')}</Radio></div>
                  )}
                </div>
              ),
              dataIndex: index === 0 ? 'a' : 'b',
              render: (value: string, row: { a: string; b: string }) => (row.a !== row.b ? <Typography.Text mark>{value}</Typography.Text> : value),
            })),
          ]}
        />
      )}
      {differentPeople && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('cleaning.differentPeople')} data-testid="compare-different" />}
      {canWrite && ready && !differentPeople && (
        <Form layout="vertical" style={{ marginTop: 12 }}>
          <Typography.Paragraph type="secondary">{t('cleaning.mergeExplain')}</Typography.Paragraph>
          <Form.Item label={t('cleaning.mergeReason')} required>
            <Input.TextArea rows={2} maxLength={2000} value={reason} onChange={(event) => setReason(event.target.value)} data-testid="merge-reason" />
          </Form.Item>
        </Form>
      )}
      <ErrorAlert error={merge.error} />
    </Modal>
  );
}

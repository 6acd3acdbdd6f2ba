/**
 * The review and classification of a year: an officer picks a unit and a year, sees its members on 31/12 (or the
 * organizations beneath it) with their results and the totals by level, chooses levels for many at once and records
 * them under one decision; a standing result is corrected with a reason. The server's refusals are shown as it words
 * them, each bad row named.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Flex, Form, Input, Modal, Segmented, Select, Table, Tag, Typography } from 'antd';
import {
  REVIEW_LEVELS, REVIEW_LEVEL_LABELS, type NotClassifiedReason, type ReviewLevel, type ReviewList, type ReviewResult, type ReviewSubject,
} from '../../../../src/contracts/reviews.ts';
import type { Decision } from '../../../../src/contracts/decisions.ts';
import { useI18n, useLabel, type MessageKey } from '../../i18n/index.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ApiError } from '../../lib/api.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { useMe } from '../auth/api.ts';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { DecisionPicker } from '../decisions/DecisionPicker.tsx';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { useCorrectResult, useRecordResults, useReviewList } from './api.ts';
import { useClearable } from '../../components/clearable.ts';

type Item = ReviewList['items'][number];

const THIS_YEAR = Number(todayInVietnam().slice(0, 4));
/** The years offered: this one (reviewed in its last weeks) and the ten before; last year by default. */
const YEARS = Array.from({ length: 11 }, (_, index) => THIS_YEAR - index);
const LEVEL_COLORS: Record<ReviewLevel, string> = { excellent: 'gold', good: 'green', completed: 'blue', not_completed: 'red' };

function LevelTag({ level }: { level: ReviewLevel }) {
  const label = useLabel();
  return <Tag color={LEVEL_COLORS[level]} data-testid="review-level" data-level={level}>{label(REVIEW_LEVEL_LABELS[level])}</Tag>;
}

/** The server's refusal: its message, then each bad row by name, or the quota's counts. */
function ReviewError({ error, items }: { error: unknown; items: readonly Item[] }) {
  const { t } = useI18n();
  if (!(error instanceof ApiError)) return <ErrorAlert error={error} testId="reviews-error" />;
  const details = (error.details ?? {}) as { rows?: { index: number; key: { memberId?: number; unitId?: number }; message: string }[]; excellent?: number; goodOrBetter?: number; maxExcellent?: number; percent?: number; regulation?: string };
  const names = new Map(items.map((item) => [item.id, item.name]));
  const lines = error.code === 'REVIEW_EXCELLENT_QUOTA'
    ? [t('reviews.quotaDetail', { excellent: details.excellent ?? 0, goodOrBetter: details.goodOrBetter ?? 0, maxExcellent: details.maxExcellent ?? 0, percent: details.percent ?? 0, regulation: details.regulation ?? '' })]
    : (details.rows ?? []).map((row) => t('reviews.rowError', { index: row.index + 1, name: names.get(row.key.memberId ?? row.key.unitId ?? 0) ?? String(row.key.memberId ?? row.key.unitId), message: row.message }));
  return (
    <Alert
      type="error" showIcon title={error.message} style={{ marginBottom: 12 }} data-testid="reviews-error" data-code={error.code}
      description={lines.length > 0 ? <ul style={{ margin: 0, paddingLeft: 18 }}>{lines.map((line) => <li key={line}>{line}</li>)}</ul> : error.code}
    />
  );
}

function Totals({ totals }: { totals: NonNullable<ReviewList['totals']> }) {
  const { t } = useI18n();
  const label = useLabel();
  const cell = (testId: string, title: string, count: number) => (
    <div key={testId} data-testid={testId} data-count={count} style={{ minWidth: 120 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{title}</Typography.Text>
      <div><Typography.Text strong style={{ fontSize: 18 }}>{count}</Typography.Text></div>
    </div>
  );
  return (
    <Flex gap={16} wrap="wrap" style={{ margin: '8px 0 12px' }} data-testid="reviews-totals">
      {cell('reviews-total-classified', t('reviews.totalClassified'), totals.classified)}
      {REVIEW_LEVELS.map((level) => cell(`reviews-total-${level}`, label(REVIEW_LEVEL_LABELS[level]), totals.byLevel[level]))}
      {cell('reviews-total-completed-or-better', t('reviews.totalCompletedOrBetter'), totals.completedOrBetter)}
    </Flex>
  );
}

function CorrectModal({ item, onClose }: { item: Item & { result: ReviewResult }; onClose: () => void }) {
  const { t } = useI18n();
  const label = useLabel();
  const correct = useCorrectResult();
  const [level, setLevel] = useState<ReviewLevel>(item.result.level);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [reason, setReason] = useState('');
  const submit = () => {
    if (!decision || !reason.trim()) return;
    correct.mutate({ id: item.result.id, body: { expectedRowVersion: item.result.rowVersion, level, decisionId: decision.id, reason: reason.trim() } }, { onSuccess: onClose });
  };
  return (
    <Modal
      open title={t('reviews.correctTitle', { name: item.name })} okText={t('common.save')} cancelText={t('common.cancel')} onOk={submit} onCancel={onClose}
      confirmLoading={correct.isPending} okButtonProps={{ disabled: !decision || !reason.trim(), 'data-testid': 'review-correct-submit' }} destroyOnHidden data-testid="review-correct-modal"
    >
      <Typography.Paragraph type="secondary">{t('reviews.correctHint')}</Typography.Paragraph>
      <ErrorAlert error={correct.error} testId="review-correct-error" />
      <Form layout="vertical">
        <Form.Item label={t('reviews.level')}>
          <Select value={level} onChange={setLevel} options={REVIEW_LEVELS.map((value) => ({ value, label: label(REVIEW_LEVEL_LABELS[value]) }))} data-testid="review-correct-level" />
        </Form.Item>
        <Form.Item label={t('reviews.decision')} required>
          <DecisionPicker value={decision} onChange={setDecision} />
        </Form.Item>
        <Form.Item label={t('reviews.reason')} required>
          <Input.TextArea value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} rows={2} data-testid="review-correct-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ReviewsPage() {
  const { t } = useI18n();
  const clearable = useClearable();
  const label = useLabel();
  const me = useMe().data;
  const canWrite = !!me?.abilities.includes('review.write');
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [year, setYear] = useState(THIS_YEAR - 1);
  const [subject, setSubject] = useState<ReviewSubject>('member');
  const [chosen, setChosen] = useState<Record<number, ReviewLevel>>({});
  const [decision, setDecision] = useState<Decision | null>(null);
  const [correcting, setCorrecting] = useState<(Item & { result: ReviewResult }) | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const list = useReviewList(unit?.id, year, subject);
  const record = useRecordResults();
  const items = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const totals = list.data?.pages[0]?.totals ?? null;
  const open = items.filter((item) => item.result === null && item.notClassified === null);
  const entries = Object.entries(chosen).map(([id, level]) => ({ id: Number(id), level }));
  const treeDate = `${year}-12-31` < todayInVietnam() ? `${year}-12-31` : todayInVietnam();

  // Another unit, year or kind starts a new entry.
  useEffect(() => { setChosen({}); setSaved(null); record.reset(); }, [unit?.id, year, subject]); // eslint-disable-line react-hooks/exhaustive-deps

  const save = () => {
    if (!unit || !decision || entries.length === 0) return;
    const base = { unitId: unit.id, year, decisionId: decision.id };
    const input = subject === 'member'
      ? { subject, body: { ...base, results: entries.map((entry) => ({ memberId: entry.id, level: entry.level })) } } as const
      : { subject, body: { ...base, results: entries.map((entry) => ({ unitId: entry.id, level: entry.level })) } } as const;
    setSaved(null);
    record.mutate(input, { onSuccess: (result) => { setChosen({}); setSaved(result.applied); } });
  };

  return (
    <div data-testid="reviews-page">
      <PageHeader title={t('reviews.title')} subtitle={t('reviews.subtitle')} />
      <Flex gap={12} wrap="wrap" align="center" style={{ marginBottom: 8 }}>
        <Form.Item label={t('reviews.unit')} style={{ marginBottom: 0, flex: '1 1 360px', maxWidth: 520 }}>
          <UnitPicker date={treeDate} value={unit} onChange={setUnit} placeholder={t('reviews.unitPlaceholder')} data-testid="reviews-unit" />
        </Form.Item>
        <Form.Item label={t('reviews.year')} style={{ marginBottom: 0 }}>
          <Select value={year} onChange={setYear} style={{ width: 100 }} aria-label={t('reviews.year')} options={YEARS.map((value) => ({ value, label: String(value) }))} data-testid="reviews-year" />
        </Form.Item>
        <Segmented<ReviewSubject>
          value={subject} onChange={setSubject} data-testid="reviews-subject"
          options={(['member', 'organization'] as const).map((value) => ({ value, label: <span data-testid={`reviews-subject-${value}`}>{t(`reviews.subject.${value}`)}</span> }))}
        />
      </Flex>
      {!unit ? <Typography.Paragraph type="secondary">{t('reviews.pickUnit')}</Typography.Paragraph> : (
        <>
          {list.error && <ErrorAlert error={list.error} testId="reviews-list-error" />}
          {totals && <Totals totals={totals} />}
          {canWrite && (
            <Flex gap={12} wrap="wrap" align="end" style={{ marginBottom: 12 }} data-testid="reviews-entry">
              <Form.Item label={t('reviews.fill')} style={{ marginBottom: 0, minWidth: 240 }}>
                <Select<ReviewLevel>
                  placeholder={t('reviews.pickLevel')} value={null as unknown as ReviewLevel} disabled={open.length === 0}
                  onChange={(level) => setChosen((current) => ({ ...current, ...Object.fromEntries(open.filter((item) => !current[item.id]).map((item) => [item.id, level])) }))}
                  options={REVIEW_LEVELS.map((value) => ({ value, label: label(REVIEW_LEVEL_LABELS[value]) }))} data-testid="reviews-fill"
                />
              </Form.Item>
              <Form.Item label={t('reviews.decision')} style={{ marginBottom: 0, minWidth: 320, flex: 1 }}>
                <DecisionPicker value={decision} onChange={setDecision} defaultIssuingUnit={unit} />
              </Form.Item>
              <Button type="primary" disabled={!decision || entries.length === 0} loading={record.isPending} onClick={save} data-testid="reviews-save">
                {t('reviews.save', { count: entries.length })}
              </Button>
            </Flex>
          )}
          {record.error && <ReviewError error={record.error} items={items} />}
          {saved !== null && <Alert type="success" showIcon title={t('reviews.saved', { count: saved })} style={{ marginBottom: 12 }} data-testid="reviews-saved" closable onClose={() => setSaved(null)} />}
          {entries.length > 0 && <Typography.Text type="warning" data-testid="reviews-pending">{t('reviews.pending', { count: entries.length })}</Typography.Text>}
          <Table<Item>
            size="small" rowKey="id" pagination={false} scroll={{ x: 760 }} dataSource={items}
            loading={list.isFetching && !list.isFetchingNextPage}
            data-testid="reviews-table" data-loaded={list.data && !list.isFetching ? 'true' : undefined}
            locale={{ emptyText: t('reviews.none') }}
            onRow={(item) => ({ 'data-testid': 'review-row', 'data-subject-id': item.id, 'data-level': item.result?.level ?? '' } as React.HTMLAttributes<HTMLElement>)}
            columns={[
              {
                title: t('reviews.name'), dataIndex: 'name', width: 240,
                render: (name: string, item) => (subject === 'member' ? <Link to={`/members/${item.id}`}>{name}</Link> : name),
              },
              ...(subject === 'member' ? [{ title: t('reviews.inUnit'), dataIndex: 'unitName', width: 200 }] : []),
              {
                title: t('reviews.result'), key: 'result', width: 420,
                render: (_: unknown, item: Item) => {
                  if (item.result) {
                    const result = item.result;
                    return (
                      <Flex gap={8} align="center" wrap="wrap">
                        <LevelTag level={result.level} />
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('reviews.byDecision', { number: result.decision.number })}</Typography.Text>
                        {canWrite && <Button size="small" type="link" onClick={() => setCorrecting({ ...item, result })} data-testid="review-correct">{t('reviews.correct')}</Button>}
                      </Flex>
                    );
                  }
                  if (item.notClassified) return <Tag data-testid="review-not-classified">{t(`reviews.notClassified.${item.notClassified satisfies NotClassifiedReason}` as MessageKey)}</Tag>;
                  if (!canWrite) return <Typography.Text type="secondary">—</Typography.Text>;
                  return (
                    <Select<ReviewLevel>
                      allowClear={clearable} size="small" style={{ width: 260 }} placeholder={t('reviews.pickLevel')} value={chosen[item.id]}
                      onChange={(level) => setChosen((current) => {
                        const next = { ...current };
                        if (level) next[item.id] = level;
                        else delete next[item.id];
                        return next;
                      })}
                      options={REVIEW_LEVELS.map((value) => ({ value, label: label(REVIEW_LEVEL_LABELS[value]) }))} data-testid="review-level-select"
                    />
                  );
                },
              },
            ]}
          />
          {list.hasNextPage && (
            <Flex justify="center" style={{ marginTop: 12 }}>
              <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="reviews-load-more">{t('common.loadMore')}</Button>
            </Flex>
          )}
        </>
      )}
      {correcting && <CorrectModal item={correcting} onClose={() => setCorrecting(null)} />}
    </div>
  );
}

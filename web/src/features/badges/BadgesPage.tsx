/**
 * Members due a party badge on a presentation day (3/2, 19/5, 2/9 or 7/11; the next one by default), in the caller's
 * scope or one unit's subtree, with the milestone, the day it is reached and early awards for the seriously ill; an
 * officer who may write records the badges presented under the provincial committee's decision.
 */
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { App, Button, Card, Col, Flex, Form, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined, TrophyOutlined } from '@ant-design/icons';
import type { z } from 'zod';
import type { badgeDueItemSchema } from '../../../../src/contracts/member-import.ts';
import type { Decision } from '../../../../src/contracts/decisions.ts';
import { badgeRulesFor, isPresentationDay, nextPresentationDay } from '../../../../src/rules/party-age.ts';
import { useI18n } from '../../i18n/index.tsx';
import { notifyError } from '../../app/notify.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDate, todayInVietnam } from '../../lib/dates.ts';
import { useMe } from '../auth/api.ts';
import { DecisionPicker } from '../decisions/DecisionPicker.tsx';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { STATUS_COLORS, useMemberLabels } from '../members/labels.ts';
import type { MemberStatus } from '../../../../src/contracts/members.ts';
import { exportBadgeList, useAwardBadges, useBadgesDue } from './api.ts';
import { UnitWithPlace } from '../orgs/UnitPlace.tsx';

type BadgeDueItem = z.infer<typeof badgeDueItemSchema>;

/** Presentation days from two years back to two years ahead, newest first, from the rules in force each year. */
export function presentationDays(today: string): string[] {
  const year = Number(today.slice(0, 4));
  const days: string[] = [];
  for (let y = year - 2; y <= year + 2; y++) {
    for (const day of badgeRulesFor(`${y}-01-01`).presentationDays) {
      days.push(`${y}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`);
    }
  }
  return days.sort().reverse();
}

function AwardModal({ presentationDate, items, onClose }: { presentationDate: string; items: BadgeDueItem[]; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ decision: Decision | null }>();
  const award = useAwardBadges();
  const submit = async () => {
    const values = await form.validateFields();
    const result = await award.mutateAsync({
      presentationDate,
      decisionId: values.decision!.id,
      awards: items.map((item) => ({ memberId: item.memberId, milestone: item.milestone })),
    });
    message.success(t('badges.awarded', { count: result.awarded.length }));
    onClose();
  };
  return (
    <Modal
      open
      title={t('badges.awardTitle', { date: formatDate(presentationDate) })}
      okText={t('badges.award')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={award.isPending}
      onCancel={onClose}
      destroyOnHidden
      data-testid="award-modal"
    >
      <Typography.Paragraph>{t('badges.awardHelp', { count: items.length })}</Typography.Paragraph>
      <ErrorAlert error={award.error} />
      <Form form={form} layout="vertical" initialValues={{ decision: null }}>
        <Form.Item name="decision" label={t('command.decision')} rules={[{ required: true, message: t('validation.required') }]}>
          <DecisionPicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function BadgesPage() {
  const { t } = useI18n();
  const labels = useMemberLabels();
  const me = useMe().data;
  const canWrite = !!me?.abilities.includes('member.write');
  const today = todayInVietnam();
  const days = useMemo(() => presentationDays(today), [today]);
  // A link may name the day (the home page's "badges due" card): `?date=yyyy-mm-dd`.
  const [params] = useSearchParams();
  const asked = params.get('date');
  const [date, setDate] = useState(() => (asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) && isPresentationDay(asked) ? asked : nextPresentationDay(today)));
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [awarding, setAwarding] = useState(false);
  const due = useBadgesDue(date, unit?.id);
  const items = due.data?.items ?? [];
  const canAward = canWrite && date <= today;
  const total = Object.values(due.data?.byMilestone ?? {}).reduce((sum, count) => sum + count, 0);
  const [downloading, setDownloading] = useState(false);
  const download = (format: 'xlsx' | 'pdf') => {
    setDownloading(true);
    exportBadgeList(date, unit?.id, format).catch(notifyError).finally(() => setDownloading(false));
  };

  return (
    <div data-testid="badges-page">
      <PageHeader
        title={t('badges.title')}
        subtitle={due.data ? t('badges.subtitle', { regulation: due.data.regulation }) : t('badges.subtitleShort')}
        extra={(
          <>
            <Button icon={<DownloadOutlined />} loading={downloading} disabled={!items.length} onClick={() => download('xlsx')} data-testid="badges-export">{t('badges.export')}</Button>
            <Button icon={<PrinterOutlined />} loading={downloading} disabled={!items.length} onClick={() => download('pdf')} data-testid="badges-print">{t('badges.print')}</Button>
            {canAward && (
              <Button type="primary" icon={<TrophyOutlined />} disabled={selected.length === 0} onClick={() => setAwarding(true)} data-testid="badges-award">
                {t('badges.awardSelected', { count: selected.length })}
              </Button>
            )}
          </>
        )}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[12, 12]}>
          <Col xs={24} md={8}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('badges.presentationDate')}</Typography.Text>
            <Select
              style={{ width: '100%' }}
              value={date}
              onChange={(value) => { setDate(value); setSelected([]); }}
              options={days.map((day) => ({ value: day, label: `${formatDate(day)}${day === nextPresentationDay(today) ? ` · ${t('badges.next')}` : ''}` }))}
              aria-label={t('badges.presentationDate')}
              data-testid="badges-date"
            />
          </Col>
          <Col xs={24} md={16}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('badges.unit')}</Typography.Text>
            <UnitPicker date={today} value={unit} onChange={(value) => { setUnit(value); setSelected([]); }} placeholder={t('badges.unitPlaceholder')} data-testid="badges-unit" />
          </Col>
        </Row>
        {due.data && (
          <Space size={[4, 4]} wrap style={{ marginTop: 12 }} data-testid="badges-summary">
            <Typography.Text strong data-testid="badges-count">{t('badges.count', { count: total, date: formatDate(date) })}</Typography.Text>
            {due.data.presented > 0 && <Typography.Text type="secondary" data-testid="badges-presented">{t('badges.presentedCount', { count: due.data.presented })}</Typography.Text>}
            {Object.entries(due.data.byMilestone).sort(([a], [b]) => Number(a) - Number(b)).map(([milestone, count]) => (
              <Tag key={milestone} color="gold">{t('badges.milestone', { years: milestone })}: {count}</Tag>
            ))}
          </Space>
        )}
      </Card>
      <Table<BadgeDueItem>
        size="small"
        rowKey="memberId"
        loading={due.isFetching}
        dataSource={items}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: true }}
        data-testid="badges-table"
        locale={{ emptyText: t('badges.none') }}
        rowSelection={canAward ? {
          selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]),
          // Already presented, or no longer in the party (a past day's list): nothing to record.
          getCheckboxProps: (item) => ({ disabled: item.presentedOn !== null || item.left !== null }),
        } : undefined}
        columns={[
          { title: t('members.fullName'), dataIndex: 'fullName', width: 210, fixed: 'left', render: (value: string, item) => <Link to={`/members/${item.memberId}`}>{value}</Link> },
          { title: t('members.birthDate'), dataIndex: 'birthDate', width: 105, render: (value: string) => formatDate(value) },
          { title: t('members.unit'), dataIndex: 'unitName', width: 240, render: (value: string, item) => <UnitWithPlace id={item.unitId} name={value} place={item.unitPlace} link={false} /> },
          { title: t('members.admissionDate'), dataIndex: 'admissionDate', width: 115, render: (value: string) => formatDate(value) },
          { title: t('badges.badge'), dataIndex: 'milestone', width: 120, render: (value: number) => <Tag color="gold" data-testid="badge-milestone">{t('badges.milestone', { years: value })}</Tag> },
          { title: t('badges.reachedOn'), dataIndex: 'reachedOn', width: 115, render: (value: string) => formatDate(value) },
          { title: t('badges.partyAge'), dataIndex: 'partyAgeYears', width: 100, render: (value: number) => t('badges.years', { years: value }) },
          {
            title: t('badges.notes'), key: 'notes', width: 180,
            render: (_, item) => (
              <Space size={4} wrap>
                {item.presentedOn && <Tag color="green" data-testid="badge-presented">{t('badges.presentedOn', { date: formatDate(item.presentedOn) })}</Tag>}
                {item.left && (
                  <Tag color={STATUS_COLORS[item.left.status as MemberStatus]} data-testid="badge-left">
                    {labels.status(item.left.status as MemberStatus)} {formatDate(item.left.since)}
                  </Tag>
                )}
                {item.early && <Tag color="purple">{t('badges.early')}</Tag>}
                {item.seriouslyIll && <Tag color="magenta">{t('badges.seriouslyIll')}</Tag>}
              </Space>
            ),
          },
        ]}
      />
      {items.length > 0 && (
        <Flex justify="end" style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{t('badges.footnote')}</Typography.Text>
        </Flex>
      )}
      {awarding && (
        <AwardModal
          presentationDate={date}
          items={items.filter((item) => selected.includes(item.memberId))}
          onClose={() => { setAwarding(false); setSelected([]); }}
        />
      )}
    </div>
  );
}

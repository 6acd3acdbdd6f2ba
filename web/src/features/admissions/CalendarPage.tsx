/**
 * The working-day calendar of a year (DOMAIN.md §9; Labour Code 2019 Art. 112): the public holidays, Tết and the Hùng
 * Kings' day computed from the lunar calendar, and the centre's adjustments (a weekday off, a weekend day worked), with
 * the form to add or withdraw one for those allowed. Every deadline in working days is counted on it.
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { Decision } from '../../../../src/contracts/decisions.ts';
import { useI18n } from '../../i18n/index.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DateField } from '../../components/DateField.tsx';
import { dayjs, formatDate, todayInVietnam } from '../../lib/dates.ts';
import { useMe } from '../auth/api.ts';
import { DecisionPicker } from '../decisions/DecisionPicker.tsx';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { useAddOverride, useCalendar, useVoidOverride } from './api.ts';

interface OverrideValues { date: string | null; kind: 'day_off' | 'working_day'; name: string; decision?: Decision | null }

function weekday(date: string, locale: string): string {
  return dayjs(date).toDate().toLocaleDateString(locale === 'vi' ? 'vi-VN' : 'en-GB', { weekday: 'long' });
}

function AddOverrideForm({ year }: { year: number }) {
  const { t } = useI18n();
  const [form] = Form.useForm<OverrideValues>();
  const add = useAddOverride();
  const required = [{ required: true, message: t('validation.required') }];
  const submit = async () => {
    const values = await form.validateFields();
    await add.mutateAsync({ date: values.date!, kind: values.kind, name: values.name.trim(), decisionId: values.decision?.id ?? null });
    form.resetFields();
  };
  return (
    <Card size="small" title={t('admissions.addOverride')} style={{ marginBottom: 12 }}>
      <ErrorAlert error={add.error} testId="override-error" />
      <Form<OverrideValues> form={form} layout="vertical" initialValues={{ kind: 'day_off', date: null, decision: null }} data-testid="override-form">
        <Row gutter={12}>
          <Col xs={12} md={5}>
            <Form.Item name="date" label={t('admissions.date')} rules={required}>
              <DateField style={{ width: '100%' }} disabledDate={(day) => day.year() !== year} data-testid="override-date" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="kind" label={t('admissions.overrideKind')} rules={required}>
              <Select options={(['day_off', 'working_day'] as const).map((value) => ({ value, label: t(`admissions.override.${value}`) }))} data-testid="override-kind" />
            </Form.Item>
          </Col>
          <Col xs={24} md={13}>
            <Form.Item name="name" label={t('admissions.overrideName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input maxLength={300} data-testid="override-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="decision" label={t('admissions.decision')}>
              <DecisionPicker allowCreate={false} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8} style={{ display: 'flex', alignItems: 'end' }}>
            <Form.Item>
              <Button type="primary" loading={add.isPending} onClick={() => void submit().catch(() => undefined)} data-testid="override-submit">{t('admissions.addOverride')}</Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Card>
  );
}

function VoidOverrideModal({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const voiding = useVoidOverride();
  return (
    <Modal
      open title={t('admissions.voidOverride')} okText={t('admissions.voidOverride')} cancelText={t('common.cancel')} onCancel={onClose} destroyOnHidden
      okButtonProps={{ disabled: !reason.trim(), danger: true, 'data-testid': 'override-void-submit' }} confirmLoading={voiding.isPending}
      onOk={() => void voiding.mutateAsync({ id, reason: reason.trim() }).then(onClose).catch(() => undefined)}
    >
      <ErrorAlert error={voiding.error} />
      <Typography.Text>{t('admissions.voidReason')}</Typography.Text>
      <Input.TextArea rows={2} maxLength={2000} value={reason} onChange={(event) => setReason(event.target.value)} data-testid="override-void-reason" />
    </Modal>
  );
}

export function CalendarPage() {
  const { t, locale } = useI18n();
  const me = useMe().data;
  const canWrite = !!me?.abilities.includes('calendar.write');
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('year'));
  const year = asked >= 1990 && asked <= 2100 ? asked : Number(todayInVietnam().slice(0, 4));
  const calendar = useCalendar(year);
  const [voiding, setVoiding] = useState<number | null>(null);
  const setYear = (next: number | null) => next && setParams({ year: String(next) }, { replace: true });
  const dateColumns = [
    { title: t('admissions.date'), dataIndex: 'date', width: 110, render: (value: string) => formatDate(value) },
    { title: t('admissions.weekday'), dataIndex: 'date', key: 'weekday', width: 110, render: (value: string) => weekday(value, locale) },
  ];

  return (
    <div data-testid="calendar-page">
      <PageHeader
        title={t('admissions.calendarTitle', { year })}
        subtitle={t('admissions.calendarSubtitle')}
        extra={(
          <Space>
            <Typography.Text>{t('admissions.year')}</Typography.Text>
            <InputNumber min={1990} max={2100} value={year} onChange={setYear} data-testid="calendar-year" />
          </Space>
        )}
      />
      <ErrorAlert error={calendar.error} />
      {calendar.data && <Typography.Paragraph data-testid="calendar-days-off">{t('admissions.daysOff', { count: calendar.data.daysOff.length })}</Typography.Paragraph>}
      <Row gutter={12}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('admissions.holidays')} style={{ marginBottom: 12 }}>
            <Table
              size="small" rowKey="date" pagination={false} loading={calendar.isFetching} dataSource={calendar.data?.holidays ?? []} data-testid="calendar-holidays"
              columns={[...dateColumns, { title: t('admissions.overrideName'), dataIndex: 'name' }]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          {canWrite && <AddOverrideForm year={year} />}
          <Card size="small" title={t('admissions.overrides')} style={{ marginBottom: 12 }}>
            <Table
              size="small" rowKey="id" pagination={false} loading={calendar.isFetching} dataSource={calendar.data?.overrides ?? []} data-testid="calendar-overrides"
              locale={{ emptyText: t('admissions.overridesNone') }}
              columns={[
                ...dateColumns,
                { title: t('admissions.overrideName'), dataIndex: 'name', render: (value: string, row) => <>{value} <Tag color={row.kind === 'day_off' ? 'red' : 'blue'}>{t(`admissions.override.${row.kind}`)}</Tag></> },
                ...(canWrite ? [{ title: '', key: 'void', width: 90, render: (_: unknown, row: { id: number }) => <Button size="small" danger onClick={() => setVoiding(row.id)} data-testid="override-void">{t('admissions.voidOverride')}</Button> }] : []),
              ]}
            />
          </Card>
        </Col>
      </Row>
      {voiding !== null && <VoidOverrideModal id={voiding} onClose={() => setVoiding(null)} />}
    </div>
  );
}

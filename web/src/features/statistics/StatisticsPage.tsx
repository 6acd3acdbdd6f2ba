/**
 * The statistics page: a standard form (members, their changes over a period, the organizations) for a unit, as of a
 * report date or over a period, each section a table with its chart; a number opens its drill-down (the units
 * directly under the unit, the members counted); the form downloads as Excel or PDF, laid out by the server. The
 * choices live in the URL (`choices.ts`).
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Flex, Form, Row, Select, Skeleton, Spin, Tabs, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/index.tsx';
import { notifyError } from '../../app/notify.ts';
import { DateField } from '../../components/DateField.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDate, todayInVietnam } from '../../lib/dates.ts';
import { useMe } from '../auth/api.ts';
import { useHome } from '../home/api.ts';
import { useUnit } from '../orgs/api.ts';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { exportStatisticsForm, useFormSubmission, useStatisticsForm, useStatisticsForms } from './api.ts';
import { askOf, formChoice, useStatisticsChoices } from './choices.ts';
import { FigureDrawer, type PickedFigure } from './FigureDrawer.tsx';
import { FormSection } from './FormSection.tsx';
import { SubmissionsPanel } from './SubmissionsPanel.tsx';
import { SubmissionState, SubmitButton } from './SubmitButton.tsx';
import { TargetsPanel } from './TargetsPanel.tsx';

const isFuture = (day: { format: (pattern: string) => string }) => day.format('YYYY-MM-DD') > todayInVietnam();

/** The unit shown when the URL names none: the caller's first granted unit, else the first unit of their home page. */
function useDefaultUnitId(): number | undefined {
  const me = useMe().data;
  const home = useHome();
  return me?.grants[0]?.unitId ?? home.data?.units[0]?.unitId;
}

export function StatisticsPage() {
  const { t, locale } = useI18n();
  const [choices, choose, params] = useStatisticsChoices();
  const defaultUnitId = useDefaultUnitId();
  const forms = useStatisticsForms();
  const [picked, setPicked] = useState<PickedFigure | null>(null);
  const [downloading, setDownloading] = useState<'xlsx' | 'pdf' | null>(null);
  // Another choice (a unit followed from the drill-down, the back button) closes the drill-down of the previous one.
  const choiceText = params.toString();
  useEffect(() => setPicked(null), [choiceText]);

  const formList = forms.data?.forms ?? [];
  const chosenForm = formList.find((form) => form.key === choices.form) ?? formList[0];
  const kind = chosenForm?.kind ?? 'stock';
  const unitId = choices.unitId ?? defaultUnitId;
  const ask = unitId !== undefined && chosenForm ? askOf(kind, unitId, choices) : null;
  // The tree of the form's date (the period's end): the units a person may pick are those that stood then.
  const treeDate = kind === 'flow' ? choices.to : choices.date;
  const unitDetail = useUnit(unitId, treeDate);
  // The form is counted only while its tab is shown (a province's form takes seconds).
  const form = useStatisticsForm(chosenForm?.key, choices.tab === 'forms' ? ask : null);
  // Whether this form is already sent for this unit and date or period: a standing submission locks it.
  const standing = useFormSubmission(chosenForm?.key, choices.tab === 'forms' ? ask : null);
  const submission = standing.data?.submission ?? null;

  const unit: PickedUnit | null = unitDetail.data && unitDetail.data.id === unitId
    ? { id: unitDetail.data.id, name: unitDetail.data.name, code: unitDetail.data.code, kind: unitDetail.data.kind, level: unitDetail.data.level, parentId: unitDetail.data.parentId, place: unitDetail.data.place }
    : unitId !== undefined && form.data?.unitId === unitId ? { id: unitId, name: form.data.unitName, code: '', kind: '', level: '', parentId: null } : null;

  const download = (format: 'xlsx' | 'pdf') => {
    if (!chosenForm || !ask) return;
    setDownloading(format);
    exportStatisticsForm(chosenForm.key, ask, format).catch(notifyError).finally(() => setDownloading(null));
  };
  const canDownload = !!form.data && !form.isError && downloading === null;
  const canSubmit = !!useMe().data?.abilities.includes('statistics.submit');
  const isForms = choices.tab === 'forms';

  return (
    <div data-testid="statistics-page">
      <PageHeader
        title={t('statistics.title')}
        subtitle={t('statistics.subtitle')}
        extra={isForms && (
          <>
            {canSubmit && chosenForm && ask && (
              <SubmitButton
                formKey={chosenForm.key}
                formTitle={chosenForm.title[locale]}
                unitName={unit?.name ?? form.data?.unitName ?? ''}
                ask={ask}
                disabled={!form.data || form.isError || form.isFetching || standing.isLoading}
                locked={submission?.status === 'submitted'}
              />
            )}
            <Button icon={<DownloadOutlined />} loading={downloading === 'xlsx'} disabled={!canDownload} onClick={() => download('xlsx')} data-testid="statistics-xlsx">{t('statistics.exportXlsx')}</Button>
            <Button icon={<PrinterOutlined />} loading={downloading === 'pdf'} disabled={!canDownload} onClick={() => download('pdf')} data-testid="statistics-pdf">{t('statistics.exportPdf')}</Button>
          </>
        )}
      />
      <Tabs
        activeKey={choices.tab}
        onChange={(tab) => choose({ tab: tab === 'forms' ? null : tab })}
        items={[
          { key: 'forms', label: <span data-testid="statistics-tab-forms">{t('statistics.tabForms')}</span> },
          { key: 'submissions', label: <span data-testid="statistics-tab-submissions">{t('statistics.tabSubmissions')}</span> },
          { key: 'targets', label: <span data-testid="statistics-tab-targets">{t('statistics.tabTargets')}</span> },
        ]}
        style={{ marginBottom: 4 }}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form layout="vertical" component="div">
          <Row gutter={[12, 0]}>
            {isForms && (<Col xs={24} md={8}>
              <Form.Item label={t('statistics.form')} style={{ marginBottom: 8 }}>
                <Select
                  value={chosenForm?.key}
                  loading={forms.isLoading}
                  onChange={(key: string) => choose(formChoice(choices, kind, key, formList.find((item) => item.key === key)?.kind ?? 'stock'))}
                  options={formList.map((item) => ({ value: item.key, label: item.title[locale] }))}
                  data-testid="statistics-form"
                />
              </Form.Item>
            </Col>)}
            <Col xs={24} md={kind === 'flow' ? 8 : 10}>
              <Form.Item label={t('statistics.unit')} style={{ marginBottom: 8 }}>
                <UnitPicker date={treeDate} value={unit} onChange={(next) => { if (next) choose({ unitId: next.id }); }} data-testid="statistics-unit" />
              </Form.Item>
            </Col>
            {!isForms ? null : kind === 'flow'
              ? (
                <>
                  <Col xs={24} sm={12} md={4}>
                    <Form.Item label={t('common.fromDate')} style={{ marginBottom: 8 }}>
                      <DateField value={choices.from} allowClear={false} disabledDate={isFuture} onChange={(from) => from && choose({ from })} style={{ width: '100%' }} data-testid="statistics-from" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12} md={4}>
                    <Form.Item label={t('common.toDate')} style={{ marginBottom: 8 }}>
                      <DateField value={choices.to} allowClear={false} disabledDate={isFuture} onChange={(to) => to && choose({ to })} style={{ width: '100%' }} data-testid="statistics-to" />
                    </Form.Item>
                  </Col>
                </>
              )
              : (
                <Col xs={24} md={6}>
                  <Form.Item label={t('statistics.reportDate')} style={{ marginBottom: 8 }}>
                    <DateField value={choices.date} allowClear={false} disabledDate={isFuture} onChange={(date) => date && choose({ date })} style={{ width: '100%' }} data-testid="statistics-date" />
                  </Form.Item>
                </Col>
              )}
          </Row>
        </Form>
      </Card>
      {!isForms && unitId === undefined && <Alert type="info" showIcon title={t('statistics.noUnit')} />}
      {choices.tab === 'submissions' && unitId !== undefined && <SubmissionsPanel unitId={unitId} />}
      {choices.tab === 'targets' && unitId !== undefined && <TargetsPanel unitId={unitId} parentUnitId={unitDetail.data?.id === unitId ? unitDetail.data.parentId ?? null : null} />}
      {isForms && <>
      {forms.error && <ErrorAlert error={forms.error} testId="statistics-error" />}
      {form.error && <ErrorAlert error={form.error} testId="statistics-error" />}
      {forms.data && formList.length === 0 && <Empty description={t('statistics.noForms')} />}
      {forms.data && formList.length > 0 && unitId === undefined && <Alert type="info" showIcon title={t('statistics.noUnit')} />}
      {submission && <SubmissionState submission={submission} />}
      {form.isLoading && <Skeleton active paragraph={{ rows: 8 }} />}
      {form.data && !form.isError && (
        <Spin spinning={form.isFetching}>
          <div data-testid="statistics-form-view" data-form={form.data.key} data-unit-id={form.data.unitId} data-date={form.data.date ?? undefined}
            data-from={form.data.from ?? undefined} data-to={form.data.to ?? undefined} data-loaded={form.isFetching ? undefined : 'true'}>
            <Flex vertical gap={2} style={{ marginBottom: 12 }}>
              <Typography.Title level={4} style={{ margin: 0 }}>{form.data.title[locale]}</Typography.Title>
              <Typography.Text strong data-testid="statistics-unit-name">{form.data.unitName}</Typography.Text>
              <Typography.Text type="secondary" data-testid="statistics-when">
                {form.data.kind === 'flow'
                  ? t('statistics.period', { from: formatDate(form.data.from), to: formatDate(form.data.to) })
                  : t('statistics.asOf', { date: formatDate(form.data.date) })}
                {' · '}{t('statistics.regulation', { regulation: form.data.regulation })}
              </Typography.Text>
            </Flex>
            {form.data.sections.map((section) => <FormSection key={section.key} section={section} onPick={setPicked} />)}
          </div>
        </Spin>
      )}
      </>}
      {ask && <FigureDrawer picked={picked} ask={ask} isFlow={kind === 'flow'} params={params} onClose={() => setPicked(null)} />}
    </div>
  );
}

/**
 * Importing members from a spreadsheet, step by step: download the template; upload an .xlsx or .csv file for a unit;
 * check the column mapping the server proposes; validate (a progress bar while a large file runs); read the bad rows
 * and their reasons, download the error report (.xlsx) to fix; then apply nothing, or only the good rows (or all,
 * when every row is good). Recent imports of the caller's units are listed to come back to.
 */
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert, Button, Card, Col, Descriptions, Flex, Form, Progress, Radio, Result, Row, Segmented, Select, Space, Statistic, Steps, Table, Tag, Typography, Upload,
} from 'antd';
import { DownloadOutlined, FileExcelOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  IMPORT_FIELDS, IMPORT_KEEP_DAYS, IMPORT_MAX_BYTES, type ImportJob, type ImportMapping, type ImportRow,
} from '../../../../src/contracts/member-import.ts';
import type { Decision } from '../../../../src/contracts/decisions.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { DateField } from '../../components/DateField.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDateTime, formatDay, todayInVietnam } from '../../lib/dates.ts';
import { notifyError } from '../../app/notify.ts';
import { useMe } from '../auth/api.ts';
import { DecisionPicker } from '../decisions/DecisionPicker.tsx';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { ListTotal } from '../orgs/ListTotal.tsx';
import {
  downloadErrorReport, downloadTemplate, importKeys, uploadImportFile, useImportJob, useImportJobs, useImportRows, useStartApply,
  useStartValidation,
} from './api.ts';
import { useClearable } from '../../components/clearable.ts';

const STATUS_COLORS: Record<ImportJob['status'], string> = {
  uploaded: 'default', validating: 'processing', validated: 'blue', applying: 'processing', applied: 'green', failed: 'red',
};

function UploadStep({ onUploaded }: { onUploaded: (job: ImportJob) => void }) {
  const { t, locale } = useI18n();
  const me = useMe().data;
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState(false);
  return (
    <Card size="small" data-testid="import-upload">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Flex wrap gap={8} align="center" justify="space-between">
          <Typography.Text>{t('import.templateHelp')}</Typography.Text>
          <Button
            icon={<FileExcelOutlined />}
            loading={downloading}
            onClick={() => {
              setDownloading(true);
              downloadTemplate(unit?.id).catch(notifyError).finally(() => setDownloading(false));
            }}
            data-testid="import-template"
          >
            {t('import.downloadTemplate')}
          </Button>
        </Flex>
        <div>
          <Typography.Text type="secondary">{t('import.unit')}</Typography.Text>
          <UnitPicker date={todayInVietnam()} value={unit} onChange={setUnit} placeholder={t('import.unitPlaceholder')} data-testid="import-unit" />
        </div>
        <ErrorAlert error={error} testId="import-error" />
        <Upload.Dragger
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          multiple={false}
          showUploadList={false}
          disabled={!unit || percent !== null}
          data-testid="import-dropzone"
          beforeUpload={(file) => {
            setError(null);
            if (file.size > IMPORT_MAX_BYTES) {
              setError(new Error(t('import.tooLarge')));
              return Upload.LIST_IGNORE;
            }
            setPercent(0);
            uploadImportFile({ file, unitId: unit!.id, csrfToken: me?.csrfToken ?? '', locale, onProgress: setPercent })
              .then(onUploaded, setError)
              .finally(() => setPercent(null));
            return false;
          }}
        >
          <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          <p className="ant-upload-text">{unit ? t('import.dropHere') : t('import.pickUnitFirst')}</p>
          <p className="ant-upload-hint">{t('import.formats')}</p>
        </Upload.Dragger>
        {percent !== null && <Progress percent={percent} status="active" data-testid="upload-progress" />}
      </Space>
    </Card>
  );
}

interface MappingValues {
  mapping: Record<string, number | null | undefined>;
  effectiveDate: string | null;
  decision: Decision | null;
}

function MappingStep({ job }: { job: ImportJob }) {
  const { t, locale } = useI18n();
  const clearable = useClearable();
  const [form] = Form.useForm<MappingValues>();
  const validate = useStartValidation();
  const headerOptions = job.headers.map((header) => ({ value: header.index, label: header.text || t('import.columnN', { n: header.index + 1 }) }));
  const initialMapping = job.mapping ?? job.proposedMapping;
  const submit = async () => {
    const values = await form.validateFields();
    const mapping: ImportMapping = {};
    for (const field of IMPORT_FIELDS) {
      const index = values.mapping[field.key];
      mapping[field.key] = index === undefined ? null : index;
    }
    await validate.mutateAsync({
      id: job.id,
      mapping,
      effectiveDate: values.effectiveDate ?? undefined,
      decisionId: values.decision?.id ?? null,
      expectedRowVersion: job.rowVersion,
    });
  };
  return (
    <Card size="small" title={t('import.mappingTitle', { file: job.filename })} data-testid="import-mapping">
      <Typography.Paragraph type="secondary">{t('import.mappingHelp')}</Typography.Paragraph>
      <ErrorAlert error={validate.error} testId="import-error" />
      <Form<MappingValues>
        form={form}
        layout="vertical"
        initialValues={{ mapping: Object.fromEntries(IMPORT_FIELDS.map((field) => [field.key, initialMapping[field.key] ?? undefined])), effectiveDate: job.effectiveDate ?? todayInVietnam(), decision: null }}
      >
        <Row gutter={[12, 0]}>
          {IMPORT_FIELDS.map((field) => (
            <Col xs={24} sm={12} lg={8} key={field.key}>
              <Form.Item
                name={['mapping', field.key]}
                label={field[locale]}
                rules={field.required ? [{ required: true, message: t('import.requiredColumn') }] : undefined}
                style={{ marginBottom: 8 }}
              >
                <Select allowClear={clearable} placeholder={t('import.notInFile')} options={headerOptions} data-testid={`map-${field.key}`} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="effectiveDate" label={t('import.effectiveDate')} extra={t('import.effectiveDateHelp')}>
              <DateField style={{ width: '100%' }} disabledDate={(day) => day.format('YYYY-MM-DD') > todayInVietnam()} />
            </Form.Item>
          </Col>
          <Col xs={24} lg={16}>
            <Form.Item name="decision" label={t('import.decision')}>
              <DecisionPicker />
            </Form.Item>
          </Col>
        </Row>
        <Flex justify="end">
          <Button type="primary" loading={validate.isPending} onClick={() => void submit().catch(() => undefined)} data-testid="import-validate">{t('import.validate')}</Button>
        </Flex>
      </Form>
    </Card>
  );
}

/** A job's rows with their problems: the invalid ones (the default when there are some) or all, loaded a page at a time. */
function RowsTable({ job, invalidOnly }: { job: ImportJob; invalidOnly: boolean }) {
  const { t } = useI18n();
  const rows = useImportRows(job, invalidOnly);
  const items = rows.data?.pages.flatMap((page) => page.items) ?? [];
  const first = rows.data?.pages[0];
  const headerOf = (field: string) => {
    const index = job.mapping?.[field as keyof ImportMapping];
    return index == null ? undefined : job.headers.find((header) => header.index === index)?.text;
  };
  const cellOf = (row: ImportRow, field: string) => {
    const header = headerOf(field);
    return header ? row.values[header] ?? '' : '';
  };
  const nameHeader = headerOf('fullName');
  return (
    <div data-testid="import-rows">
      <Flex wrap gap={8} style={{ marginBottom: 8 }}>
        <ListTotal total={first?.total} capped={first?.totalCapped} testId="import-rows-total" />
        {first && first.total !== null && (
          <Typography.Text type="secondary" data-testid="import-rows-shown">{t('import.rowsShown', { count: items.length })}</Typography.Text>
        )}
      </Flex>
      <Table<ImportRow>
        size="small"
        rowKey="rowNumber"
        loading={rows.isFetching && !rows.isFetchingNextPage}
        dataSource={items}
        pagination={false}
        scroll={{ x: 720 }}
        data-testid="import-bad-rows"
        onRow={(row) => ({ 'data-row-number': row.rowNumber } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: t('import.row'), dataIndex: 'rowNumber', width: 70 },
          { title: t('members.fullName'), key: 'name', width: 200, render: (_, row) => (nameHeader ? row.values[nameHeader] : '') || '—' },
          {
            title: t('import.problems'), key: 'problems',
            render: (_, row) => (row.problems.length === 0
              ? <Tag color={row.memberId ? 'green' : 'blue'}>{row.memberId ? t('import.rowApplied') : t('import.rowValid')}</Tag>
              : (
                <div>
                  {row.problems.map((problem, index) => {
                    const value = cellOf(row, problem.field);
                    return (
                      <div key={index} data-testid="import-problem">
                        {problem.message}
                        {value && <Typography.Text type="secondary"> ({value})</Typography.Text>}
                      </div>
                    );
                  })}
                </div>
              )),
          },
        ]}
      />
      {rows.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void rows.fetchNextPage()} loading={rows.isFetchingNextPage} data-testid="import-rows-more">{t('common.loadMore')}</Button>
        </Flex>
      )}
    </div>
  );
}

/** The rows view with its filter: the invalid rows only, or every row. */
function JobRows({ job }: { job: ImportJob }) {
  const { t } = useI18n();
  const [invalidOnly, setInvalidOnly] = useState(job.invalidRows > 0);
  return (
    <>
      <Segmented
        size="small"
        style={{ marginBottom: 8 }}
        value={invalidOnly ? 'invalid' : 'all'}
        onChange={(value) => setInvalidOnly(value === 'invalid')}
        options={[
          { value: 'invalid', label: <span data-testid="import-rows-invalid">{t('import.onlyInvalid', { count: job.invalidRows })}</span> },
          { value: 'all', label: <span data-testid="import-rows-all">{t('import.allRows', { count: job.validRows + job.invalidRows })}</span> },
        ]}
        data-testid="import-rows-filter"
      />
      <RowsTable job={job} invalidOnly={invalidOnly} />
    </>
  );
}

function ResultStep({ job, onRestart }: { job: ImportJob; onRestart: () => void }) {
  const { t } = useI18n();
  const apply = useStartApply();
  const [mode, setMode] = useState<'nothing' | 'valid_only'>('valid_only');
  const [downloading, setDownloading] = useState(false);
  const hasBad = job.invalidRows > 0;
  const run = (applyMode: 'all' | 'valid_only') => void apply.mutateAsync({ id: job.id, mode: applyMode, expectedRowVersion: job.rowVersion }).catch(() => undefined);
  return (
    <Card size="small" title={t('import.resultTitle', { file: job.filename })} data-testid="import-result">
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col xs={8}><Statistic title={t('import.totalRows')} value={job.totalRows} data-testid="import-total" /></Col>
        <Col xs={8}><Statistic title={t('import.validRows')} value={job.validRows} styles={{ content: { color: '#389e0d' } }} data-testid="import-valid" /></Col>
        <Col xs={8}><Statistic title={t('import.invalidRows')} value={job.invalidRows} styles={{ content: { color: hasBad ? '#cf1322' : undefined } }} data-testid="import-invalid" /></Col>
      </Row>
      <ErrorAlert error={apply.error} testId="import-error" />
      {hasBad ? (
        <>
          <Flex wrap gap={8} align="center" justify="space-between" style={{ marginBottom: 8 }}>
            <Typography.Text strong>{t('import.badRowsTitle')}</Typography.Text>
            <Button
              icon={<DownloadOutlined />}
              loading={downloading}
              onClick={() => {
                setDownloading(true);
                downloadErrorReport(job).catch(notifyError).finally(() => setDownloading(false));
              }}
              data-testid="import-report"
            >
              {t('import.downloadReport')}
            </Button>
          </Flex>
          <JobRows job={job} />
          <Card size="small" style={{ marginTop: 12, background: '#fafafa' }}>
            <Radio.Group
              value={mode}
              onChange={(event) => setMode(event.target.value)}
              style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
              data-testid="import-mode"
              options={[
                { value: 'nothing', label: <span data-testid="mode-nothing">{t('import.applyNothing')}</span> },
                { value: 'valid_only', label: <span data-testid="mode-valid-only">{t('import.applyValidOnly', { count: job.validRows })}</span>, disabled: job.validRows === 0 },
              ]}
            />
            <Flex justify="end" gap={8} style={{ marginTop: 12 }}>
              {mode === 'nothing'
                ? <Button onClick={onRestart} data-testid="import-restart">{t('import.fixAndRestart')}</Button>
                : <Button type="primary" loading={apply.isPending} onClick={() => run('valid_only')} data-testid="import-apply">{t('import.apply')}</Button>}
            </Flex>
          </Card>
        </>
      ) : (
        <>
          <JobRows job={job} />
          <Flex justify="end" gap={8} style={{ marginTop: 12 }}>
          <Button onClick={onRestart}>{t('common.cancel')}</Button>
          <Button type="primary" loading={apply.isPending} onClick={() => run('all')} data-testid="import-apply">{t('import.applyAll', { count: job.validRows })}</Button>
          </Flex>
        </>
      )}
    </Card>
  );
}

function JobsList({ currentId, onOpen }: { currentId: number | null; onOpen: (id: number) => void }) {
  const { t } = useI18n();
  const jobs = useImportJobs();
  const first = jobs.data?.pages[0];
  return (
    <Card size="small" title={t('import.recent')} extra={<ListTotal total={first?.total} capped={first?.totalCapped} testId="import-jobs-total" />} style={{ marginTop: 12 }}>
      <Table<ImportJob>
        size="small"
        rowKey="id"
        loading={jobs.isFetching && !jobs.isFetchingNextPage}
        dataSource={jobs.data?.pages.flatMap((page) => page.items) ?? []}
        pagination={false}
        scroll={{ x: 700 }}
        data-testid="import-jobs"
        onRow={(job) => ({ style: job.id === currentId ? { background: '#fff7e6' } : undefined })}
        columns={[
          { title: t('import.file'), dataIndex: 'filename', render: (value: string, job) => <Typography.Link onClick={() => onOpen(job.id)}>{value}</Typography.Link> },
          { title: t('import.status'), dataIndex: 'status', width: 150, render: (value: ImportJob['status'], job) => (
            <>
              <Tag color={STATUS_COLORS[value]}>{t(`import.status.${value}` as MessageKey)}</Tag>
              {job.erasedAt && <Tag data-testid="import-job-erased">{t('import.erasedShort')}</Tag>}
            </>
          ) },
          { title: t('import.rowsShort'), key: 'rows', width: 170, render: (_, job) => `${job.validRows}/${job.totalRows} · ${t('import.appliedShort', { count: job.appliedRows })}` },
          { title: t('import.uploadedAt'), dataIndex: 'createdAt', width: 140, render: (value: string) => formatDateTime(value) },
        ]}
      />
      {jobs.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void jobs.fetchNextPage()} loading={jobs.isFetchingNextPage} data-testid="import-jobs-more">{t('common.loadMore')}</Button>
        </Flex>
      )}
    </Card>
  );
}

export function ImportPage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const jobId = Number(params.get('job')) || null;
  const job = useImportJob(jobId);
  const setJobId = (id: number | null) => setParams((current) => {
    const copy = new URLSearchParams(current);
    if (id) copy.set('job', String(id));
    else copy.delete('job');
    return copy;
  });
  const data = job.data;
  const step = useMemo(() => {
    if (!data) return 0;
    if (data.status === 'uploaded' || data.status === 'failed') return 1;
    if (data.status === 'validating' || data.status === 'validated') return 2;
    return 3;
  }, [data]);

  return (
    <div data-testid="import-page">
      <PageHeader
        title={t('import.title')}
        subtitle={t('import.subtitle')}
        extra={jobId ? <Button icon={<ReloadOutlined />} onClick={() => setJobId(null)} data-testid="import-new">{t('import.newImport')}</Button> : undefined}
      />
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 16 }}
        responsive
        items={[{ title: t('import.stepUpload') }, { title: t('import.stepMapping') }, { title: t('import.stepValidate') }, { title: t('import.stepApply') }]}
      />
      {!jobId && (
        <UploadStep
          onUploaded={(uploaded) => {
            queryClient.setQueryData(importKeys.job(uploaded.id), uploaded);
            void queryClient.invalidateQueries({ queryKey: importKeys.jobs() });
            setJobId(uploaded.id);
          }}
        />
      )}
      {jobId && job.isError && <Alert type="error" showIcon title={(job.error as Error).message} />}
      {data && (
        <Descriptions
          size="small"
          style={{ marginBottom: 12 }}
          column={{ xs: 1, sm: 2, md: 4 }}
          items={[
            { key: 'file', label: t('import.file'), children: data.filename },
            { key: 'status', label: t('import.status'), children: <Tag color={STATUS_COLORS[data.status]} data-testid="import-status" data-status={data.status}>{t(`import.status.${data.status}` as MessageKey)}</Tag> },
            { key: 'format', label: t('import.format'), children: data.format.toUpperCase() },
            { key: 'header', label: t('import.headerRow'), children: data.headerRow },
          ]}
        />
      )}
      {data?.status === 'failed' && data.error && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={data.error.message} description={data.error.code} data-testid="import-failed" />
      )}
      {data?.erasedAt && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('import.erased', { date: formatDay(data.erasedAt), days: IMPORT_KEEP_DAYS })} data-testid="import-erased" />
      )}
      {data && !data.erasedAt && (data.status === 'uploaded' || data.status === 'failed') && <MappingStep job={data} />}
      {data && (data.status === 'validating' || data.status === 'applying') && (
        <Card size="small" data-testid="import-progress">
          <Typography.Text>{data.status === 'validating' ? t('import.validating') : t('import.applying')}</Typography.Text>
          {/* The apply writes in one transaction: its progress is the rows written so far, none committed until the last. */}
          <Progress
            status="active"
            percent={data.status === 'validating'
              ? (data.totalRows > 0 ? Math.round((data.processedRows / data.totalRows) * 100) : Math.min(99, data.processedRows > 0 ? 50 : 5))
              : (data.validRows > 0 ? Math.round((data.applyingRows / data.validRows) * 100) : 5)}
            format={() => (data.status === 'validating' ? t('import.rowsRead', { count: data.processedRows }) : t('import.rowsWritten', { count: data.applyingRows, total: data.validRows }))}
          />
        </Card>
      )}
      {data?.status === 'validated' && !data.erasedAt && <ResultStep job={data} onRestart={() => setJobId(null)} />}
      {data?.status === 'applied' && (
        <Result
          status="success"
          title={t('import.appliedTitle', { count: data.appliedRows })}
          subTitle={data.invalidRows > 0 ? t('import.appliedWithBad', { count: data.invalidRows }) : undefined}
          data-testid="import-applied"
          extra={[
            <Link key="members" to="/members"><Button type="primary">{t('import.openMembers')}</Button></Link>,
            <Button key="again" onClick={() => setJobId(null)}>{t('import.newImport')}</Button>,
            ...(data.invalidRows > 0 && !data.erasedAt ? [<Button key="report" icon={<DownloadOutlined />} onClick={() => void downloadErrorReport(data).catch(notifyError)} data-testid="import-report">{t('import.downloadReport')}</Button>] : []),
          ]}
        />
      )}
      <JobsList currentId={jobId} onOpen={setJobId} />
    </div>
  );
}

/**
 * The term's targets (chỉ tiêu nhiệm kỳ) of a unit for a year: each with its actual counted from the data, met or not,
 * its progress, the share due by today for a count still running, and the parts given to the units beneath. Who may
 * submit the unit's figures also defines indicators (a count, or a ratio shown as a percentage, from the catalog's
 * figures) and sets targets, a part of the level above's target naming it.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Empty, Flex, Form, Input, InputNumber, Modal, Progress, Row, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { AimOutlined, PlusOutlined } from '@ant-design/icons';
import type { FigureSpec, TargetProgress } from '../../../../src/contracts/statistics.ts';
import { useI18n } from '../../i18n/index.tsx';
import { NumberInput } from '../../components/NumberInput.tsx';
import { formatDate, todayInVietnam } from '../../lib/dates.ts';
import { formatNumber } from '../../lib/numbers.ts';
import { useMe } from '../auth/api.ts';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { useDefineIndicator, useIndicators, useSetTarget, useStatisticsCatalog, useTargetDashboard } from './api.ts';
import { useClearable } from '../../components/clearable.ts';

/** A ratio's percentage is kept and shown to two decimals ("3,25%"); a count is whole. */
const PERCENT_DIGITS = 2;
const THIS_YEAR = Number(todayInVietnam().slice(0, 4));
/** The party's terms run five years from 2025 (2025–2030), as they did from 2020. */
const termOf = (year: number) => {
  const from = 2025 + 5 * Math.floor((year - 2025) / 5);
  return { termFrom: from, termTo: from + 5 };
};

/** A count ("15"), or a percentage for a ratio indicator ("3,2%"). */
export function formatAmount(amount: number | null, isRatio: boolean): string {
  if (amount === null) return '—';
  return isRatio ? `${formatNumber(amount, PERCENT_DIGITS)}%` : formatNumber(amount);
}

/** How far along the target is, 0–100: up to the value for "at least", within it for "at most". */
function progressOf(target: Pick<TargetProgress, 'comparison' | 'value' | 'actual'>): number {
  const actual = target.actual ?? 0;
  if (target.comparison === 'at_least') return target.value > 0 ? Math.min(100, Math.round((actual / target.value) * 100)) : 100;
  return actual <= target.value ? 100 : Math.round((target.value / actual) * 100);
}

/** Met, not met, or not judged: no figure to judge by yet (a ratio over nothing). */
function MetTag({ met }: { met: boolean | null }) {
  const { t } = useI18n();
  if (met === null) return <Tag data-testid="statistics-target-met" data-met="none">{t('statistics.noData')}</Tag>;
  return met
    ? <Tag color="green" data-testid="statistics-target-met" data-met="true">{t('statistics.met')}</Tag>
    : <Tag color="red" data-testid="statistics-target-met" data-met="false">{t('statistics.notMet')}</Tag>;
}

export function TargetsPanel({ unitId, parentUnitId }: { unitId: number; parentUnitId: number | null }) {
  const { t } = useI18n();
  const me = useMe().data;
  const canWrite = !!me?.abilities.includes('statistics.submit');
  const [year, setYear] = useState(THIS_YEAR);
  const [dialog, setDialog] = useState<'indicator' | 'target' | null>(null);
  const dashboard = useTargetDashboard(unitId, year);
  const data = dashboard.data && dashboard.data.unitId === unitId && dashboard.data.year === year ? dashboard.data : undefined;

  return (
    <div data-testid="statistics-targets" data-loaded={data && !dashboard.isFetching ? 'true' : undefined}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Flex align="center" gap={8}>
          <Typography.Text>{t('statistics.year')}</Typography.Text>
          <InputNumber min={1930} max={2200} value={year} onChange={(next) => next && setYear(next)} style={{ width: 100 }} data-testid="statistics-targets-year" />
        </Flex>
        {canWrite && (
          <Flex wrap gap={8}>
            <Button icon={<PlusOutlined />} onClick={() => setDialog('indicator')} data-testid="statistics-indicator-new">{t('statistics.defineIndicator')}</Button>
            <Button type="primary" icon={<AimOutlined />} onClick={() => setDialog('target')} data-testid="statistics-target-new">{t('statistics.setTarget')}</Button>
          </Flex>
        )}
      </Flex>
      {dashboard.error && <ErrorAlert error={dashboard.error} testId="statistics-error" />}
      {dashboard.isLoading && <Skeleton active paragraph={{ rows: 6 }} />}
      {data && (
        <>
          <Typography.Title level={5} data-testid="statistics-targets-summary" data-met={data.met} data-total={data.total} data-no-data={data.noData}>
            {t('statistics.targetsMet', { met: data.met, total: data.total })}
            {data.noData > 0 && ` (${t('statistics.targetsNoData', { count: data.noData })})`}
          </Typography.Title>
          {data.targets.length === 0 && <Empty description={t('statistics.noTargets')} />}
          <Row gutter={[12, 12]}>
            {data.targets.map((target) => <Col key={target.id} xs={24} xl={12}><TargetCard target={target} /></Col>)}
          </Row>
        </>
      )}
      {dialog === 'indicator' && <IndicatorModal unitId={unitId} onClose={() => setDialog(null)} />}
      {dialog === 'target' && <TargetModal unitId={unitId} parentUnitId={parentUnitId} year={year} onClose={() => setDialog(null)} />}
    </div>
  );
}

function TargetCard({ target }: { target: TargetProgress }) {
  const { t, locale } = useI18n();
  const isRatio = target.indicator.kind === 'ratio';
  const comparison = target.comparison === 'at_least' ? t('statistics.atLeast') : t('statistics.atMost');
  return (
    <Card
      size="small"
      title={<span style={{ whiteSpace: 'normal' }}>{target.indicator.label[locale]}</span>}
      extra={<MetTag met={target.met} />}
      data-testid="statistics-target"
      data-indicator={target.indicator.key}
      data-actual={target.actual ?? ''}
      data-met={target.met === null ? 'none' : String(target.met)}
    >
      <Flex vertical gap={4}>
        <Typography.Text>
          {t('statistics.targetValue')}: <Typography.Text strong data-testid="statistics-target-value">{comparison} {formatAmount(target.value, isRatio)}</Typography.Text>
          {' · '}{t('statistics.actual')}: <Typography.Text strong data-testid="statistics-target-actual">{formatAmount(target.actual, isRatio)}</Typography.Text>
        </Typography.Text>
        {isRatio && target.denominator !== null && (
          <Typography.Text type="secondary">{t('statistics.ratioOf', { numerator: formatNumber(target.numerator), denominator: formatNumber(target.denominator) })}</Typography.Text>
        )}
        {target.met !== null && <Progress percent={progressOf(target)} status={target.met ? 'success' : 'normal'} />}
        {target.expectedByNow !== null && (
          <Typography.Text type="secondary" data-testid="statistics-target-expected">{t('statistics.expectedByNow', { value: formatAmount(target.expectedByNow, isRatio) })}</Typography.Text>
        )}
        <Typography.Text type="secondary">
          {t('statistics.term', { from: target.termFrom, to: target.termTo })}
          {' · '}{t('statistics.period', { from: formatDate(target.from), to: formatDate(target.to) })}
        </Typography.Text>
        {target.note && <Typography.Text>{target.note}</Typography.Text>}
        {target.parts.length > 0 && (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={target.parts}
            scroll={{ x: 420 }}
            columns={[
              { title: t('statistics.childUnit'), key: 'unit', dataIndex: 'unitName' },
              { title: t('statistics.targetValue'), key: 'value', width: 90, align: 'right' as const, render: (_: unknown, part: TargetProgress['parts'][number]) => formatAmount(part.value, isRatio) },
              { title: t('statistics.actual'), key: 'actual', width: 90, align: 'right' as const, render: (_: unknown, part: TargetProgress['parts'][number]) => formatAmount(part.actual, isRatio) },
              { title: '', key: 'met', width: 90, render: (_: unknown, part: TargetProgress['parts'][number]) => <MetTag met={part.met} /> },
            ]}
          />
        )}
      </Flex>
    </Card>
  );
}

/** One figure of an indicator, chosen from the catalog: a source, its measure, optionally a dimension's value, a moment. */
function FigureFields({ value, onChange, testId }: { value: Partial<FigureSpec>; onChange: (next: Partial<FigureSpec>) => void; testId: string }) {
  const { t, locale } = useI18n();
  const clearable = useClearable();
  const catalog = useStatisticsCatalog();
  const sources = catalog.data?.sources ?? [];
  const source = sources.find((item) => item.key === value.source);
  const measure = source?.measures.find((item) => item.key === value.measure);
  const dimension = source?.dimensions.find((item) => item.key === value.by);
  return (
    <Row gutter={[8, 0]}>
      <Col xs={24} sm={12}>
        <Form.Item label={t('statistics.source')} style={{ marginBottom: 8 }}>
          <Select value={value.source} loading={catalog.isLoading} onChange={(next: string) => onChange({ source: next })} options={sources.map((item) => ({ value: item.key, label: item.label[locale] }))} data-testid={`${testId}-source`} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item label={t('statistics.measure')} style={{ marginBottom: 8 }}>
          <Select
            value={value.measure}
            disabled={!source}
            onChange={(next: string) => onChange({ source: value.source, measure: next })}
            options={(source?.measures ?? []).map((item) => ({ value: item.key, label: item.label[locale] }))}
            data-testid={`${testId}-measure`}
          />
        </Form.Item>
      </Col>
      <Col xs={24} sm={8}>
        <Form.Item label={t('statistics.by')} style={{ marginBottom: 8 }}>
          <Select
            allowClear={clearable}
            value={value.by}
            disabled={!measure || measure.dimensions.length === 0}
            onChange={(next: string | undefined) => onChange({ ...value, by: next, value: undefined })}
            options={(source?.dimensions ?? []).filter((item) => measure?.dimensions.includes(item.key)).map((item) => ({ value: item.key, label: item.label[locale] }))}
            data-testid={`${testId}-by`}
          />
        </Form.Item>
      </Col>
      <Col xs={24} sm={8}>
        <Form.Item label={t('statistics.value')} style={{ marginBottom: 8 }}>
          <Select allowClear={clearable} value={value.value} disabled={!dimension} onChange={(next: string | undefined) => onChange({ ...value, value: next })} options={(dimension?.values ?? []).map((item) => ({ value: item.key, label: item.label[locale] }))} data-testid={`${testId}-value`} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={8}>
        <Form.Item label={t('statistics.at')} style={{ marginBottom: 8 }}>
          <Select
            value={value.at ?? 'after'}
            disabled={measure?.kind !== 'stock'}
            onChange={(next: 'before' | 'after') => onChange({ ...value, at: next })}
            options={[{ value: 'before', label: t('statistics.atBefore') }, { value: 'after', label: t('statistics.atAfter') }]}
            data-testid={`${testId}-at`}
          />
        </Form.Item>
      </Col>
    </Row>
  );
}

function specOf(value: Partial<FigureSpec>): FigureSpec | null {
  if (!value.source || !value.measure) return null;
  return {
    source: value.source,
    measure: value.measure,
    ...(value.by && value.value ? { by: value.by, value: value.value } : {}),
    ...(value.at === 'before' ? { at: 'before' as const } : {}),
  };
}

function IndicatorModal({ unitId, onClose }: { unitId: number; onClose: () => void }) {
  const { t } = useI18n();
  const define = useDefineIndicator();
  const [key, setKey] = useState('');
  const [labelVi, setLabelVi] = useState('');
  const [labelEn, setLabelEn] = useState('');
  const [numerator, setNumerator] = useState<Partial<FigureSpec>>({});
  const [isRatio, setIsRatio] = useState(false);
  const [denominator, setDenominator] = useState<Partial<FigureSpec>>({});
  const top = specOf(numerator);
  const bottom = isRatio ? specOf(denominator) : null;
  const ready = !!key.trim() && !!labelVi.trim() && !!labelEn.trim() && !!top && (!isRatio || !!bottom);
  const send = () => {
    if (!top) return;
    define.mutate({ key: key.trim(), label: { vi: labelVi.trim(), en: labelEn.trim() }, unitId, numerator: top, ...(bottom ? { denominator: bottom } : {}) }, { onSuccess: onClose });
  };
  return (
    <Modal
      open
      width={720}
      title={t('statistics.defineIndicator')}
      onCancel={onClose}
      onOk={send}
      okText={t('statistics.save')}
      cancelText={t('statistics.cancel')}
      okButtonProps={{ disabled: !ready, loading: define.isPending, 'data-testid': 'statistics-indicator-save' } as never}
    >
      <ErrorAlert error={define.error} testId="statistics-indicator-error" />
      <Form layout="vertical" component="div" data-testid="statistics-indicator-form">
        <Form.Item label={t('statistics.indicatorKey')} extra={t('statistics.indicatorKeyHint')} style={{ marginBottom: 8 }}>
          <Input value={key} maxLength={60} onChange={(event) => setKey(event.target.value)} data-testid="statistics-indicator-key" />
        </Form.Item>
        <Form.Item label={t('statistics.labelVi')} style={{ marginBottom: 8 }}>
          <Input value={labelVi} maxLength={300} onChange={(event) => setLabelVi(event.target.value)} data-testid="statistics-indicator-label-vi" />
        </Form.Item>
        <Form.Item label={t('statistics.labelEn')} style={{ marginBottom: 8 }}>
          <Input value={labelEn} maxLength={300} onChange={(event) => setLabelEn(event.target.value)} data-testid="statistics-indicator-label-en" />
        </Form.Item>
        <Typography.Text strong>{t('statistics.numerator')}</Typography.Text>
        <FigureFields value={numerator} onChange={setNumerator} testId="statistics-numerator" />
        <Checkbox checked={isRatio} onChange={(event) => setIsRatio(event.target.checked)} style={{ marginBottom: 8 }} data-testid="statistics-indicator-ratio">{t('statistics.isRatio')}</Checkbox>
        {isRatio && (
          <>
            <br />
            <Typography.Text strong>{t('statistics.denominator')}</Typography.Text>
            <FigureFields value={denominator} onChange={setDenominator} testId="statistics-denominator" />
          </>
        )}
      </Form>
    </Modal>
  );
}

function TargetModal({ unitId, parentUnitId, year: shownYear, onClose }: { unitId: number; parentUnitId: number | null; year: number; onClose: () => void }) {
  const { t, locale } = useI18n();
  const clearable = useClearable();
  const indicators = useIndicators(unitId);
  const set = useSetTarget();
  const [indicatorId, setIndicatorId] = useState<number | undefined>();
  const [year, setYear] = useState<number | null>(shownYear);
  const [term, setTerm] = useState(termOf(shownYear));
  const [comparison, setComparison] = useState<'at_least' | 'at_most'>('at_least');
  const [value, setValue] = useState<number | null>(null);
  const [parentId, setParentId] = useState<number | undefined>();
  const [note, setNote] = useState('');
  // The targets of the unit directly above for that year, of the same indicator: what this one may be a part of.
  const above = useTargetDashboard(parentUnitId, year ?? shownYear);
  const parents = useMemo(() => (above.data?.targets ?? []).filter((target) => target.indicator.id === indicatorId), [above.data, indicatorId]);
  const chosen = indicators.data?.items.find((item) => item.id === indicatorId);
  const isRatio = chosen?.kind === 'ratio';
  const ready = indicatorId !== undefined && value !== null;
  const send = () => {
    if (indicatorId === undefined || value === null) return;
    set.mutate({
      indicatorId, unitId, termFrom: term.termFrom, termTo: term.termTo, ...(year !== null ? { year } : {}), comparison, value,
      ...(parentId !== undefined ? { parentId } : {}), ...(note.trim() ? { note: note.trim() } : {}),
    }, { onSuccess: onClose });
  };
  return (
    <Modal
      open
      width={640}
      title={t('statistics.setTarget')}
      onCancel={onClose}
      onOk={send}
      okText={t('statistics.save')}
      cancelText={t('statistics.cancel')}
      okButtonProps={{ disabled: !ready, loading: set.isPending, 'data-testid': 'statistics-target-save' } as never}
    >
      <ErrorAlert error={set.error} testId="statistics-target-error" />
      {indicators.error && <ErrorAlert error={indicators.error} testId="statistics-error" />}
      {indicators.data && indicators.data.items.length === 0 && <Alert type="info" showIcon title={t('statistics.noIndicators')} style={{ marginBottom: 8 }} />}
      <Form layout="vertical" component="div" data-testid="statistics-target-form">
        <Form.Item label={t('statistics.indicator')} style={{ marginBottom: 8 }}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            value={indicatorId}
            loading={indicators.isLoading}
            onChange={(next: number) => {
              setIndicatorId(next);
              setParentId(undefined);
              // A count is whole: a value kept from a percentage chosen before is rounded.
              if (value !== null && indicators.data?.items.find((item) => item.id === next)?.kind === 'count') setValue(Math.round(value));
            }}
            options={(indicators.data?.items ?? []).map((item) => ({ value: item.id, label: `${item.label[locale]} (${item.key})` }))}
            data-testid="statistics-target-indicator"
          />
        </Form.Item>
        <Row gutter={[8, 0]}>
          <Col xs={8}>
            <Form.Item label={t('statistics.termFrom')} style={{ marginBottom: 8 }}>
              <InputNumber min={1930} max={2200} value={term.termFrom} onChange={(next) => next && setTerm({ ...term, termFrom: next })} style={{ width: '100%' }} data-testid="statistics-target-term-from" />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item label={t('statistics.termTo')} style={{ marginBottom: 8 }}>
              <InputNumber min={1930} max={2200} value={term.termTo} onChange={(next) => next && setTerm({ ...term, termTo: next })} style={{ width: '100%' }} data-testid="statistics-target-term-to" />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item label={t('statistics.year')} extra={t('statistics.yearHint')} style={{ marginBottom: 8 }}>
              <InputNumber min={1930} max={2200} value={year} onChange={(next) => setYear(next ?? null)} style={{ width: '100%' }} data-testid="statistics-target-year" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={[8, 0]}>
          <Col xs={24} sm={12}>
            <Form.Item label={t('statistics.comparison')} style={{ marginBottom: 8 }}>
              <Select value={comparison} onChange={setComparison} options={[{ value: 'at_least', label: t('statistics.atLeast') }, { value: 'at_most', label: t('statistics.atMost') }]} data-testid="statistics-target-comparison" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={isRatio ? t('statistics.targetPercent') : t('statistics.targetValue')} style={{ marginBottom: 8 }}>
              {/* Disabled until the indicator says whether the value is a count or a percentage. */}
              <NumberInput
                min={0}
                step={isRatio ? 0.1 : 1}
                fractionDigits={isRatio ? PERCENT_DIGITS : 0}
                suffix={isRatio ? '%' : undefined}
                disabled={!chosen}
                value={value}
                onChange={(next) => setValue(next ?? null)}
                style={{ width: '100%' }}
                data-testid="statistics-target-value-input"
              />
            </Form.Item>
          </Col>
        </Row>
        {parentUnitId !== null && (
          <Form.Item label={t('statistics.parentTarget')} extra={t('statistics.parentTargetHint')} style={{ marginBottom: 8 }}>
            <Select
              allowClear={clearable}
              value={parentId}
              disabled={parents.length === 0}
              onChange={(next: number | undefined) => setParentId(next)}
              options={parents.map((target) => ({ value: target.id, label: `${target.unitName}: ${formatAmount(target.value, target.indicator.kind === 'ratio')}` }))}
              data-testid="statistics-target-parent"
            />
          </Form.Item>
        )}
        <Form.Item label={t('statistics.note')} style={{ marginBottom: 0 }}>
          <Input.TextArea rows={2} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} data-testid="statistics-target-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

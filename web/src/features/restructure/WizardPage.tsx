/**
 * The restructuring wizard: choose the operation; name the units, the effective date and the decision (an existing
 * one, or one recorded on the spot); preview what will change (computed by the server, then rolled back); apply.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Flex, Form, Grid, Input, Radio, Row, Select, Space, Steps, Typography } from 'antd';
import {
  ArrowUpOutlined, DeleteOutlined, EditOutlined, MergeCellsOutlined, MinusCircleOutlined,
  PlusOutlined, SplitCellsOutlined, SwapOutlined, TagsOutlined,
} from '@ant-design/icons';
import { ORG_KIND_LIST, ORG_SECTOR_LIST } from '../../../../src/contracts/org-kinds.ts';
import { RESTRUCTURE_OPERATIONS, type RestructureOperation, type RestructureResult } from '../../../../src/contracts/orgs.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useVocabulary } from '../../components/labels.ts';
import { DateField } from '../../components/DateField.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { todayInVietnam } from '../../lib/dates.ts';
import { DecisionPicker } from '../decisions/DecisionPicker.tsx';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { useApplyRestructure, useChildren, usePreviewRestructure, useUnit } from '../orgs/api.ts';
import { buildRequest, type WizardValues } from './build-request.ts';
import { foldedSearch } from '../../lib/search.ts';
import { SummaryView } from './SummaryView.tsx';
import { UndoBatchModal } from './UndoBatchModal.tsx';
import { useClearable } from '../../components/clearable.ts';

const OPERATION_ICONS: Record<RestructureOperation, React.ReactNode> = {
  establish: <PlusOutlined />,
  rename: <EditOutlined />,
  move: <SwapOutlined />,
  merge: <MergeCellsOutlined />,
  split: <SplitCellsOutlined />,
  upgrade: <ArrowUpOutlined />,
  change_kind: <TagsOutlined />,
  dissolve: <DeleteOutlined />,
};

const isOperation = (value: string | null): value is RestructureOperation => !!value && (RESTRUCTURE_OPERATIONS as readonly string[]).includes(value);

/** Opened again from another unit's page (a new `?op=&unitId=`), the wizard starts afresh. */
export function WizardPage() {
  const [params] = useSearchParams();
  return <Wizard key={params.toString()} />;
}

function Wizard() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const initialOperation = params.get('op');
  const prefillUnitId = Number(params.get('unitId')) || undefined;
  const [operation, setOperation] = useState<RestructureOperation | null>(isOperation(initialOperation) ? initialOperation : null);
  const [step, setStep] = useState(isOperation(initialOperation) ? 1 : 0);
  const [form] = Form.useForm<WizardValues>();
  const preview = usePreviewRestructure();
  const apply = useApplyRestructure();
  const [applied, setApplied] = useState<RestructureResult | null>(null);
  const [undoing, setUndoing] = useState(false);
  const effectiveDate = Form.useWatch('effectiveDate', form) ?? todayInVietnam();
  const isPhone = Grid.useBreakpoint().md === false;
  const stepTitles = [t('wizard.stepOperation'), t('wizard.stepDetails'), t('wizard.stepPreview'), t('wizard.stepDone')];

  // Prefill from a unit page ("restructure this unit").
  const prefill = useUnit(prefillUnitId, todayInVietnam());
  useEffect(() => {
    if (!prefill.data || !operation) return;
    const unit: PickedUnit = { id: prefill.data.id, name: prefill.data.name, code: prefill.data.code, kind: prefill.data.kind, level: prefill.data.level, parentId: prefill.data.parentId };
    if (operation === 'establish') form.setFieldValue('parent', unit);
    else if (operation === 'merge') form.setFieldValue('sources', [unit]);
    else if (operation === 'split') form.setFieldValue('source', unit);
    else if (operation === 'move' || operation === 'dissolve') form.setFieldValue('units', [unit]);
    else form.setFieldValue('unit', unit);
  }, [prefill.data, operation, form]);

  const choose = (next: RestructureOperation) => {
    setOperation(next);
    preview.reset();
    setStep(1);
  };

  const runPreview = async () => {
    const values = await form.validateFields();
    const request = buildRequest(operation!, values);
    await preview.mutateAsync(request);
    setStep(2);
  };

  const runApply = async () => {
    const values = form.getFieldsValue(true) as WizardValues;
    const result = await apply.mutateAsync(buildRequest(operation!, values));
    setApplied(result);
    setStep(3);
  };

  const restart = () => {
    form.resetFields();
    preview.reset();
    apply.reset();
    setApplied(null);
    setOperation(null);
    setStep(0);
  };

  return (
    <div data-testid="wizard-page">
      <PageHeader title={t('wizard.title')} subtitle={t('wizard.subtitle')} extra={<Link to="/batches"><Button>{t('menu.batches')}</Button></Link>} />
      {isPhone ? (
        <Typography.Text strong style={{ display: 'block', marginBottom: 12 }} data-testid="wizard-step">
          {t('wizard.stepOf', { n: step + 1, total: stepTitles.length, title: stepTitles[step] })}
        </Typography.Text>
      ) : (
        <Steps current={step} size="small" style={{ marginBottom: 16 }} items={stepTitles.map((title) => ({ title }))} />
      )}
      {step === 0 && <OperationChoice onChoose={choose} />}
      <div style={{ display: step === 1 ? 'block' : 'none' }}>
        {operation && (
          <Card
            size="small"
            title={<Space>{OPERATION_ICONS[operation]}<span data-testid="wizard-operation">{t(`op.${operation}` as MessageKey)}</span></Space>}
            extra={<Button size="small" onClick={() => setStep(0)}>{t('wizard.changeOperation')}</Button>}
          >
            <Typography.Paragraph type="secondary">{t(`wizard.help.${operation}` as MessageKey)}</Typography.Paragraph>
            <Form<WizardValues>
              form={form}
              layout="vertical"
              initialValues={{ effectiveDate: todayInVietnam(), target: 'existing', newUnits: [{}], parts: [{}, {}] }}
              onValuesChange={() => preview.reset()}
              data-testid="wizard-form"
            >
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  <Form.Item name="effectiveDate" label={t('wizard.effectiveDate')} rules={[{ required: true, message: t('validation.required') }]}>
                    <DateField style={{ width: '100%' }} allowClear={false} data-testid="wizard-effective-date" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={16}>
                  <Form.Item name="decision" label={t('wizard.decision')} rules={[{ required: true, message: t('wizard.decisionRequired') }]}>
                    <DecisionPicker />
                  </Form.Item>
                </Col>
              </Row>
              <OperationFields operation={operation} date={effectiveDate} />
              <Form.Item name="reason" label={t('wizard.reason')}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Flex gap={8} justify="flex-end" wrap>
                <Button onClick={() => setStep(0)}>{t('common.back')}</Button>
                <Button type="primary" onClick={() => void runPreview().catch(() => undefined)} loading={preview.isPending} data-testid="wizard-preview">
                  {t('wizard.preview')}
                </Button>
              </Flex>
            </Form>
          </Card>
        )}
      </div>
      {step === 2 && preview.data && (
        <Flex vertical gap={12}>
          <SummaryView result={preview.data} testId="preview-summary" />
          <Flex gap={8} justify="flex-end" wrap>
            <Button onClick={() => setStep(1)}>{t('wizard.edit')}</Button>
            <Button type="primary" onClick={() => void runApply().catch(() => undefined)} loading={apply.isPending} data-testid="wizard-apply">{t('wizard.apply')}</Button>
          </Flex>
        </Flex>
      )}
      {step === 3 && applied && (
        <Flex vertical gap={12}>
          <Alert type="success" showIcon title={t('wizard.appliedTitle', { id: applied.batch.id })} data-testid="wizard-applied" />
          <SummaryView result={applied} testId="applied-summary" />
          <Flex gap={8} justify="flex-end" wrap>
            {applied.batch.status === 'applied' && <Button danger onClick={() => setUndoing(true)} data-testid="wizard-undo">{t('batches.undo')}</Button>}
            <Link to={`/batches/${applied.batch.id}`}><Button>{t('wizard.openBatch')}</Button></Link>
            <Button type="primary" onClick={restart}>{t('wizard.another')}</Button>
          </Flex>
          {undoing && (
            <UndoBatchModal
              batch={applied.batch}
              open
              onClose={() => setUndoing(false)}
              onDone={() => setApplied({ ...applied, batch: { ...applied.batch, status: 'undone' } })}
            />
          )}
        </Flex>
      )}
    </div>
  );
}

function OperationChoice({ onChoose }: { onChoose: (operation: RestructureOperation) => void }) {
  const { t } = useI18n();
  return (
    <Row gutter={[12, 12]} data-testid="operation-choice">
      {RESTRUCTURE_OPERATIONS.map((operation) => (
        <Col xs={24} sm={12} lg={6} key={operation}>
          <Card hoverable size="small" onClick={() => onChoose(operation)} data-testid={`op-${operation}`} style={{ height: '100%' }}>
            <Space align="start">
              <span style={{ fontSize: 20, color: '#b71c1c' }}>{OPERATION_ICONS[operation]}</span>
              <div>
                <Typography.Text strong>{t(`op.${operation}` as MessageKey)}</Typography.Text>
                <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`wizard.short.${operation}` as MessageKey)}</Typography.Text></div>
              </div>
            </Space>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function useKindOptions() {
  const vocabulary = useVocabulary();
  return useMemo(() => ORG_KIND_LIST.filter((kind) => kind !== 'central').map((kind) => ({ value: kind, label: vocabulary.kind(kind) })), [vocabulary]);
}

function useSectorOptions() {
  const vocabulary = useVocabulary();
  return useMemo(() => ORG_SECTOR_LIST.map((sector) => ({ value: sector, label: vocabulary.sector(sector) })), [vocabulary]);
}

function NewUnitFields({ prefix, withParent, date }: { prefix: (string | number)[]; withParent?: 'required' | 'optional'; date: string }) {
  const { t } = useI18n();
  const clearable = useClearable();
  const kinds = useKindOptions();
  const sectors = useSectorOptions();
  const required = [{ required: true, whitespace: true, message: t('validation.required') }];
  return (
    <Row gutter={12}>
      <Col xs={24} md={6}>
        <Form.Item name={[...prefix, 'code']} label={t('orgs.code')} rules={required}>
          <Input data-testid="new-unit-code" />
        </Form.Item>
      </Col>
      <Col xs={24} md={10}>
        <Form.Item name={[...prefix, 'name']} label={t('orgs.name')} rules={required}>
          <Input data-testid="new-unit-name" />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name={[...prefix, 'kind']} label={t('orgs.kind')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={kinds} showSearch={foldedSearch} data-testid="new-unit-kind" />
        </Form.Item>
      </Col>
      <Col xs={24} md={withParent ? 12 : 8}>
        <Form.Item name={[...prefix, 'sector']} label={t('orgs.sector')}>
          <Select options={sectors} allowClear={clearable} />
        </Form.Item>
      </Col>
      {withParent && (
        <Col xs={24} md={12}>
          <Form.Item
            name={[...prefix, 'parent']}
            label={withParent === 'optional' ? t('wizard.parentOptional') : t('orgs.parent')}
            rules={withParent === 'required' ? [{ required: true, message: t('validation.required') }] : []}
          >
            <UnitPicker date={date} />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
}

function OperationFields({ operation, date }: { operation: RestructureOperation; date: string }) {
  const { t } = useI18n();
  const clearable = useClearable();
  const required = [{ required: true, message: t('validation.required') }];
  const requiredList = [{ required: true, type: 'array' as const, min: 1, message: t('validation.required') }];
  const form = Form.useFormInstance<WizardValues>();
  const target = Form.useWatch('target', form);
  const source = Form.useWatch('source', form) as PickedUnit | null | undefined;
  const sourceChildren = useChildren(operation === 'split' && source ? source.id : undefined, date);
  const kinds = useKindOptions();
  const sectors = useSectorOptions();
  const vocabulary = useVocabulary();

  switch (operation) {
    case 'establish':
      return (
        <>
          <Form.Item name="parent" label={t('wizard.establishUnder')} rules={required}>
            <UnitPicker date={date} data-testid="wizard-parent" />
          </Form.Item>
          <Form.List name="newUnits">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Card
                    key={field.key}
                    size="small"
                    type="inner"
                    style={{ marginBottom: 12 }}
                    title={t('wizard.newUnitN', { n: index + 1 })}
                    extra={fields.length > 1 && <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('common.remove')} />}
                  >
                    <NewUnitFields prefix={[field.name]} date={date} />
                  </Card>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 16 }}>{t('wizard.addUnit')}</Button>
              </>
            )}
          </Form.List>
        </>
      );
    case 'rename':
      return (
        <>
          <Form.Item name="unit" label={t('wizard.unit')} rules={required}>
            <UnitPicker date={date} data-testid="wizard-unit" />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} md={16}>
              <Form.Item name="name" label={t('wizard.newName')}><Input data-testid="wizard-new-name" /></Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="code" label={t('wizard.newCode')}><Input /></Form.Item>
            </Col>
          </Row>
        </>
      );
    case 'move':
      return (
        <>
          <Form.Item name="units" label={t('wizard.unitsToMove')} rules={requiredList}>
            <UnitPicker multiple date={date} data-testid="wizard-units" />
          </Form.Item>
          <Form.Item name="parent" label={t('wizard.newParent')} rules={required}>
            <UnitPicker date={date} data-testid="wizard-parent" />
          </Form.Item>
          <Form.Item name="kind" label={t('wizard.moveKind')} extra={t('wizard.moveKindHelp')}>
            <Select allowClear={clearable} data-testid="wizard-move-kind" options={[{ value: 'cell', label: t('wizard.moveKind.cell') }, { value: 'grassroots_cell', label: t('wizard.moveKind.grassroots_cell') }]} />
          </Form.Item>
        </>
      );
    case 'merge':
      return (
        <>
          <Form.Item name="sources" label={t('wizard.mergeSources')} rules={requiredList}>
            <UnitPicker multiple date={date} data-testid="wizard-sources" />
          </Form.Item>
          <Form.Item name="target" label={t('wizard.mergeTarget')}>
            <Radio.Group
              optionType="button"
              options={[{ value: 'existing', label: t('wizard.mergeIntoExisting') }, { value: 'new', label: t('wizard.mergeIntoNew') }]}
            />
          </Form.Item>
          {target === 'new' ? (
            <NewUnitFields prefix={['newUnit']} withParent="required" date={date} />
          ) : (
            <Form.Item name="into" label={t('wizard.mergeInto')} rules={required}>
              <UnitPicker date={date} data-testid="wizard-into" />
            </Form.Item>
          )}
        </>
      );
    case 'split': {
      const childOptions = (sourceChildren.data?.items ?? []).map((child) => ({ value: child.id, label: `${child.name} (${vocabulary.kind(child.kind)})` }));
      return (
        <>
          <Form.Item name="source" label={t('wizard.splitSource')} rules={required}>
            <UnitPicker date={date} data-testid="wizard-source" />
          </Form.Item>
          <Form.List name="parts">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Card
                    key={field.key}
                    size="small"
                    type="inner"
                    style={{ marginBottom: 12 }}
                    title={t('wizard.partN', { n: index + 1 })}
                    extra={fields.length > 2 && <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('common.remove')} />}
                  >
                    <NewUnitFields prefix={[field.name]} withParent="optional" date={date} />
                    {childOptions.length > 0 && (
                      <Form.Item name={[field.name, 'childIds']} label={t('wizard.partChildren')}>
                        <Select mode="multiple" options={childOptions} showSearch={foldedSearch} />
                      </Form.Item>
                    )}
                  </Card>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 16 }}>{t('wizard.addPart')}</Button>
              </>
            )}
          </Form.List>
        </>
      );
    }
    case 'upgrade':
      return (
        <>
          <Form.Item name="unit" label={t('wizard.unit')} rules={required}>
            <UnitPicker date={date} data-testid="wizard-unit" />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="toKind" label={t('wizard.toKind')} extra={t('wizard.toKindHelp')}>
                <Select options={kinds} allowClear={clearable} />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item name="name" label={t('wizard.newName')}><Input /></Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="code" label={t('wizard.newCode')}><Input /></Form.Item>
            </Col>
          </Row>
          <MembersDestination date={date} />
        </>
      );
    case 'change_kind':
      return (
        <>
          <Form.Item name="unit" label={t('wizard.unit')} rules={required}>
            <UnitPicker date={date} data-testid="wizard-unit" />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="kind" label={t('wizard.newKind')} rules={required}>
                <Select options={kinds} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="sector" label={t('orgs.sector')} extra={t('wizard.sectorKeep')}>
                <Select options={sectors} allowClear={clearable} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="name" label={t('wizard.newName')}><Input /></Form.Item>
            </Col>
          </Row>
          <MembersDestination date={date} />
        </>
      );
    case 'dissolve':
      return (
        <Form.Item name="units" label={t('wizard.unitsToDissolve')} rules={requiredList}>
          <UnitPicker multiple date={date} data-testid="wizard-units" />
        </Form.Item>
      );
  }
}


/**
 * Where the members go when the unit becomes a kind that cannot hold them (upgrade, change of kind): by default a new
 * cell the batch creates under it (its name editable, "Chi bộ <old name>" when left empty), or an existing child cell.
 * The preview names the destination and the members moved.
 */
function MembersDestination({ date }: { date: string }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<WizardValues>();
  const target = Form.useWatch('membersTarget', form) ?? 'new';
  const unit = Form.useWatch('unit', form) as PickedUnit | null | undefined;
  return (
    <Card size="small" title={t('wizard.membersTo')} data-testid="wizard-members-to" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('wizard.membersToHelp')}</Typography.Paragraph>
      <Form.Item name="membersTarget" initialValue="new">
        <Radio.Group optionType="button" options={[{ value: 'new', label: t('wizard.membersToNew') }, { value: 'existing', label: t('wizard.membersToExisting') }]} />
      </Form.Item>
      {target === 'existing' ? (
        <Form.Item name="membersCell" label={t('wizard.membersCell')} rules={[{ required: true, message: t('validation.required') }]}>
          <UnitPicker date={date} data-testid="wizard-members-cell" />
        </Form.Item>
      ) : (
        <Row gutter={12}>
          <Col xs={24} md={16}>
            <Form.Item name="membersCellName" label={t('wizard.membersCellName')}>
              <Input data-testid="wizard-members-cell-name" placeholder={unit ? `Chi bộ ${unit.name.replace(/^\s*chi bộ\s+(cơ sở\s+)?/iu, '')}` : undefined} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="membersCellCode" label={t('wizard.membersCellCode')}>
              <Input data-testid="wizard-members-cell-code" placeholder={unit ? `${unit.code.slice(0, 47)}-CB` : undefined} />
            </Form.Item>
          </Col>
        </Row>
      )}
    </Card>
  );
}

/**
 * The member list of the caller's scope: a name search that ignores diacritics, filters, an as-of date, Vietnamese
 * name order (given name first, as the server sorts), keyset "load more" paging, saved filters, and the export of the
 * list as it is filtered to an .xlsx file.
 */
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { App, Button, Card, Flex, Form, Grid, Input, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, FilterOutlined, PlusOutlined, PrinterOutlined, SaveOutlined, SearchOutlined } from '@ant-design/icons';
import type { MemberListItem, SavedFilter } from '../../../../src/contracts/members.ts';
import { useI18n } from '../../i18n/index.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDate } from '../../lib/dates.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { notifyError } from '../../app/notify.ts';
import { useMe } from '../auth/api.ts';
import type { PickedUnit } from '../orgs/UnitPicker.tsx';
import { UnitWithPlace } from '../orgs/UnitPlace.tsx';
import { ListTotal } from '../orgs/ListTotal.tsx';
import {
  exportMemberList, toSavedValue, useCreateSavedFilter, useDeleteSavedFilter, useMemberList, useSavedFilters, type MemberListFilters,
} from './api.ts';
import { MemberFilters, useUnitById, type FilterFields } from './MemberFilters.tsx';
import { STATUS_COLORS, useMemberLabels } from './labels.ts';
import { useClearable } from '../../components/clearable.ts';

export function MemberStatusTags({ item }: { item: Pick<MemberListItem, 'status' | 'inTransit'> & { placement?: MemberListItem['placement'] } }) {
  const { t } = useI18n();
  const labels = useMemberLabels();
  return (
    <Space size={4} wrap>
      <Tag color={STATUS_COLORS[item.status]} style={{ marginInlineEnd: 0 }}>{labels.status(item.status)}</Tag>
      {item.inTransit && <Tag color="purple" style={{ marginInlineEnd: 0 }}>{t('members.inTransitTag')}</Tag>}
      {item.placement === 'temporary' && <Tag color="cyan" style={{ marginInlineEnd: 0 }}>{t('members.temporaryTag')}</Tag>}
    </Space>
  );
}

function SaveFilterModal({ open, onClose, filters }: { open: boolean; onClose: () => void; filters: MemberListFilters }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const create = useCreateSavedFilter();
  const submit = async () => {
    const { name } = await form.validateFields();
    await create.mutateAsync({ name: name.trim(), filters: toSavedValue(filters) });
    message.success(t('members.filterSaved'));
    form.resetFields();
    onClose();
  };
  return (
    <Modal
      open={open}
      title={t('members.saveFilterTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={create.isPending}
      onCancel={onClose}
      destroyOnHidden
      data-testid="save-filter-modal"
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="name" label={t('members.filterName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input maxLength={200} data-testid="save-filter-name" autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function MembersPage() {
  const { t } = useI18n();
  const clearable = useClearable();
  const labels = useMemberLabels();
  const me = useMe().data;
  const canWrite = !!me?.abilities.includes('member.write');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const q = useDebounced(text, 300);
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [pendingUnitId, setPendingUnitId] = useState<number | undefined>(Number(params.get('unitId')) || undefined);
  const [fields, setFields] = useState<FilterFields>({});
  const isPhone = Grid.useBreakpoint().md === false;
  const [showFilters, setShowFilters] = useState<boolean | null>(null);
  const filtersOpen = showFilters ?? !isPhone;
  const [saving, setSaving] = useState(false);
  const [savedId, setSavedId] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  const saved = useSavedFilters();
  const removeSaved = useDeleteSavedFilter();

  useUnitById(pendingUnitId, (resolved) => {
    setUnit(resolved);
    setPendingUnitId(undefined);
  });

  const filters: MemberListFilters = useMemo(() => ({ ...fields, unitId: unit?.id ?? pendingUnitId, q: q.trim() || undefined }), [fields, unit, pendingUnitId, q]);
  const list = useMemberList(filters);
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const activeCount = Object.values(fields).filter((value) => value !== undefined && !(Array.isArray(value) && value.length === 0)).length + (unit ? 1 : 0);

  const applySaved = (filter: SavedFilter | undefined) => {
    setSavedId(filter?.id ?? null);
    if (!filter) return;
    const { unitId, q: savedQ, ...rest } = filter.filters;
    setFields(rest);
    setText(savedQ ?? '');
    setUnit(null);
    setPendingUnitId(unitId);
  };

  const runExport = (format: 'xlsx' | 'pdf' = 'xlsx') => {
    setExporting(true);
    exportMemberList(filters, format).catch(notifyError).finally(() => setExporting(false));
  };

  return (
    <div data-testid="members-page">
      <PageHeader
        title={t('members.title')}
        subtitle={t('members.subtitle')}
        extra={(
          <>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => runExport()} data-testid="members-export">{t('members.export')}</Button>
            <Button icon={<PrinterOutlined />} loading={exporting} onClick={() => runExport('pdf')} data-testid="members-print">{t('members.print')}</Button>
            {canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/members/new')} data-testid="member-admit">{t('members.admit')}</Button>}
          </>
        )}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8} style={{ marginBottom: filtersOpen ? 12 : 0 }}>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('members.searchPlaceholder')}
            value={text}
            onChange={(event) => setText(event.target.value)}
            style={{ flex: '1 1 280px' }}
            data-testid="member-search"
          />
          <Space.Compact style={{ flex: '1 1 280px' }}>
            <Select<number>
              allowClear={clearable}
              style={{ width: '100%' }}
              placeholder={t('members.savedFilters')}
              aria-label={t('members.savedFilters')}
              value={savedId ?? undefined}
              loading={saved.isFetching}
              onChange={(id) => applySaved(saved.data?.items.find((item) => item.id === id))}
              options={(saved.data?.items ?? []).map((item) => ({ value: item.id, label: item.name }))}
              notFoundContent={t('members.noSavedFilters')}
              data-testid="saved-filter-select"
            />
            <Tooltip title={t('members.saveFilter')}>
              <Button icon={<SaveOutlined />} onClick={() => setSaving(true)} aria-label={t('members.saveFilter')} data-testid="save-filter" />
            </Tooltip>
            {savedId && (
              <Popconfirm
                title={t('members.deleteFilterConfirm')}
                okText={t('common.remove')}
                cancelText={t('common.cancel')}
                onConfirm={() => removeSaved.mutate(savedId, { onSuccess: () => setSavedId(null) })}
              >
                <Button danger icon={<DeleteOutlined />} aria-label={t('members.deleteFilter')} data-testid="delete-filter" />
              </Popconfirm>
            )}
          </Space.Compact>
          <Button icon={<FilterOutlined />} onClick={() => setShowFilters(!filtersOpen)} data-testid="toggle-filters">
            {t('members.filters')}{activeCount > 0 ? ` (${activeCount})` : ''}
          </Button>
        </Flex>
        {filtersOpen && <MemberFilters unit={unit} onUnit={(value) => { setUnit(value); setPendingUnitId(undefined); }} fields={fields} onFields={setFields} />}
      </Card>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Flex gap={12} wrap align="center">
        <ListTotal total={list.data?.pages[0]?.total} capped={list.data?.pages[0]?.totalCapped} testId="members-total" />
        <Typography.Text type="secondary" data-testid="members-count">
          {list.data ? t(list.hasNextPage ? 'members.shownMore' : 'members.shown', { count: rows.length }) : t('common.loading')}
          {filters.asOf ? ` · ${t('members.asOfNote', { date: formatDate(filters.asOf) })}` : ''}
        </Typography.Text>
        </Flex>
        {activeCount > 0 && (
          <Button size="small" type="link" onClick={() => { setFields({}); setUnit(null); setPendingUnitId(undefined); setSavedId(null); }} data-testid="clear-filters">
            {t('members.clearFilters')}
          </Button>
        )}
      </Flex>
      <Table<MemberListItem>
        size="small"
        rowKey={(item) => `${item.id}:${item.placement}`}
        loading={list.isFetching && !list.isFetchingNextPage}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1100 }}
        data-testid="members-table"
        onRow={(item) => ({ 'data-member-id': item.id } as React.HTMLAttributes<HTMLElement>)}
        locale={{ emptyText: t('common.noResults') }}
        columns={[
          { title: '#', key: 'index', width: 56, render: (_, __, index) => index + 1 },
          {
            title: t('members.fullName'), dataIndex: 'fullName', width: 220, fixed: 'left',
            render: (value: string, item) => <Link to={`/members/${item.id}`} data-testid="member-link">{value}</Link>,
          },
          { title: t('members.sex'), dataIndex: 'sex', width: 70, render: (value: string) => labels.sex(value) },
          { title: t('members.birthDate'), dataIndex: 'birthDate', width: 105, render: (value: string) => formatDate(value) },
          { title: t('members.unit'), dataIndex: 'unitName', width: 260, render: (value: string, item) => <UnitWithPlace id={item.unitId} name={value} place={item.unitPlace} link={false} /> },
          { title: t('members.status'), key: 'status', width: 200, render: (_, item) => <MemberStatusTags item={item} /> },
          { title: t('members.admissionDate'), dataIndex: 'admissionDate', width: 110, render: (value: string | null) => formatDate(value) },
          { title: t('members.officialDate'), dataIndex: 'officialDate', width: 110, render: (value: string | null) => formatDate(value) },
          { title: t('members.ethnicity'), dataIndex: 'ethnicity', width: 100, render: (value: string | null) => labels.reference('ethnicity', value) },
          { title: t('members.theoryLevel'), dataIndex: 'theoryLevel', width: 130, render: (value: string | null) => labels.reference('politicalTheoryLevel', value) },
        ]}
      />
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="members-load-more">{t('common.loadMore')}</Button>
        </Flex>
      )}
      <SaveFilterModal open={saving} onClose={() => setSaving(false)} filters={filters} />
    </div>
  );
}

/**
 * The awareness courses (lớp bồi dưỡng nhận thức về Đảng) organized in a unit's subtree (or in all the caller's
 * units): running, closed or cancelled, by name or number, 50 at a time with the total; a course is opened here by a
 * grassroots committee or a level above.
 */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Col, Flex, Form, Input, Modal, Row, Select, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { COURSE_STATUSES, mayOrganizeCourse, type CourseStatus, type CourseSummary } from '../../../../src/contracts/admission-courses.ts';
import { ROLES, roleCan, type Role } from '../../../../src/contracts/permissions.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DateField } from '../../components/DateField.tsx';
import { formatDate, todayInVietnam } from '../../lib/dates.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useMe } from '../auth/api.ts';
import { useHome } from '../home/api.ts';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { useCourseList, useCreateCourse, type CourseFilters } from './api.ts';
import { SubtreeFilters } from './parts.tsx';

const STATUS_COLORS: Record<CourseStatus, string> = { open: 'processing', closed: 'green', cancelled: 'default' };

export function CourseStatusTag({ status }: { status: CourseStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLORS[status]} data-testid="course-status">{t(`admissions.courses.status.${status}` as MessageKey)}</Tag>;
}

function CourseTable({ filters }: { filters: CourseFilters }) {
  const { t } = useI18n();
  const list = useCourseList(filters);
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const total = list.data?.pages[0]?.total;
  return (
    <>
      <div style={{ marginBottom: 8 }}>
        <Typography.Text strong data-testid="courses-total">
          {total === undefined || total === null ? '' : rows.length < total ? t('admissions.courses.loaded', { shown: rows.length, total }) : t('admissions.courses.total', { count: total })}
        </Typography.Text>
      </div>
      <Table<CourseSummary>
        size="small"
        rowKey="id"
        loading={list.isFetching && !list.isFetchingNextPage}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 860 }}
        data-testid="courses-table"
        locale={{ emptyText: t('admissions.courses.none') }}
        onRow={(row) => ({ 'data-course-id': row.id, 'data-status': row.status } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: t('admissions.courses.code'), dataIndex: 'code', width: 110 },
          {
            title: t('admissions.courses.name'), dataIndex: 'name', width: 240,
            render: (value: string, row) => <><Link to={`/admissions/courses/${row.id}`} data-testid="course-link">{value}</Link><div><CourseStatusTag status={row.status} /></div></>,
          },
          { title: t('admissions.courses.unit'), dataIndex: 'unitName', width: 180 },
          {
            title: t('admissions.courses.dates'), key: 'dates', width: 190,
            render: (_, row) => `${formatDate(row.opensOn)} – ${formatDate(row.closedOn ?? row.closesOn)}`,
          },
          { title: t('admissions.courses.place'), dataIndex: 'place', width: 160 },
          {
            title: t('admissions.courses.participants'), key: 'participants', width: 170,
            render: (_, row) => <span data-testid="course-participants">{t('admissions.courses.participantCount', { participants: row.participants, completed: row.completed })}</span>,
          },
        ]}
      />
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="courses-load-more">{t('common.loadMore')}</Button>
        </Flex>
      )}
    </>
  );
}

interface CreateValues {
  unit: PickedUnit | null;
  name: string;
  code: string;
  opensOn: string | null;
  closesOn: string | null;
  place?: string;
}

function CreateCourseModal({ unit, onClose }: { unit: PickedUnit | null; onClose: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateCourse();
  const required = [{ required: true, whitespace: true, message: t('validation.required') }];
  const submit = async () => {
    const values = await form.validateFields();
    const course = await create.mutateAsync({
      unitId: values.unit!.id, name: values.name.trim(), code: values.code.trim(), opensOn: values.opensOn!, closesOn: values.closesOn!,
      place: values.place?.trim() || null,
    });
    navigate(`/admissions/courses/${course.id}`);
  };
  return (
    <Modal
      open width={680} title={t('admissions.courses.newTitle')} okText={t('admissions.courses.create')} cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)} confirmLoading={create.isPending} onCancel={onClose} destroyOnHidden keyboard={false}
      data-testid="course-modal" okButtonProps={{ 'data-testid': 'course-submit' }}
    >
      <ErrorAlert error={create.error} testId="course-error" />
      <Form<CreateValues> form={form} layout="vertical" initialValues={{ unit: unit && unit.level !== 'cell' ? unit : null, opensOn: todayInVietnam(), closesOn: null }}>
        <Form.Item name="unit" label={t('admissions.courses.unit')} extra={t('admissions.courses.unitHelp')} rules={[{ required: true, message: t('validation.required') }]}>
          <UnitPicker date={todayInVietnam()} data-testid="course-unit" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={16}>
            <Form.Item name="name" label={t('admissions.courses.name')} rules={required}>
              <Input maxLength={300} data-testid="course-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="code" label={t('admissions.courses.code')} rules={required}>
              <Input maxLength={60} data-testid="course-code" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="opensOn" label={t('admissions.courses.opensOn')} rules={[{ required: true, message: t('validation.required') }]}>
              <DateField style={{ width: '100%' }} data-testid="course-opens" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="closesOn" label={t('admissions.courses.closesOn')} rules={[{ required: true, message: t('validation.required') }]}>
              <DateField style={{ width: '100%' }} data-testid="course-closes" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="place" label={t('admissions.courses.place')}>
              <Input maxLength={300} data-testid="course-place" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/**
 * Whether the caller can open a course anywhere: `admission.write` on a unit that may organize one. A cell secretary
 * writes admission files but has no unit that may organize a course, so the button is not offered (it would end in
 * a refusal after the whole form was filled).
 */
function useCanOpenCourse(): boolean {
  const me = useMe().data;
  const home = useHome().data;
  if (!me?.abilities.includes('admission.write')) return false;
  return (home?.units ?? []).some((unit) => (ROLES as readonly string[]).includes(unit.role) && roleCan(unit.role as Role, 'admission.write') && mayOrganizeCourse(unit.kind));
}

export function CoursesPage() {
  const { t } = useI18n();
  const canWrite = useCanOpenCourse();
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [status, setStatus] = useState<CourseStatus | undefined>();
  const [text, setText] = useState('');
  const q = useDebounced(text, 300);
  const [creating, setCreating] = useState(false);
  const filters: CourseFilters = { unitId: unit?.id, status, q: q.trim() || undefined };
  return (
    <div data-testid="courses-page">
      <PageHeader
        title={t('admissions.courses.title')}
        subtitle={<><Link to="/admissions">{t('menu.admissions')}</Link> · {t('admissions.courses.subtitle')}</>}
        extra={canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="courses-new">{t('admissions.courses.new')}</Button>}
      />
      <SubtreeFilters unit={unit} onUnit={setUnit} text={text} onText={setText} searchPlaceholder={t('admissions.courses.search')} testId="courses">
        <Select<CourseStatus | 'any'>
          style={{ width: '100%' }}
          value={status ?? 'any'}
          onChange={(value) => setStatus(value === 'any' ? undefined : value)}
          options={[{ value: 'any', label: t('admissions.courses.statusAll') }, ...COURSE_STATUSES.map((value) => ({ value, label: t(`admissions.courses.status.${value}` as MessageKey) }))]}
          aria-label={t('admissions.courses.status')}
          data-testid="courses-status"
        />
      </SubtreeFilters>
      <CourseTable filters={filters} />
      {creating && <CreateCourseModal unit={unit} onClose={() => setCreating(false)} />}
    </div>
  );
}

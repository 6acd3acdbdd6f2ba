/**
 * One section of a form: its table (a row per indicator, a column per group, numbers right-aligned; it scrolls
 * sideways on a phone) and a bar chart of its first column. Each number, and each bar, opens its drill-down.
 */
import { lazy, Suspense, useMemo } from 'react';
import { Button, Card, Col, Row, Skeleton, Table } from 'antd';
import type { StatisticsForm } from '../../../../src/contracts/statistics.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatCount } from './choices.ts';
import type { PickedFigure } from './FigureDrawer.tsx';

const SectionChart = lazy(() => import('./SectionChart.tsx').then((module) => ({ default: module.SectionChart })));

type Section = StatisticsForm['sections'][number];
type SectionRow = Section['rows'][number];

const LABEL_WIDTH = 240;
const NUMBER_WIDTH = 110;

export function FormSection({ section, onPick }: { section: Section; onPick: (picked: PickedFigure) => void }) {
  const { t, locale } = useI18n();
  const sectionTitle = section.title[locale];
  const pickCell = (row: SectionRow, column: number) => {
    const cell = row.cells[column];
    onPick({ figure: cell.figure, count: cell.count, title: [sectionTitle, row.label[locale], section.columns[column].label[locale]].join(' · ') });
  };
  const chart = useMemo(() => ({
    labels: section.rows.map((row) => row.label[locale]),
    values: section.rows.map((row) => row.cells[0]?.count ?? 0),
  }), [section, locale]);

  return (
    <Card size="small" title={sectionTitle} style={{ marginBottom: 12 }} data-testid="statistics-section" data-section={section.key}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={section.columns.length > 3 ? 24 : 14}>
          <Table<SectionRow>
            size="small"
            bordered
            rowKey="key"
            pagination={false}
            dataSource={section.rows}
            scroll={{ x: LABEL_WIDTH + NUMBER_WIDTH * section.columns.length }}
            columns={[
              { title: t('statistics.indicator'), key: 'label', width: LABEL_WIDTH, fixed: 'left', render: (_, row) => row.label[locale] },
              ...section.columns.map((column, index) => ({
                title: column.label[locale],
                key: column.key,
                width: NUMBER_WIDTH,
                align: 'right' as const,
                render: (_: unknown, row: SectionRow) => (
                  <Button
                    type="link"
                    size="small"
                    style={{ padding: 0, height: 'auto' }}
                    title={t('statistics.openFigure')}
                    onClick={() => pickCell(row, index)}
                    data-testid="statistics-count"
                    data-row={row.key}
                    data-column={column.key}
                    data-count={row.cells[index]?.count}
                  >
                    {formatCount(row.cells[index]?.count ?? 0)}
                  </Button>
                ),
              })),
            ]}
          />
        </Col>
        {section.rows.length > 0 && section.columns.length > 0 && (
          <Col xs={24} xl={section.columns.length > 3 ? 24 : 10}>
            <Suspense fallback={<Skeleton active paragraph={{ rows: 3 }} />}>
              <SectionChart labels={chart.labels} values={chart.values} seriesName={section.columns[0].label[locale]} onPick={(index) => pickCell(section.rows[index], 0)} />
            </Suspense>
          </Col>
        )}
      </Row>
    </Card>
  );
}

/** Units under a unit by level, as of a date (and, when given, the change from another date). */
import { Card, Col, Empty, Row, Skeleton, Statistic, Typography } from 'antd';
import { ORG_LEVELS } from '../../../../src/contracts/org-kinds.ts';
import type { OrgCounts } from '../../../../src/contracts/orgs.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useVocabulary } from '../../components/labels.ts';
import { formatDate } from '../../lib/dates.ts';

export function countOf(counts: OrgCounts | undefined, level: string): number {
  return counts?.byLevel.find((row) => row.level === level)?.count ?? 0;
}

export function CountsCard({ counts, loading, title, compare }: { counts?: OrgCounts; loading?: boolean; title?: React.ReactNode; compare?: OrgCounts }) {
  const { t, locale } = useI18n();
  const vocabulary = useVocabulary();
  const separator = locale === 'vi' ? '.' : ',';
  const levels = ORG_LEVELS.filter((level) => countOf(counts, level) > 0 || (compare && countOf(compare, level) > 0));
  return (
    <Card size="small" title={title ?? t('orgs.countsTitle', { date: formatDate(counts?.date) })} data-testid="counts-card">
      {loading && !counts ? <Skeleton active paragraph={{ rows: 2 }} /> : !counts || counts.total === 0 && !compare ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.noSubUnits')} />
      ) : (
        <Row gutter={[12, 12]}>
          <Col xs={12} sm={8}>
            <div data-testid="count-total"><Statistic title={t('orgs.totalUnder')} value={counts.total} groupSeparator={separator} /></div>
            {compare && <Delta now={counts.total} before={compare.total} />}
          </Col>
          {levels.map((level) => (
            <Col xs={12} sm={8} key={level}>
              <div data-testid={`count-${level}`}><Statistic title={vocabulary.level(level)} value={countOf(counts, level)} groupSeparator={separator} /></div>
              {compare && <Delta now={countOf(counts, level)} before={countOf(compare, level)} />}
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
}

function Delta({ now, before }: { now: number; before: number }) {
  const diff = now - before;
  const { locale } = useI18n();
  if (diff === 0) return <Typography.Text type="secondary" style={{ fontSize: 12 }}>±0</Typography.Text>;
  const text = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-US', { signDisplay: 'always' }).format(diff);
  return <Typography.Text type={diff > 0 ? 'success' : 'danger'} style={{ fontSize: 12 }}>{text}</Typography.Text>;
}

/** "Tổng số: N" above a list: every list page shows its total (issue 10, item 1). */
import { Typography } from 'antd';
import { useI18n } from '../../i18n/index.tsx';

export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-US').format(value);
}

/** `capped`: the count stopped at `total` (a bounded count), so "more than N" is said. */
export function ListTotal({ total, capped = false, testId = 'list-total' }: { total: number | null | undefined; capped?: boolean; testId?: string }) {
  const { t, locale } = useI18n();
  if (total === null || total === undefined) return null;
  return (
    <Typography.Text strong data-testid={testId}>
      {t(capped ? 'orgs.listTotalOver' : 'orgs.listTotal', { count: formatCount(total, locale) })}
    </Typography.Text>
  );
}

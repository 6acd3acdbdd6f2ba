import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** A page's title line, with actions on the right (wrapping under the title on a phone). */
export function PageHeader({ title, subtitle, extra }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode }) {
  return (
    <Flex wrap gap={8} align="center" justify="space-between" style={{ marginBottom: 16 }}>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">{title}</Typography.Title>
        {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
      </div>
      {extra && <Flex wrap gap={8}>{extra}</Flex>}
    </Flex>
  );
}

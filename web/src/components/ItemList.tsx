import type { ReactNode } from 'react';
import { Flex } from 'antd';

/** A plain list of rows with actions on the right (antd's List is deprecated). */
export function ItemList<T>({ items, rowKey, render, actions, testId }: {
  items: readonly T[];
  rowKey: (item: T) => string | number;
  render: (item: T) => ReactNode;
  actions?: (item: T) => ReactNode;
  testId?: string;
}) {
  return (
    <div data-testid={testId}>
      {items.map((item, index) => (
        <Flex
          key={rowKey(item)}
          gap={8}
          align="center"
          justify="space-between"
          style={{ padding: '8px 4px', borderTop: index === 0 ? undefined : '1px solid #f0f0f0' }}
        >
          <div style={{ minWidth: 0, flex: 1 }}>{render(item)}</div>
          {actions && <Flex gap={4} align="center" style={{ flexShrink: 0 }}>{actions(item)}</Flex>}
        </Flex>
      ))}
    </div>
  );
}

/** Every notification of the signed-in account, newest first; opening one marks it read and goes to its object. */
import { Button, Card, Empty, Flex, Skeleton } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useMarkAllRead, useNotificationPages } from './api.ts';
import { NotificationItem, useOpenNotification } from './NotificationBell.tsx';

export function NotificationsPage() {
  const { t } = useI18n();
  const pages = useNotificationPages();
  const markAll = useMarkAllRead();
  const open = useOpenNotification();
  const items = pages.data?.pages.flatMap((page) => page.items) ?? [];
  const unread = pages.data?.pages[0]?.unread ?? 0;
  return (
    <div data-testid="notifications-page">
      <PageHeader
        title={t('notification.title')}
        subtitle={t('notification.subtitle')}
        extra={unread > 0 && <Button onClick={() => markAll.mutate()} loading={markAll.isPending} data-testid="notifications-mark-all">{t('notification.markAllRead')}</Button>}
      />
      <Card size="small" styles={{ body: { padding: 0 } }}>
        {pages.isLoading && <Skeleton active style={{ padding: 16 }} />}
        {!pages.isLoading && items.length === 0 && <Empty style={{ padding: 24 }} description={t('notification.none')} />}
        {items.map((notification) => <NotificationItem key={notification.id} notification={notification} onOpen={open} />)}
      </Card>
      {pages.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>{t('common.loadMore')}</Button>
        </Flex>
      )}
    </div>
  );
}

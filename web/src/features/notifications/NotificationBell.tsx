/**
 * The bell in the top bar: the unread count, and the newest notifications in a dropdown. Refreshed on every
 * navigation and every minute (no push needed); opening one marks it read and goes to its object.
 */
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { Badge, Button, Empty, Flex, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import type { Notification } from '../../../../src/contracts/notifications.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { useLatestNotifications, useMarkAllRead, useMarkRead } from './api.ts';
import { notificationLink, useNotificationText } from './view.ts';

/** Opens a notification: marks it read (once) and follows its link. */
export function useOpenNotification() {
  const markRead = useMarkRead();
  const navigate = useNavigate();
  return (notification: Notification) => {
    if (!notification.readAt) markRead.mutate(notification.id);
    const link = notificationLink(notification);
    if (link) navigate(link);
  };
}

export function NotificationItem({ notification, onOpen }: { notification: Notification; onOpen: (notification: Notification) => void }) {
  const text = useNotificationText();
  const unread = !notification.readAt;
  return (
    <button
      type="button"
      onClick={() => onOpen(notification)}
      data-testid="notification-item"
      data-kind={notification.kind}
      data-unread={unread ? 'true' : 'false'}
      style={{
        display: 'block', width: '100%', textAlign: 'left', border: 0, borderBottom: '1px solid #f0f0f0', padding: '8px 10px', cursor: 'pointer',
        background: unread ? '#fff7e6' : 'transparent', font: 'inherit', lineHeight: 1.45,
      }}
    >
      <Typography.Text strong={unread}>{text(notification)}</Typography.Text>
      <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(notification.createdAt)}</Typography.Text></div>
    </button>
  );
}

export function NotificationBell() {
  const { t } = useI18n();
  const location = useLocation();
  const latest = useLatestNotifications();
  const markAll = useMarkAllRead();
  const open = useOpenNotification();
  const [shown, setShown] = useState(false);
  const { refetch } = latest;
  useEffect(() => { void refetch(); }, [location.pathname, location.search, refetch]);
  const unread = latest.data?.unread ?? 0;
  const items = latest.data?.items ?? [];

  const content = (
    <div style={{ width: 'min(360px, calc(100vw - 32px))' }} data-testid="notification-list">
      {items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notification.none')} />}
      <div style={{ maxHeight: 400, overflowY: 'auto' }}>
        {items.map((notification) => (
          <NotificationItem key={notification.id} notification={notification} onOpen={(item) => { setShown(false); open(item); }} />
        ))}
      </div>
      <Flex justify="space-between" gap={8} wrap style={{ marginTop: 8 }}>
        <Link to="/notifications" onClick={() => setShown(false)} data-testid="notifications-see-all">{t('notification.seeAll')}</Link>
        {unread > 0 && <Button size="small" type="link" onClick={() => markAll.mutate()} loading={markAll.isPending}>{t('notification.markAllRead')}</Button>}
      </Flex>
    </div>
  );

  return (
    <Popover content={content} trigger="click" open={shown} onOpenChange={setShown} placement="bottomRight" arrow={false}>
      <Button type="text" aria-label={t('notification.bell', { count: unread })} data-testid="notification-bell" data-unread={unread}>
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}

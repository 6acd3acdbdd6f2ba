/**
 * The signed-in frame: a side menu built from the caller's abilities (never from role names), the account's name,
 * the language switch and sign-out. Below the `md` breakpoint the menu moves into a drawer.
 */
import { useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Segmented, Space, Typography } from 'antd';
import { AuditOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/index.tsx';
import { useLogout, useMe } from '../features/auth/api.ts';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { AREAS } from '../areas.ts';
import type { MenuEntry } from './web-area.tsx';
import { selectedEntry } from './menu-match.ts';
import { useSwitchLocale } from './useSwitchLocale.ts';

/** The areas' menu entries, in their order. Each appears when the caller holds its ability somewhere. */
export const MENU: MenuEntry[] = AREAS.flatMap((area) => area.menu).sort((a, b) => a.order - b.order);

export function visibleMenu(abilities: readonly string[]): MenuEntry[] {
  return MENU.filter((entry) => abilities.includes(entry.ability));
}

export function AppLayout() {
  const { t, locale } = useI18n();
  const me = useMe().data;
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const isPhone = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  // Between the phone and the wide screen the side menu shows icons only.
  const [siderCollapsed, setSiderCollapsed] = useState(false);
  const switchLocale = useSwitchLocale();

  const entries = useMemo(() => visibleMenu(me?.abilities ?? []), [me?.abilities]);
  const selected = selectedEntry(entries, location.pathname)?.key;
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      data-testid="main-menu"
      items={entries.map((entry) => ({
        key: entry.key,
        icon: entry.icon,
        label: <Link to={entry.path} onClick={() => setDrawerOpen(false)}>{t(entry.label)}</Link>,
      }))}
    />
  );

  const languageSwitch = (
    <Segmented
      size="small"
      value={locale}
      aria-label={t('layout.language')}
      data-testid="language-switch"
      options={[{ label: 'VI', value: 'vi' }, { label: 'EN', value: 'en' }]}
      onChange={(value) => switchLocale(value as 'vi' | 'en')}
    />
  );

  const userMenu = (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'password', icon: <AuditOutlined />, label: t('layout.changePassword') },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: t('layout.logout'), danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'password') navigate('/change-password');
          if (key === 'logout') logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
        },
      }}
    >
      <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
        {!isPhone && <span data-testid="user-name">{me?.displayName}</span>}
      </Button>
    </Dropdown>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!isPhone && (
        <Layout.Sider
          theme="light"
          width={232}
          breakpoint="lg"
          collapsedWidth={64}
          collapsed={siderCollapsed}
          onCollapse={setSiderCollapsed}
          trigger={null}
          style={{ borderRight: '1px solid #f0f0f0' }}
        >
          <div style={{ height: 56, display: 'flex', alignItems: 'center', padding: '0 20px' }}>
            <Link to="/" aria-label="cellbase">
              {siderCollapsed
                ? <img src="/favicon.svg" alt="" width={24} height={24} style={{ display: 'block' }} />
                : <Typography.Text strong style={{ fontSize: 18, color: '#b71c1c' }}>cellbase</Typography.Text>}
            </Link>
          </div>
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: isPhone ? '0 8px' : '0 20px', height: 56, lineHeight: '56px', display: 'flex', alignItems: 'center', gap: 8, borderBottom: '1px solid #f0f0f0', position: 'sticky', top: 0, zIndex: 10 }}>
          {isPhone && <Button type="text" icon={<MenuOutlined />} aria-label={t('layout.openMenu')} data-testid="menu-toggle" onClick={() => setDrawerOpen(true)} />}
          {isPhone && <Typography.Text strong style={{ color: '#b71c1c' }}>cellbase</Typography.Text>}
          {!isPhone && <Typography.Text type="secondary" ellipsis>{t('app.subtitle')}</Typography.Text>}
          <Space style={{ marginLeft: 'auto' }} size={isPhone ? 4 : 12}>
            <NotificationBell />
            {languageSwitch}
            {userMenu}
          </Space>
        </Layout.Header>
        {/* Its own stacking context: a table's pinned column (z-index grows with its column count) stays under the sticky header. */}
        <Layout.Content style={{ padding: isPhone ? 8 : 20, minWidth: 0, isolation: 'isolate' }}>
          <Outlet />
        </Layout.Content>
      </Layout>
      {isPhone && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          title={<span>cellbase</span>}
          styles={{ body: { padding: 0 } }}
          data-testid="menu-drawer"
          rootClassName="menu-drawer"
        >
          <div style={{ padding: '12px 24px', borderBottom: '1px solid #f0f0f0' }}>
            <Typography.Text strong data-testid="drawer-user-name">{me?.displayName}</Typography.Text>
          </div>
          {menu}
        </Drawer>
      )}
    </Layout>
  );
}

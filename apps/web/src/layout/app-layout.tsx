import { AuditOutlined, BarChartOutlined, CalendarOutlined, ClusterOutlined, FileTextOutlined, InboxOutlined, LogoutOutlined, MenuOutlined, PlusOutlined, SolutionOutlined, TeamOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import { Suspense, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { useSession, useSessionContext } from '../auth/session';
import { loopFocus } from '../shared/focus-loop';
import { PageLoading } from '../shared/page-loading';
import { departmentLabel, roleLabel } from '../shared/labels';
import { QueuesLink } from './queues-link';

interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  visible: boolean;
  /** Shown in the wide header inside one sub-menu of this label (the header holds few items before it overflows). */
  group?: string;
}

const FRONT_DOOR = 'Tiếp dân';

/** The header's items with each group's items folded into one sub-menu, where its first item stood. */
function groupItems(nav: NavItem[], items: NonNullable<MenuProps['items']>): MenuProps['items'] {
  const grouped: NonNullable<MenuProps['items']> = [];
  const groups = new Map<string, NonNullable<MenuProps['items']>>();
  items.forEach((item, index) => {
    const group = nav[index]?.group;
    if (group === undefined) {
      grouped.push(item);
      return;
    }
    const children = groups.get(group);
    if (children) children.push(item);
    else {
      const first = [item];
      groups.set(group, first);
      grouped.push({ key: `group:${group}`, icon: <SolutionOutlined />, label: group, children: first });
    }
  });
  return grouped;
}

/** The frame of every page after sign-in: who is signed in (name, role, department), the sections they may open, sign-out. */
export function AppLayout() {
  const session = useSession();
  const { signOut } = useSessionContext();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { user } = session;

  const items: NavItem[] = [
    { path: '/cases', label: 'Sổ hồ sơ', icon: <UnorderedListOutlined />, visible: session.can('case.list') },
    { path: '/cases/new', label: 'Tiếp nhận đơn', icon: <PlusOutlined />, visible: session.commands.has('FileCase') },
    { path: '/reception', label: 'Tiếp công dân', icon: <SolutionOutlined />, visible: session.can('reception.record'), group: FRONT_DOOR },
    { path: '/dons', label: 'Sổ xử lý đơn', icon: <FileTextOutlined />, visible: session.can('dons.read'), group: FRONT_DOOR },
    { path: '/reception/schedule', label: 'Lịch tiếp công dân', icon: <CalendarOutlined />, visible: session.can('reception.read'), group: FRONT_DOOR },
    { path: '/inbox', label: 'Thông báo', icon: <InboxOutlined />, visible: session.can('inbox.read') },
    { path: '/dashboard', label: 'Tổng hợp', icon: <BarChartOutlined />, visible: session.can('department.summary') },
    { path: '/audit', label: 'Giám sát', icon: <AuditOutlined />, visible: user.role === 'supervisor' },
    { path: '/users', label: 'Người dùng', icon: <TeamOutlined />, visible: session.can('users.manage') },
  ];
  const visible = items.filter((item) => item.visible);
  const selected = [...visible].sort((a, b) => b.path.length - a.path.length).find((item) => location.pathname.startsWith(item.path))?.path;
  const menuItems: MenuProps['items'] = visible.map((item) => ({ key: item.path, icon: item.icon, label: <Link to={item.path}>{item.label}</Link> }));
  if (session.can('queues.read')) menuItems.push({ key: 'queues', icon: <ClusterOutlined />, label: <QueuesLink label="Hàng đợi" /> });
  const wide = screens.lg === true;
  const headerItems = wide ? groupItems(visible, menuItems) : menuItems;

  const who = (
    <Space size={4} orientation="vertical" className="app-header__who" data-testid="current-user">
      <Typography.Text strong className="app-header__name">
        {user.name ?? user.id}
      </Typography.Text>
      <Typography.Text type="secondary" className="app-header__role">
        {roleLabel(user.role)} · {departmentLabel(user.department)}
      </Typography.Text>
    </Space>
  );
  const signOutButton = (
    <Button icon={<LogoutOutlined />} onClick={() => signOut('Bạn đã đăng xuất.')}>
      Đăng xuất
    </Button>
  );

  return (
    <Layout className="app">
      <a className="skip-link" href="#main">
        Bỏ qua thanh điều hướng
      </a>
      <Layout.Header className="app-header">
        <Link to="/" className="app-header__brand" aria-label="KNTC, trang đầu">
          KNTC
        </Link>
        {wide ? (
          <>
            <Menu mode="horizontal" selectedKeys={selected ? [selected] : []} items={headerItems} className="app-header__menu" aria-label="Các mục" />
            {who}
            {signOutButton}
          </>
        ) : (
          <>
            <span className="app-header__spacer" />
            <Button icon={<MenuOutlined />} aria-label="Mở menu" onClick={() => setDrawerOpen(true)} />
            <Drawer open={drawerOpen} onClose={() => setDrawerOpen(false)} title="KNTC" placement="right" size={300} drawerRender={loopFocus}>
              {who}
              <Menu mode="vertical" selectedKeys={selected ? [selected] : []} items={menuItems} onClick={() => setDrawerOpen(false)} style={{ margin: '16px 0' }} aria-label="Các mục" />
              {signOutButton}
            </Drawer>
          </>
        )}
      </Layout.Header>
      <Layout.Content id="main" className="app-content" tabIndex={-1}>
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}

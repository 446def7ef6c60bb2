// The frame of every signed-in page: left menu (only permitted modules), header with product name, user, language and sign-out.
import { Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Dropdown, Layout, Menu, Segmented, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { KeyOutlined, LogoutOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth } from '../auth/AuthContext';
import { useI18n } from '../i18n';
import { NAV, allowed, type NavItem } from '../nav';
import { ChangePasswordModal } from './ChangePasswordModal';

const { Header, Sider, Content } = Layout;

export function Emblem({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true">
      <circle cx="32" cy="32" r="30" fill="#a8071a" stroke="#f5d48a" strokeWidth="3" />
      <path d="M32 12 l5.3 11 12 1.6 -8.8 8.3 2.2 11.9 -10.7 -5.8 -10.7 5.8 2.2 -11.9 -8.8 -8.3 12 -1.6z" fill="#f5d48a" />
    </svg>
  );
}

export function AppLayout() {
  const { me, can, signOut } = useAuth();
  const { t, tk, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [pwdOpen, setPwdOpen] = useState(false);

  const { items, paths } = useMemo(() => {
    const paths: string[] = [];
    const toItem = (n: NavItem) => {
      paths.push(n.path);
      return { key: n.path, icon: n.icon, label: t(n.label) };
    };
    const items: MenuProps['items'] = [];
    for (const n of NAV) {
      if ('children' in n) {
        const kids = n.children.filter((c) => allowed(c, can)).map(toItem);
        if (kids.length) items.push({ key: n.key, icon: n.icon, label: t(n.label), children: kids });
      } else if (allowed(n, can)) items.push(toItem(n));
    }
    return { items, paths };
  }, [can, t]);

  const selected = useMemo(() => {
    const p = location.pathname;
    const hit = paths.filter((x) => (x === '/' ? p === '/' : p === x || p.startsWith(`${x}/`))).sort((a, b) => b.length - a.length)[0];
    return hit ? [hit] : [];
  }, [location.pathname, paths]);

  const userMenu: MenuProps['items'] = [
    { key: 'pwd', icon: <KeyOutlined />, label: t('header.changePassword'), onClick: () => setPwdOpen(true) },
    ...(me && !me.totpEnabled ? [{ key: 'totp', icon: <SafetyCertificateOutlined />, label: t('header.setupTotp'), onClick: () => navigate('/totp-setup') }] : []),
    { type: 'divider' as const },
    { key: 'out', icon: <LogoutOutlined />, label: t('header.signOut'), onClick: () => void signOut() },
  ];

  return (
    <Layout style={{ minHeight: '100vh', background: '#0f2540' }}>
      <Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={208}
        theme="dark"
        style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <div style={{ height: 56, display: 'flex', alignItems: 'center', justifyContent: 'center', gap: 8, color: '#fff', borderBottom: '1px solid rgba(255,255,255,0.08)' }}>
          <Emblem size={28} />
          {!collapsed && <span style={{ fontSize: 18, fontWeight: 700, letterSpacing: lang === 'zh' ? 4 : 0 }}>{t('app.short')}</span>}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          items={items}
          selectedKeys={selected}
          defaultOpenKeys={['admin']}
          onClick={(e) => navigate(e.key)}
          data-testid="side-menu"
        />
      </Sider>
      <Layout style={{ background: '#f0f2f5' }}>
        <Header
          style={{
            background: 'linear-gradient(90deg, #8c0e17 0%, #a8071a 60%, #b3262f 100%)',
            padding: '0 20px',
            display: 'flex',
            alignItems: 'center',
            gap: 16,
            height: 56,
            lineHeight: '56px',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Typography.Text style={{ color: '#fff', fontSize: 17, fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} data-testid="product-name">
            {t('app.title')}
          </Typography.Text>
          {me?.demoMode && <Tag color="gold">{t('header.demo')}</Tag>}
          <div style={{ flex: 1 }} />
          <Segmented
            size="small"
            value={lang}
            onChange={(v) => setLang(v as 'zh' | 'en')}
            options={[
              { label: '中文', value: 'zh' },
              { label: 'EN', value: 'en' },
            ]}
            data-testid="lang-switch"
          />
          {me && (
            <Dropdown menu={{ items: userMenu }} placement="bottomRight">
              <Space style={{ color: '#fff', cursor: 'pointer', lineHeight: 1.3 }} data-testid="user-box">
                <UserOutlined />
                <span style={{ display: 'inline-flex', flexDirection: 'column' }}>
                  <span style={{ fontWeight: 600 }} data-testid="user-name">{me.displayName}</span>
                  <span style={{ fontSize: 12, opacity: 0.85 }}>
                    {me.orgName} · {me.roles.map((r) => tk('role', r)).join('、')}
                  </span>
                </span>
              </Space>
            </Dropdown>
          )}
          <Tooltip title={t('header.signOut')}>
            <Button type="text" icon={<LogoutOutlined />} style={{ color: '#fff' }} onClick={() => void signOut()} aria-label={t('header.signOut')} data-testid="sign-out" />
          </Tooltip>
        </Header>
        <Content style={{ margin: 16, minWidth: 0 }}>
          <Suspense fallback={<div style={{ padding: 80, textAlign: 'center' }}><Spin size="large" /></div>}>
            <Outlet />
          </Suspense>
        </Content>
        <Layout.Footer style={{ textAlign: 'center', color: '#8c8c8c', padding: '8px 16px 16px', fontSize: 12 }}>{t('login.footer')}</Layout.Footer>
      </Layout>
      <ChangePasswordModal open={pwdOpen} onClose={() => setPwdOpen(false)} />
    </Layout>
  );
}

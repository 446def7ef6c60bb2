// The modules of the UI and the permission each needs; the menu shows only what the user may open.
import type { ReactNode } from 'react';
import { AlertOutlined, ApartmentOutlined, AuditOutlined, BarChartOutlined, CheckSquareOutlined, DashboardOutlined, FileDoneOutlined, FileSearchOutlined, MailOutlined, SafetyOutlined, SearchOutlined, OrderedListOutlined, ScheduleOutlined, SettingOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { talksNav } from './pages/talks/nav';
import type { MsgKey } from './i18n';
import type { Permission } from './api';

export interface NavItem { path: string; label: MsgKey; icon: ReactNode; perm: Permission | Permission[] }
export interface NavGroup { key: string; label: MsgKey; icon: ReactNode; children: NavItem[] }

export const NAV: (NavItem | NavGroup)[] = [
  { path: '/', label: 'nav.home', icon: <DashboardOutlined />, perm: 'dashboard.read' },
  { path: '/orgs', label: 'nav.orgs', icon: <ApartmentOutlined />, perm: 'orgs.read' },
  { path: '/officials', label: 'nav.officials', icon: <TeamOutlined />, perm: 'officials.read' },
  { path: '/warnings', label: 'nav.warnings', icon: <AlertOutlined />, perm: 'warnings.read' },
  talksNav,
  {
    key: 'ledger',
    label: 'nav.ledger',
    icon: <OrderedListOutlined />,
    children: [
      { path: '/ledger', label: 'nav.ledgerList', icon: <OrderedListOutlined />, perm: 'ledger.read' },
      { path: '/ledger/dashboard', label: 'nav.ledgerDashboard', icon: <BarChartOutlined />, perm: 'ledger.read' },
      { path: '/ledger/dispatch', label: 'nav.ledgerDispatch', icon: <ScheduleOutlined />, perm: 'ledger.read' },
      { path: '/ledger/reviews', label: 'nav.ledgerReviews', icon: <CheckSquareOutlined />, perm: 'ledger.review' },
      { path: '/ledger/charters', label: 'nav.ledgerCharters', icon: <FileDoneOutlined />, perm: 'ledger.read' },
    ],
  },
  {
    key: 'petitions', label: 'nav.petitions', icon: <MailOutlined />, children: [
      { path: '/petitions', label: 'nav.petitionList', icon: <MailOutlined />, perm: 'petitions.read' },
      { path: '/petitions/search', label: 'nav.petitionSearch', icon: <SearchOutlined />, perm: 'petitions.read' },
      { path: '/petitions/analysis', label: 'nav.petitionAnalysis', icon: <BarChartOutlined />, perm: 'petitions.analysis' },
      { path: '/petitions/reveals', label: 'nav.petitionReveals', icon: <SafetyOutlined />, perm: 'petitions.reveal-request' },
    ],
  },
  {
    key: 'clues', label: 'nav.clues', icon: <FileSearchOutlined />, children: [
      { path: '/clues', label: 'nav.clueBoard', icon: <FileSearchOutlined />, perm: 'clues.read' },
      { path: '/clues/transfers', label: 'nav.clueTransfers', icon: <FileSearchOutlined />, perm: 'clues.read' },
      { path: '/clues/consultations', label: 'nav.consultations', icon: <FileSearchOutlined />, perm: 'clues.read' },
    ],
  },
  {
    key: 'admin',
    label: 'nav.admin',
    icon: <SettingOutlined />,
    children: [
      { path: '/admin/users', label: 'nav.users', icon: <UserOutlined />, perm: ['users.read', 'users.roles', 'users.write'] },
      { path: '/admin/audit', label: 'nav.audit', icon: <AuditOutlined />, perm: 'audit.read' },
    ],
  },
];

export function allowed(item: NavItem, can: (p: Permission) => boolean): boolean {
  return Array.isArray(item.perm) ? item.perm.some(can) : can(item.perm);
}

/** The first page the user may open (for users without the dashboard). */
export function firstAllowedPath(can: (p: Permission) => boolean): string | null {
  for (const n of NAV) {
    if ('children' in n) {
      for (const c of n.children) if (allowed(c, can)) return c.path;
    } else if (allowed(n, can)) return n.path;
  }
  return null;
}

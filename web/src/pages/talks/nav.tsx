// The menu group of talks and written inquiries.
import { BarChartOutlined, CommentOutlined, FileSearchOutlined, MailOutlined, ProfileOutlined } from '@ant-design/icons';
import type { NavGroup } from '../../nav';

export const talksNav: NavGroup = {
  key: 'talks',
  label: 'nav.talksGroup',
  icon: <CommentOutlined />,
  children: [
    { path: '/talks', label: 'nav.talks', icon: <ProfileOutlined />, perm: 'talks.read' },
    { path: '/inquiries', label: 'nav.inquiries', icon: <MailOutlined />, perm: 'inquiries.read' },
    { path: '/talks/coverage', label: 'nav.talkCoverage', icon: <BarChartOutlined />, perm: 'talks.read' },
    { path: '/talks/types', label: 'nav.talkTypes', icon: <FileSearchOutlined />, perm: 'talks.read' },
  ],
};

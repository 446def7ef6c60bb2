// User administration: system admin creates, edits, disables users and resets passwords; security admin assigns roles
// and scopes and unlocks accounts; both sort the list on the server and export it. The role catalogue shows the
// permission table as a role × action matrix.
import { useMemo, useState } from 'react';
import { App, Button, Card, Dropdown, Input, Popconfirm, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { MenuProps, TableProps } from 'antd';
import { CheckOutlined, EditOutlined, ExportOutlined, KeyOutlined, LockOutlined, MoreOutlined, PlusOutlined, SafetyOutlined, TeamOutlined, UnlockOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { usersApi, type RoleCatalogue, type User, type UserQuery, type UserSort } from '../../api';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useApiError, useAsync, useExport } from '../../components/hooks';
import { ErrorState, Loading } from '../../components/PageState';
import { OrgPicker } from '../../components/OrgPicker';
import { RoleTag } from '../../components/tags';
import { ResetPasswordModal, RolesModal, ScopesModal, UserModal } from './UserForms';

export default function UsersPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const catalogue = useAsync(() => usersApi.roles(), []);
  const [tab, setTab] = useState('users');
  return (
    <Card variant="borderless" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('users.title')}</Typography.Title>}>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          ...(can('users.read') || can('users.write') || can('users.roles') ? [{ key: 'users', label: t('users.list'), children: <UsersTab catalogue={catalogue.data} /> }] : []),
          {
            key: 'roles',
            label: t('users.catalogue'),
            children: catalogue.error ? <ErrorState error={catalogue.error} onRetry={catalogue.reload} /> : catalogue.data ? <RoleMatrix catalogue={catalogue.data} /> : <Loading />,
          },
        ]}
      />
    </Card>
  );
}

function isLocked(u: User): boolean {
  return !!u.lockedUntil && dayjs(u.lockedUntil).isAfter(dayjs());
}

function UsersTab({ catalogue }: { catalogue: RoleCatalogue | undefined }) {
  const { t, tk, lang } = useI18n();
  const { can, me } = useAuth();
  const showError = useApiError();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<UserQuery>({ page: 1, pageSize: 20 });
  const [qText, setQText] = useState('');
  const list = useAsync(() => usersApi.list(filters), [JSON.stringify(filters)]);
  const [editing, setEditing] = useState<{ user: User | null } | null>(null);
  const [pwdUser, setPwdUser] = useState<User | null>(null);
  const [rolesUser, setRolesUser] = useState<User | null>(null);
  const [scopesUser, setScopesUser] = useState<User | null>(null);
  const write = can('users.write');
  const assign = can('users.roles');

  // The server sorts (default: username ascending).
  const sortOrder = (key: UserSort) => (filters.sort === key ? (filters.order === 'desc' ? 'descend' : 'ascend') : null);

  const { exporting, doExport } = useExport(() => usersApi.export(filters));

  const roleOptions = useMemo(
    () => (catalogue?.roles ?? []).map((r) => ({ value: r.role, label: lang === 'zh' ? r.zh : r.en })),
    [catalogue, lang],
  );

  const act = async (fn: () => Promise<unknown>, done = t('common.done')) => {
    try {
      await fn();
      void message.success(done);
      list.reload();
    } catch (e) {
      showError(e);
    }
  };

  const columns: TableProps<User>['columns'] = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      key: 'username',
      width: 140,
      sorter: true,
      sortOrder: sortOrder('username'),
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    { title: t('users.displayName'), dataIndex: 'displayName', key: 'displayName', width: 130, sorter: true, sortOrder: sortOrder('displayName') },
    { title: t('users.org'), dataIndex: 'orgName', width: 160, ellipsis: true },
    { title: t('users.roles'), dataIndex: 'roles', width: 150, render: (roles: string[]) => (roles.length ? roles.map((r) => <RoleTag key={r} role={r} />) : '—') },
    {
      title: t('users.scopes'),
      dataIndex: 'scopes',
      width: 120,
      ellipsis: true,
      render: (s: User['scopes']) => (s.length ? s.map((x) => <Tag key={x.id}>{x.name}</Tag>) : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('users.status'),
      dataIndex: 'status',
      width: 130,
      render: (_: string, u) => (
        <Space size={2} wrap>
          <Tag color={u.status === 'active' ? 'success' : 'default'}>{tk('users.status', u.status)}</Tag>
          {u.totpEnabled && (
            <Tooltip title={t('users.totp')}>
              <SafetyOutlined style={{ color: '#389e0d' }} aria-label={t('users.totp')} />
            </Tooltip>
          )}
          {isLocked(u) && (
            <Tooltip title={t('users.lockedUntil', { t: dayjs(u.lockedUntil).format('YYYY-MM-DD HH:mm') })}>
              <Tag color="error" icon={<LockOutlined />}>
                {t('users.locked')}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: t('users.lastLogin'),
      dataIndex: 'lastLoginAt',
      key: 'lastLoginAt',
      width: 140,
      sorter: true,
      sortOrder: sortOrder('lastLoginAt'),
      render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      fixed: 'right',
      render: (_: unknown, u) => {
        const more: MenuProps['items'] = [];
        if (write) {
          more.push({ key: 'pwd', icon: <KeyOutlined />, label: t('users.resetPassword'), onClick: () => setPwdUser(u) });
          if (u.status === 'disabled') more.push({ key: 'enable', icon: <CheckOutlined />, label: t('users.enable'), onClick: () => act(() => usersApi.update(u.id, { status: 'active' })) });
        }
        if (assign) more.push({ key: 'scopes', icon: <TeamOutlined />, label: t('users.setScopes'), onClick: () => setScopesUser(u) });
        return (
          <Space size={0}>
            {write && (
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ user: u })}>
                {t('common.edit')}
              </Button>
            )}
            {assign && (
              <Button type="link" size="small" onClick={() => setRolesUser(u)}>
                {t('users.assignRoles')}
              </Button>
            )}
            {assign && isLocked(u) && (
              <Button type="link" size="small" icon={<UnlockOutlined />} onClick={() => act(() => usersApi.unlock(u.id), t('users.unlocked'))}>
                {t('users.unlock')}
              </Button>
            )}
            {write && u.status === 'active' && u.id !== me?.id && (
              <Popconfirm title={t('users.disableConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => act(() => usersApi.update(u.id, { status: 'disabled' }))}>
                <Button type="link" size="small" danger>
                  {t('users.disable')}
                </Button>
              </Popconfirm>
            )}
            {more.length > 0 && (
              <Dropdown menu={{ items: more }}>
                <Button type="text" size="small" icon={<MoreOutlined />} />
              </Dropdown>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('users.q')}
            value={qText}
            onChange={(e) => setQText(e.target.value)}
            onSearch={(v) => setFilters((f) => ({ ...f, q: v.trim() || undefined, page: 1 }))}
            style={{ width: 220 }}
          />
          <OrgPicker value={filters.orgId} onChange={(v) => setFilters((f) => ({ ...f, orgId: v as string | undefined, page: 1 }))} style={{ width: 240 }} placeholder={t('users.org')} />
          <Select
            allowClear
            placeholder={t('users.roles')}
            options={roleOptions}
            value={filters.role}
            onChange={(v) => setFilters((f) => ({ ...f, role: v, page: 1 }))}
            style={{ width: 180 }}
          />
        </Space>
        <Space wrap>
          {can('users.read') && (
            <Tooltip title={t('common.exportHint')}>
              <Button icon={<ExportOutlined />} onClick={doExport} loading={exporting} data-testid="users-export">
                {t('common.export')}
              </Button>
            </Tooltip>
          )}
          {write && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ user: null })}>
              {t('users.create')}
            </Button>
          )}
        </Space>
      </Space>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<User>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          locale={{ emptyText: t('common.noData') }}
          scroll={{ x: 1160 }}
          onChange={(pg, _f, sorter, extra) => {
            if (extra.action === 'sort') {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              const key = s?.order ? (String(s.columnKey ?? s.field) as UserSort) : undefined;
              setFilters((f) => ({ ...f, sort: key, order: key ? (s.order === 'descend' ? 'desc' : 'asc') : undefined, page: 1 }));
            } else if (extra.action === 'paginate') {
              setFilters((f) => ({ ...f, page: pg.pageSize !== f.pageSize ? 1 : pg.current ?? 1, pageSize: pg.pageSize ?? 20 }));
            }
          }}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => t('common.total', { n }),
          }}
          data-testid="users-table"
        />
      )}
      <UserModal
        user={editing?.user ?? null}
        open={!!editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
      <ResetPasswordModal user={pwdUser} onClose={() => setPwdUser(null)} />
      <RolesModal
        user={rolesUser}
        catalogue={catalogue}
        onClose={() => setRolesUser(null)}
        onSaved={() => {
          setRolesUser(null);
          list.reload();
        }}
      />
      <ScopesModal
        user={scopesUser}
        onClose={() => setScopesUser(null)}
        onSaved={() => {
          setScopesUser(null);
          list.reload();
        }}
      />
    </>
  );
}

function RoleMatrix({ catalogue }: { catalogue: RoleCatalogue }) {
  const { t, tk, lang } = useI18n();
  interface Row { action: string }
  const rows: Row[] = catalogue.actions.map((action) => ({ action }));
  const columns: TableProps<Row>['columns'] = [
    {
      title: t('users.action'),
      dataIndex: 'action',
      fixed: 'left',
      width: 200,
      render: (a: string) => (
        <Space orientation="vertical" size={0}>
          <span>{tk('perm', a)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} code>
            {a}
          </Typography.Text>
        </Space>
      ),
    },
    ...catalogue.roles.map((r) => ({
      title: <div style={{ whiteSpace: 'normal', textAlign: 'center' as const, fontSize: 12 }}>{lang === 'zh' ? r.zh : r.en}</div>,
      key: r.role,
      align: 'center' as const,
      width: 84,
      render: (_: unknown, row: Row) => (r.actions.includes(row.action) ? <CheckOutlined style={{ color: '#389e0d', fontSize: 16 }} aria-label="✓" /> : <span style={{ color: '#d9d9d9' }}>·</span>),
    })),
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{t('users.separation')}</Typography.Paragraph>
      <Table<Row>
        rowKey="action"
        size="small"
        bordered
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 200 + catalogue.roles.length * 84 }}
        title={() => <Typography.Text strong>{t('users.matrix')}</Typography.Text>}
        data-testid="role-matrix"
      />
    </>
  );
}

// Organization tree: a lazily loaded tree with search on the left, the selected organization on the right.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Breadcrumb, Button, Card, Col, Descriptions, Empty, Input, List, Row, Space, Table, Tabs, Tag, Tree, Typography } from 'antd';
import type { TableProps, TreeDataNode } from 'antd';
import { ApartmentOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { officialsApi, orgsApi, type OfficialListItem, type Org, type OrgNode, type TeamMember } from '../../api';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useApiError, useAsync, useDebounced } from '../../components/hooks';
import { ErrorState, Loading } from '../../components/PageState';
import { KeyPostTag, KindTag, LevelTag, PrincipalTag } from '../../components/tags';
import { AddChildOrgModal, EditOrgModal } from './OrgForms';

const ROOT = '';

export default function OrgsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('id');
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;
  const showError = useApiError();

  // The tree: children by parent id ('' = the user's scope roots), loaded on demand.
  const [childrenOf, setChildrenOf] = useState<Record<string, OrgNode[]>>({});
  const childrenRef = useRef(childrenOf);
  childrenRef.current = childrenOf;
  const [expanded, setExpanded] = useState<string[]>([]);
  const [treeLoading, setTreeLoading] = useState(true);
  const [treeError, setTreeError] = useState<unknown>(null);

  const loadChildren = useCallback(async (parentId: string) => {
    const r = await orgsApi.tree(parentId || undefined);
    setChildrenOf((prev) => {
      const next = { ...prev, [parentId]: r.nodes };
      childrenRef.current = next;
      return next;
    });
    return r.nodes;
  }, []);

  const loadRoots = useCallback(() => {
    setTreeLoading(true);
    setTreeError(null);
    loadChildren(ROOT)
      .then((roots) => {
        if (!selectedRef.current && roots.length > 0) setParams({ id: roots[0].id }, { replace: true });
        if (roots.length === 1 && roots[0].hasChildren) {
          setExpanded([roots[0].id]);
          return loadChildren(roots[0].id);
        }
      })
      .catch(setTreeError)
      .finally(() => setTreeLoading(false));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loadChildren]);

  useEffect(loadRoots, [loadRoots]);

  const treeData = useMemo<TreeDataNode[]>(() => {
    const build = (parentId: string, seen: Set<string>): TreeDataNode[] =>
      (childrenOf[parentId] ?? []).filter((n) => !seen.has(n.id)).map((n) => {
        const kids = childrenOf[n.id];
        const next = new Set(seen).add(n.id);
        return {
          key: n.id,
          title: n.name,
          isLeaf: !n.hasChildren,
          children: kids ? build(n.id, next) : undefined,
        };
      });
    return build(ROOT, new Set());
  }, [childrenOf]);

  const knownIds = useCallback(() => {
    const s = new Set<string>();
    for (const list of Object.values(childrenRef.current)) for (const n of list) s.add(n.id);
    return s;
  }, []);

  /** Expands the tree down to an organization, given its ancestors (root first). */
  const revealPath = useCallback(
    async (ancestorIds: string[]) => {
      const open: string[] = [];
      for (const aid of ancestorIds) {
        if (!knownIds().has(aid)) continue;
        if (!childrenRef.current[aid]) {
          try {
            await loadChildren(aid);
          } catch {
            break;
          }
        }
        open.push(aid);
      }
      if (open.length) setExpanded((prev) => Array.from(new Set([...prev, ...open])));
    },
    [knownIds, loadChildren],
  );

  const select = (id: string) => setParams(id ? { id } : {});

  // Keep the selected node in view when it was chosen elsewhere (search, breadcrumb, a link).
  const treeBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const id = window.setTimeout(() => {
      const el = treeBox.current?.querySelector('.ant-tree-node-selected');
      if (el && treeBox.current) {
        const box = treeBox.current.getBoundingClientRect();
        const r = el.getBoundingClientRect();
        if (r.top < box.top || r.bottom > box.bottom) treeBox.current.scrollTop += r.top - box.top - box.height / 3;
      }
    }, 150);
    return () => window.clearTimeout(id);
  }, [selectedId, expanded, childrenOf]);

  // Search.
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const found = useAsync(() => orgsApi.list({ q, pageSize: 50 }), [q], !!q);

  const refreshNode = (id: string) => {
    loadChildren(id)
      .then(() => setExpanded((prev) => (prev.includes(id) ? prev : [...prev, id])))
      .catch((e) => showError(e));
  };

  return (
    <Row gutter={16} wrap={false} style={{ alignItems: 'flex-start' }}>
      <Col flex="340px" style={{ minWidth: 280 }}>
        <Card
          title={
            <Space>
              <ApartmentOutlined />
              {t('org.tree')}
            </Space>
          }
          variant="borderless"
          styles={{ body: { padding: 12 } }}
        >
          <Input.Search allowClear placeholder={t('org.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ marginBottom: 12 }} data-testid="org-search" />
          {q ? (
            found.loading ? (
              <Loading />
            ) : found.error ? (
              <ErrorState error={found.error} onRetry={found.reload} />
            ) : (
              <List
                size="small"
                header={<Typography.Text type="secondary">{t('org.searchResults')} · {t('common.total', { n: found.data?.total ?? 0 })}</Typography.Text>}
                dataSource={found.data?.items ?? []}
                locale={{ emptyText: t('common.noData') }}
                style={{ maxHeight: 'calc(100vh - 260px)', overflow: 'auto' }}
                renderItem={(o: Org) => (
                  <List.Item
                    onClick={() => select(o.id)}
                    style={{ cursor: 'pointer', background: o.id === selectedId ? '#e6f0ff' : undefined, paddingInline: 8 }}
                  >
                    <Space size={4} wrap>
                      <span>{o.name}</span>
                      <LevelTag level={o.level} />
                    </Space>
                  </List.Item>
                )}
              />
            )
          ) : treeLoading ? (
            <Loading />
          ) : treeError ? (
            <ErrorState error={treeError} onRetry={loadRoots} />
          ) : treeData.length === 0 ? (
            <Empty description={t('common.noData')} />
          ) : (
            <div ref={treeBox} style={{ maxHeight: 'calc(100vh - 250px)', overflow: 'auto' }} data-testid="org-tree">
              <Tree
                treeData={treeData}
                showLine={{ showLeafIcon: false }}
                blockNode
                expandedKeys={expanded}
                onExpand={(keys) => setExpanded(keys.map(String))}
                loadedKeys={Object.keys(childrenOf).filter((k) => k !== ROOT)}
                loadData={async (node) => {
                  await loadChildren(String(node.key));
                }}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => keys.length && select(String(keys[0]))}
              />
            </div>
          )}
        </Card>
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        {selectedId ? (
          <OrgDetailPanel key={selectedId} id={selectedId} onSelect={select} onRevealPath={revealPath} onChildrenChanged={refreshNode} />
        ) : (
          <Card variant="borderless">
            <Empty description={t('org.selectHint')} style={{ padding: 48 }} />
          </Card>
        )}
      </Col>
    </Row>
  );
}

function OrgDetailPanel({
  id,
  onSelect,
  onRevealPath,
  onChildrenChanged,
}: {
  id: string;
  onSelect: (id: string) => void;
  onRevealPath: (ancestors: string[]) => void;
  onChildrenChanged: (id: string) => void;
}) {
  const { t } = useI18n();
  const { can } = useAuth();
  const detail = useAsync(() => orgsApi.get(id), [id]);
  const [tab, setTab] = useState<string | null>(null);
  const [addOpen, setAddOpen] = useState(false);
  const [editOpen, setEditOpen] = useState(false);
  const [childrenTick, setChildrenTick] = useState(0);
  const org = detail.data;

  useEffect(() => {
    if (org) onRevealPath(org.ancestors.map((a) => a.id));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [org?.id]);

  if (detail.loading && !org) return <Card variant="borderless"><Loading /></Card>;
  if (detail.error) return <Card variant="borderless"><ErrorState error={detail.error} onRetry={detail.reload} /></Card>;
  if (!org) return null;

  return (
    <Card
      variant="borderless"
      title={
        <Space orientation="vertical" size={2} style={{ padding: '8px 0' }}>
          <Breadcrumb
            items={[...org.ancestors, { id: org.id, name: org.name }].map((a) => ({
              key: a.id,
              title: a.id === org.id ? a.name : <a onClick={() => onSelect(a.id)}>{a.name}</a>,
            }))}
            data-testid="org-breadcrumb"
          />
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="org-name">
              {org.name}
            </Typography.Title>
            <LevelTag level={org.level} />
            <KindTag kind={org.kind} />
          </Space>
        </Space>
      }
      extra={
        can('orgs.write') ? (
          <Space>
            <Button icon={<PlusOutlined />} onClick={() => setAddOpen(true)}>
              {t('org.addChild')}
            </Button>
            <Button icon={<EditOutlined />} onClick={() => setEditOpen(true)}>
              {t('common.edit')}
            </Button>
          </Space>
        ) : null
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} style={{ marginBottom: 8 }}>
        <Descriptions.Item label={t('org.shortName')}>{org.shortName || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('org.code')}>{org.code || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('org.childCount')}>{org.childCount}</Descriptions.Item>
        {org.stationedUnits.length > 0 && (
          <Descriptions.Item label={t('org.stationedUnits')}>
            <Space size={4} wrap>
              {org.stationedUnits.map((u) => (
                <Tag key={u.id} style={{ cursor: 'pointer' }} onClick={() => onSelect(u.id)}>
                  {u.name}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Tabs
        activeKey={tab ?? (org.kind === 'region' ? 'children' : 'team')}
        onChange={setTab}
        items={[
          { key: 'team', label: t('org.team'), children: <TeamTable orgId={org.id} /> },
          { key: 'officials', label: t('org.officialsHere'), children: <OrgOfficials orgId={org.id} /> },
          { key: 'children', label: `${t('org.children')} (${org.childCount})`, children: <ChildOrgs parentId={org.id} onSelect={onSelect} tick={childrenTick} /> },
        ]}
      />
      <AddChildOrgModal
        parent={org}
        open={addOpen}
        onClose={() => setAddOpen(false)}
        onCreated={() => {
          setAddOpen(false);
          setChildrenTick((x) => x + 1);
          setTab('children');
          detail.reload();
          onChildrenChanged(org.id);
        }}
      />
      <EditOrgModal
        org={org}
        open={editOpen}
        onClose={() => setEditOpen(false)}
        onSaved={() => {
          setEditOpen(false);
          detail.reload();
          if (org.parentId) onChildrenChanged(org.parentId);
        }}
      />
    </Card>
  );
}

export function years(n: number | null | undefined, t: (k: 'org.years', v: { n: string }) => string): string {
  if (n == null) return '—';
  return t('org.years', { n: n.toFixed(1) });
}

function TeamTable({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const team = useAsync(() => orgsApi.team(orgId), [orgId]);
  if (team.error) return <ErrorState error={team.error} onRetry={team.reload} />;
  const members = [...(team.data?.members ?? [])].sort((a, b) => Number(b.isPrincipal) - Number(a.isPrincipal));
  const columns: TableProps<TeamMember>['columns'] = [
    {
      title: t('official.name'),
      dataIndex: 'name',
      width: 150,
      ellipsis: true,
      render: (_, m) => (
        <Space size={4}>
          <Link to={`/officials/${m.officialId}`}>{m.name}</Link>
          {m.isPrincipal && <PrincipalTag />}
        </Space>
      ),
    },
    { title: t('official.title'), dataIndex: 'title' },
    { title: t('official.rank'), dataIndex: 'rank', width: 90, render: (v: string | null) => v || '—' },
    { title: t('official.division'), dataIndex: 'division', ellipsis: true, render: (v: string | null) => v || '—' },
    { title: t('official.startDate'), dataIndex: 'startDate', width: 110 },
    {
      title: t('org.tenure'),
      dataIndex: 'tenureYears',
      width: 160,
      align: 'right',
      sorter: (a, b) => a.tenureYears - b.tenureYears,
      render: (v: number, m) => (
        <Space size={4} style={{ whiteSpace: 'nowrap' }}>
          {m.isKeyPost && <KeyPostTag />}
          <span>{years(v, t)}</span>
        </Space>
      ),
    },
  ];
  return (
    <Table<TeamMember>
      rowKey="postId"
      size="middle"
      loading={team.loading}
      columns={columns}
      dataSource={members}
      pagination={false}
      locale={{ emptyText: <Empty description={t('org.teamEmpty')} /> }}
      onRow={(m) => (m.isPrincipal ? { style: { background: '#fff1f0' } } : {})}
      data-testid="team-table"
      scroll={{ x: 800 }}
    />
  );
}

function OrgOfficials({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const list = useAsync(() => officialsApi.list({ orgId, subtree: false, page, pageSize, sort: 'name', order: 'asc' }), [orgId, page, pageSize]);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  const columns: TableProps<OfficialListItem>['columns'] = [
    {
      title: t('official.name'),
      dataIndex: 'name',
      render: (_, o) => (
        <Space size={4}>
          <Link to={`/officials/${o.id}`}>{o.name}</Link>
          {o.isPrincipal && <PrincipalTag />}
        </Space>
      ),
    },
    { title: t('official.gender'), dataIndex: 'gender', width: 80, render: (g: string) => t(g === 'F' ? 'gender.F' : 'gender.M') },
    { title: t('official.birthDate'), dataIndex: 'birthDate', width: 120, render: (v: string | null) => v || '—' },
    { title: t('official.currentTitle'), dataIndex: 'currentTitle', render: (v: string | null) => v || '—' },
  ];
  return (
    <Table<OfficialListItem>
      rowKey="id"
      data-testid="org-officials-table"
      size="middle"
      loading={list.loading}
      columns={columns}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: t('common.noData') }}
      pagination={{
        current: page,
        pageSize,
        total: list.data?.total ?? 0,
        showSizeChanger: true,
        showTotal: (n) => t('common.total', { n }),
        onChange: (p, s) => {
          setPage(s !== pageSize ? 1 : p);
          setPageSize(s);
        },
      }}
    />
  );
}

function ChildOrgs({ parentId, onSelect, tick }: { parentId: string; onSelect: (id: string) => void; tick: number }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const list = useAsync(() => orgsApi.list({ parentId, page, pageSize }), [parentId, page, pageSize, tick]);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  const columns: TableProps<Org>['columns'] = [
    { title: t('org.name'), dataIndex: 'name', render: (v: string, o) => <a onClick={() => onSelect(o.id)}>{v}</a> },
    { title: t('org.shortName'), dataIndex: 'shortName', render: (v: string | null) => v || '—' },
    { title: t('org.level'), dataIndex: 'level', width: 100, render: (_, o) => <LevelTag level={o.level} /> },
    { title: t('org.kind'), dataIndex: 'kind', width: 160, render: (_, o) => <KindTag kind={o.kind} /> },
    { title: t('org.code'), dataIndex: 'code', width: 140, render: (v: string | null) => v || '—' },
  ];
  return (
      <Table<Org>
        rowKey="id"
        data-testid="children-table"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('common.noData') }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('common.total', { n }),
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
      />
  );
}

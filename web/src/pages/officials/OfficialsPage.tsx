// Officials register: filters (organization with subtree, principals only, name), server-side paging and sorting, export and import.
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, Checkbox, Input, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ExportOutlined, ImportOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { officialsApi, type OfficialListItem, type OfficialQuery } from '../../api';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useAsync, useExport } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';
import { OrgPicker } from '../../components/OrgPicker';
import { PrincipalTag } from '../../components/tags';
import { ImportModal } from './ImportModal';
import { OfficialProfileModal } from './OfficialForms';

type SortKey = 'name' | 'birthDate' | 'updatedAt';

export default function OfficialsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [importOpen, setImportOpen] = useState(false);
  const [createOpen, setCreateOpen] = useState(false);

  const query = useMemo<OfficialQuery>(() => {
    const sort = params.get('sort') as SortKey | null;
    const order = params.get('order');
    return {
      orgId: params.get('orgId') || undefined,
      subtree: params.get('orgId') ? params.get('subtree') !== '0' : undefined,
      principal: params.get('principal') === '1' ? true : undefined,
      q: params.get('q') || undefined,
      page: Number(params.get('page')) || 1,
      pageSize: Number(params.get('pageSize')) || 20,
      sort: sort ?? undefined,
      order: order === 'asc' || order === 'desc' ? order : undefined,
    };
  }, [params]);
  const [qText, setQText] = useState(query.q ?? '');

  const update = (patch: Record<string, string | undefined>, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (resetPage) next.delete('page');
    setParams(next, { replace: true });
  };

  const list = useAsync(() => officialsApi.list(query), [JSON.stringify(query)]);

  const sortOrder = (key: SortKey) => (query.sort === key ? (query.order === 'desc' ? 'descend' : 'ascend') : null);

  const columns: TableProps<OfficialListItem>['columns'] = [
    {
      title: t('official.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (_, o) => (
        <Space size={4}>
          <Link to={`/officials/${o.id}`}>{o.name}</Link>
          {o.isPrincipal && <PrincipalTag />}
        </Space>
      ),
    },
    { title: t('official.gender'), dataIndex: 'gender', width: 80, render: (g: string) => t(g === 'F' ? 'gender.F' : 'gender.M') },
    { title: t('official.birthDate'), dataIndex: 'birthDate', key: 'birthDate', width: 130, sorter: true, sortOrder: sortOrder('birthDate'), render: (v: string | null) => v || '—' },
    { title: t('official.org'), dataIndex: 'orgName', ellipsis: true },
    { title: t('official.currentTitle'), dataIndex: 'currentTitle', ellipsis: true, render: (v: string | null) => v || '—' },
  ];

  const { exporting, doExport } = useExport(() => officialsApi.export(query));

  return (
    <Card
      variant="borderless"
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t('official.list')}</Typography.Title>}
      extra={
        <Space wrap>
          {can('officials.write') && (
            <Button icon={<PlusOutlined />} onClick={() => setCreateOpen(true)}>
              {t('official.new')}
            </Button>
          )}
          {can('officials.import') && (
            <Button icon={<ImportOutlined />} onClick={() => setImportOpen(true)} data-testid="import-button">
              {t('common.import')}
            </Button>
          )}
          <Button icon={<ExportOutlined />} onClick={doExport} loading={exporting} data-testid="export-button">
            {t('common.export')}
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }} size={[12, 12]}>
        <OrgPicker value={query.orgId} onChange={(v) => update({ orgId: v as string | undefined })} style={{ width: 280 }} />
        <Checkbox checked={query.subtree !== false} disabled={!query.orgId} onChange={(e) => update({ subtree: e.target.checked ? undefined : '0' })}>
          {t('official.subtree')}
        </Checkbox>
        <Checkbox checked={!!query.principal} onChange={(e) => update({ principal: e.target.checked ? '1' : undefined })} data-testid="principal-only">
          {t('official.principalOnly')}
        </Checkbox>
        <Input.Search
          allowClear
          placeholder={t('official.q')}
          value={qText}
          onChange={(e) => setQText(e.target.value)}
          onSearch={(v) => update({ q: v.trim() || undefined })}
          style={{ width: 240 }}
          enterButton={t('common.search')}
          data-testid="official-q"
        />
        <Button
          icon={<ReloadOutlined />}
          onClick={() => {
            setQText('');
            setParams({}, { replace: true });
          }}
        >
          {t('common.reset')}
        </Button>
      </Space>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<OfficialListItem>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          locale={{ emptyText: t('common.noData') }}
          onRow={(o) => ({ onDoubleClick: () => navigate(`/officials/${o.id}`) })}
          onChange={(pg, _f, sorter, extra) => {
            if (extra.action === 'sort') {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              const key = s?.order ? (String(s.columnKey ?? s.field) as SortKey) : undefined;
              update({ sort: key, order: s?.order ? (s.order === 'descend' ? 'desc' : 'asc') : undefined });
            } else if (extra.action === 'paginate') {
              const next = new URLSearchParams(params);
              next.set('page', String(pg.pageSize !== query.pageSize ? 1 : pg.current ?? 1));
              next.set('pageSize', String(pg.pageSize ?? 20));
              setParams(next, { replace: true });
            }
          }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (n) => t('common.total', { n }),
          }}
          data-testid="officials-table"
          scroll={{ x: 800 }}
        />
      )}
      <ImportModal open={importOpen} onClose={() => setImportOpen(false)} onImported={list.reload} />
      <OfficialProfileModal
        open={createOpen}
        defaultOrgId={query.orgId}
        onClose={() => setCreateOpen(false)}
        onSaved={(id) => {
          setCreateOpen(false);
          navigate(`/officials/${id}`);
        }}
      />
    </Card>
  );
}

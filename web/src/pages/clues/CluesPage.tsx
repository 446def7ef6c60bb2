// Problem clues: the board by disposal state, the filtered list (paged, sorted, exported) and the
// statistics by the four forms. Filters live in the URL so that a link reopens the same view.
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, Checkbox, Input, Select, Space, Table, Tabs, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ExportOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useAsync, useExport } from '../../components/hooks';
import { ErrorState, Loading } from '../../components/PageState';
import { OrgPicker } from '../../components/OrgPicker';
import { CLUE_SOURCES, CLUE_STATES, DISCIPLINES, FORMS, METHODS, cluesApi, type ClueQuery, type ClueSummary } from './api';
import { ClueBoard } from './ClueBoard';
import { ClueStats } from './ClueStats';
import { CreateClueModal } from './ClueForms';
import { ClueStateTag, FormTag, MethodTag, OverdueTag } from './tags';

type SortKey = NonNullable<ClueQuery['sort']>;

export default function CluesPage() {
  const { t, tk } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'board';
  const get = (k: string) => params.get(k) ?? undefined;
  const query: ClueQuery = {
    state: get('state') as ClueQuery['state'], method: get('method') as ClueQuery['method'], source: get('source') as ClueQuery['source'],
    discipline: get('discipline'), form: get('form') ? Number(get('form')) : undefined, orgId: get('orgId'), q: get('q'),
    overdue: get('overdue') === '1' ? true : undefined, sort: (get('sort') as SortKey) ?? 'receivedDate', order: (get('order') as 'asc' | 'desc') ?? 'desc',
    page: Number(get('page') ?? 1), pageSize: Number(get('pageSize') ?? 20),
  };
  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const [qText, setQText] = useState(query.q ?? '');
  const [createOpen, setCreateOpen] = useState(false);

  const board = useAsync(() => cluesApi.board({ orgId: query.orgId, q: query.q }), [query.orgId, query.q], tab === 'board');
  const list = useAsync(() => cluesApi.list(query), [params.toString()], tab === 'list');
  const stats = useAsync(() => cluesApi.stats({ orgId: query.orgId }), [query.orgId], tab === 'stats');
  const { exporting, doExport } = useExport(() => cluesApi.export(query));
  const sortOrder = (key: SortKey) => (query.sort === key ? (query.order === 'desc' ? 'descend' : 'ascend') : null);

  const columns: TableProps<ClueSummary>['columns'] = [
    { title: t('clue.code'), dataIndex: 'code', key: 'code', width: 130, sorter: true, sortOrder: sortOrder('code'), render: (v: string, c) => <Link to={`/clues/${c.id}`}>{v}</Link> },
    { title: t('clue.subjects'), dataIndex: 'subjects', width: 150, ellipsis: true, render: (s: ClueSummary['subjects']) => s.map((x) => x.name).join('、') || '—' },
    { title: t('clue.summary'), dataIndex: 'summary', width: 320, ellipsis: true },
    { title: t('clue.discipline'), dataIndex: 'discipline', width: 100, render: (v: string) => tk('clue.d', v) },
    { title: t('clue.source'), dataIndex: 'source', width: 100, render: (v: string) => tk('clue.src', v) },
    { title: t('clue.receivedDate'), dataIndex: 'receivedDate', key: 'receivedDate', width: 115, sorter: true, sortOrder: sortOrder('receivedDate') },
    { title: t('clue.state'), dataIndex: 'state', width: 150, render: (_, c) => <Space size={2} wrap><ClueStateTag state={c.state} /><MethodTag method={c.method} /></Space> },
    { title: t('clue.deadline'), dataIndex: 'deadline', key: 'deadline', width: 170, sorter: true, sortOrder: sortOrder('deadline'),
      render: (v: string | null, c) => (v ? <Space size={2} style={{ whiteSpace: 'nowrap' }}>{v}{c.overdue && <OverdueTag />}</Space> : '—') },
    { title: t('clue.form'), dataIndex: 'form', width: 110, render: (f: number | null) => (f ? <FormTag form={f} /> : '—') },
    { title: t('clue.org'), dataIndex: 'orgName', width: 160, ellipsis: true },
  ];

  const filters = (
    <Space wrap style={{ marginBottom: 16 }} size={[12, 12]}>
      <OrgPicker value={query.orgId} onChange={(v) => update({ orgId: v as string | undefined })} style={{ width: 240 }} />
      <Input.Search allowClear placeholder={t('clue.searchPlaceholder')} value={qText} onChange={(e) => setQText(e.target.value)}
        onSearch={(v) => update({ q: v.trim() || undefined })} style={{ width: 300 }} enterButton={t('common.search')} data-testid="clue-q" />
      {tab === 'list' && (
        <>
          <Select allowClear placeholder={t('clue.state')} value={query.state} style={{ width: 120 }} onChange={(v) => update({ state: v })}
            options={CLUE_STATES.map((s) => ({ value: s, label: tk('clue.st', s) }))} />
          <Select allowClear placeholder={t('clue.method')} value={query.method} style={{ width: 130 }} onChange={(v) => update({ method: v })}
            options={METHODS.map((m) => ({ value: m, label: tk('clue.m', m) }))} />
          <Select allowClear placeholder={t('clue.source')} value={query.source} style={{ width: 120 }} onChange={(v) => update({ source: v })}
            options={CLUE_SOURCES.map((s) => ({ value: s, label: tk('clue.src', s) }))} />
          <Select allowClear placeholder={t('clue.discipline')} value={query.discipline} style={{ width: 120 }} onChange={(v) => update({ discipline: v })}
            options={DISCIPLINES.map((d) => ({ value: d, label: tk('clue.d', d) }))} />
          <Select allowClear placeholder={t('clue.form')} value={query.form} style={{ width: 130 }} onChange={(v) => update({ form: v ? String(v) : undefined })}
            options={FORMS.map((f) => ({ value: f, label: tk('clue.f', String(f)) }))} />
          <Checkbox checked={!!query.overdue} onChange={(e) => update({ overdue: e.target.checked ? '1' : undefined })}>{t('clue.overdueOnly')}</Checkbox>
        </>
      )}
      <Button icon={<ReloadOutlined />} onClick={() => { setQText(''); setParams(tab === 'board' ? {} : { tab }, { replace: true }); }}>{t('common.reset')}</Button>
    </Space>
  );

  const listView = list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : (
    <Table<ClueSummary>
      rowKey="id" columns={columns} dataSource={list.data?.items ?? []} loading={list.loading} size="middle" scroll={{ x: 1650 }}
      locale={{ emptyText: t('clue.empty') }} data-testid="clues-table"
      onRow={(c) => ({ onDoubleClick: () => navigate(`/clues/${c.id}`) })}
      onChange={(pg, _f, sorter, extra) => {
        if (extra.action === 'sort') {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          update({ sort: s?.order ? String(s.columnKey) : undefined, order: s?.order ? (s.order === 'descend' ? 'desc' : 'asc') : undefined });
        } else if (extra.action === 'paginate') {
          update({ page: String(pg.pageSize !== query.pageSize ? 1 : (pg.current ?? 1)), pageSize: String(pg.pageSize ?? 20) });
        }
      }}
      pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => t('clue.total', { n }) }}
    />
  );

  return (
    <Card variant="borderless"
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t('nav.clues')}</Typography.Title>}
      extra={
        <Space wrap>
          {can('clues.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="clue-create-button">{t('clue.create')}</Button>}
          <Button icon={<ExportOutlined />} onClick={doExport} loading={exporting} data-testid="export-button">{t('common.export')}</Button>
        </Space>
      }>
      <Tabs activeKey={tab} onChange={(k) => update({ tab: k === 'board' ? undefined : k })} items={[
        { key: 'board', label: t('clue.board') },
        { key: 'list', label: t('clue.list') },
        { key: 'stats', label: t('clue.stats') },
      ]} />
      {tab !== 'stats' && filters}
      {tab === 'stats' && (
        <Space style={{ marginBottom: 16 }}><OrgPicker value={query.orgId} onChange={(v) => update({ orgId: v as string | undefined })} style={{ width: 260 }} /></Space>
      )}
      {tab === 'board' && (board.error ? <ErrorState error={board.error} onRetry={board.reload} /> : board.data ? <ClueBoard columns={board.data.columns} /> : <Loading />)}
      {tab === 'list' && listView}
      {tab === 'stats' && (stats.error ? <ErrorState error={stats.error} onRetry={stats.reload} /> : stats.data
        ? <ClueStats stats={stats.data} onForm={(f) => update({ tab: 'list', form: String(f), state: 'concluded' })} /> : <Loading />)}
      <CreateClueModal open={createOpen} onClose={() => setCreateOpen(false)} onSaved={(id) => { setCreateOpen(false); navigate(`/clues/${id}`); }} />
    </Card>
  );
}

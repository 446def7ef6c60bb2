// Talks: the ledger (filters, paging, sorting, export), a month calendar, and admonishments.
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Badge, Button, Calendar, Card, DatePicker, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ExportOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { talksApi, type TalkQuery, type TalkSummary } from '../../api/talks';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useAsync, useExport } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';
import { OrgPicker } from '../../components/OrgPicker';
import { TalkForm } from './TalkForm';
import { AdmonishmentsTab } from './AdmonishmentsTab';

export function TalkStatusTag({ status }: { status: string }) {
  const { tk } = useI18n();
  return <Tag color={status === 'held' ? 'green' : 'blue'}>{tk('talk.status', status)}</Tag>;
}

function TalkCalendar() {
  const { lang } = useI18n();
  const navigate = useNavigate();
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const from = month.startOf('month').subtract(7, 'day').format('YYYY-MM-DD');
  const to = month.endOf('month').add(7, 'day').format('YYYY-MM-DD');
  const talks = useAsync(() => talksApi.list({ from, to, pageSize: 200, sort: 'talkDate', order: 'asc' }), [from, to]);
  const byDay = useMemo(() => {
    const m = new Map<string, TalkSummary[]>();
    for (const x of talks.data?.items ?? []) m.set(x.talkDate, [...(m.get(x.talkDate) ?? []), x]);
    return m;
  }, [talks.data]);
  return (
    <Calendar
      value={month}
      onPanelChange={(d) => setMonth(d)}
      onSelect={(d, info) => info.source === 'date' && setMonth(d)}
      cellRender={(d, info) => {
        if (info.type !== 'date') return info.originNode;
        const list = byDay.get(d.format('YYYY-MM-DD')) ?? [];
        return (
          <div>
            {list.slice(0, 3).map((x) => (
              <div key={x.id} onClick={() => navigate(`/talks/${x.id}`)} style={{ cursor: 'pointer', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', fontSize: 12 }}>
                <Badge status={x.status === 'held' ? 'success' : 'processing'} text={`${x.typeName}${lang === 'zh' ? '·' : ' · '}${x.firstSubjects}`} />
              </div>
            ))}
            {list.length > 3 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>+{list.length - 3}</Typography.Text>}
          </div>
        );
      }}
    />
  );
}

export default function TalksPage() {
  const { t, tk } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [createOpen, setCreateOpen] = useState(false);
  const types = useAsync(() => talksApi.types(), []);

  const query = useMemo<TalkQuery>(() => ({
    orgId: params.get('orgId') || undefined,
    typeId: params.get('typeId') || undefined,
    mode: (params.get('mode') as TalkQuery['mode']) || undefined,
    status: (params.get('status') as TalkQuery['status']) || undefined,
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
    q: params.get('q') || undefined,
    sort: (params.get('sort') as TalkQuery['sort']) || undefined,
    order: (params.get('order') as TalkQuery['order']) || undefined,
    page: Number(params.get('page')) || 1,
    pageSize: Number(params.get('pageSize')) || 20,
  }), [params]);
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
  const list = useAsync(() => talksApi.list(query), [JSON.stringify(query)]);
  const { exporting, doExport } = useExport(() => talksApi.export(query));
  const sortOrder = (key: string) => (query.sort === key || (!query.sort && key === 'talkDate') ? (query.order === 'asc' ? 'ascend' : 'descend') : null);

  const columns: TableProps<TalkSummary>['columns'] = [
    { title: t('talk.date'), dataIndex: 'talkDate', key: 'talkDate', width: 120, sorter: true, sortOrder: sortOrder('talkDate') },
    { title: t('talk.type'), dataIndex: 'typeName', width: 130 },
    { title: t('talk.mode'), dataIndex: 'mode', width: 100, render: (v: string) => tk('talk.mode', v) },
    { title: t('talk.topic'), dataIndex: 'topic', ellipsis: true, render: (v: string, x) => <Link to={`/talks/${x.id}`}>{v}</Link> },
    { title: t('talk.subjects'), dataIndex: 'firstSubjects', ellipsis: true },
    { title: t('talk.subjectCount'), dataIndex: 'subjectCount', key: 'subjectCount', width: 90, sorter: true, sortOrder: sortOrder('subjectCount') },
    { title: t('talk.org'), dataIndex: 'orgName', ellipsis: true },
    { title: t('talk.status'), dataIndex: 'status', width: 90, render: (v: string) => <TalkStatusTag status={v} /> },
  ];

  const ledger = (
    <>
      <Space wrap style={{ marginBottom: 16 }} size={[12, 12]}>
        <OrgPicker value={query.orgId} onChange={(v) => update({ orgId: v as string | undefined })} style={{ width: 240 }} />
        <Select allowClear placeholder={t('talk.type')} style={{ width: 150 }} value={query.typeId} onChange={(v) => update({ typeId: v })}
          options={(types.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))} data-testid="filter-type" />
        <Select allowClear placeholder={t('talk.mode')} style={{ width: 120 }} value={query.mode} onChange={(v) => update({ mode: v })}
          options={['individual', 'collective'].map((m) => ({ value: m, label: tk('talk.mode', m) }))} />
        <Select allowClear placeholder={t('talk.status')} style={{ width: 110 }} value={query.status} onChange={(v) => update({ status: v })}
          options={['held', 'planned'].map((m) => ({ value: m, label: tk('talk.status', m) }))} />
        <DatePicker.RangePicker
          value={query.from && query.to ? [dayjs(query.from), dayjs(query.to)] : null}
          onChange={(r) => update({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
        />
        <Input.Search allowClear placeholder={t('talk.q')} value={qText} onChange={(e) => setQText(e.target.value)} onSearch={(v) => update({ q: v.trim() || undefined })}
          style={{ width: 220 }} enterButton={t('common.search')} data-testid="talk-q" />
        <Button icon={<ReloadOutlined />} onClick={() => { setQText(''); setParams({}, { replace: true }); }}>{t('common.reset')}</Button>
      </Space>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : (
        <Table<TalkSummary>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          locale={{ emptyText: t('common.noData') }}
          onRow={(x) => ({ onDoubleClick: () => navigate(`/talks/${x.id}`) })}
          onChange={(pg, _f, sorter, extra) => {
            if (extra.action === 'sort') {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              update({ sort: s?.order ? String(s.columnKey) : undefined, order: s?.order ? (s.order === 'descend' ? 'desc' : 'asc') : undefined });
            } else if (extra.action === 'paginate') update({ page: String(pg.current ?? 1), pageSize: String(pg.pageSize ?? 20) }, false);
          }}
          pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => t('common.total', { n }) }}
          data-testid="talks-table"
        />
      )}
    </>
  );

  return (
    <Card
      variant="borderless"
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t('talk.list')}</Typography.Title>}
      extra={
        <Space>
          {can('talks.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="new-talk">{t('talk.new')}</Button>}
          <Button icon={<ExportOutlined />} onClick={doExport} loading={exporting}>{t('common.export')}</Button>
        </Space>
      }
    >
      <Tabs
        items={[
          { key: 'list', label: t('talk.list'), children: ledger },
          { key: 'calendar', label: t('talk.calendar'), children: <TalkCalendar /> },
          { key: 'admonishments', label: t('talk.admonishments'), children: <AdmonishmentsTab /> },
        ]}
      />
      <TalkForm open={createOpen} types={types.data?.items ?? []} onClose={() => setCreateOpen(false)} onCreated={(id) => { setCreateOpen(false); navigate(`/talks/${id}`); }} />
    </Card>
  );
}

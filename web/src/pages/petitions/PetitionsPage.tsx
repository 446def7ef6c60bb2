// Reports register: filters (organization, status, channel, discipline, sector, dates, leaders only,
// text), server-side paging and sorting, export without identity, import, intake.
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, Checkbox, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ExportOutlined, ImportOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { petitionsApi, CHANNELS, DISCIPLINES, PETITION_STATUSES, SECTORS, type PetitionItem, type PetitionQuery } from '../../api/petitions';
import { useAuth } from '../../auth/AuthContext';
import { useAsync, useExport } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';
import { OrgPicker } from '../../components/OrgPicker';
import { useI18n } from '../../i18n';
import { IntakeModal } from './IntakeModal';
import { PetitionImportModal, PetitionStatusTag, SubjectTags } from './shared';

type SortKey = NonNullable<PetitionQuery['sort']>;

export default function PetitionsPage() {
  const { t, tk } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [intakeOpen, setIntakeOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const query = useMemo<PetitionQuery>(() => {
    const get = (k: string) => params.get(k) || undefined;
    return {
      orgId: get('orgId'), status: get('status') as PetitionQuery['status'], channel: get('channel') as PetitionQuery['channel'],
      discipline: get('discipline') as PetitionQuery['discipline'], sector: get('sector') as PetitionQuery['sector'], from: get('from'), to: get('to'),
      officialId: get('officialId'), matterId: get('matterId'), leaders: params.get('leaders') === '1' ? true : undefined, q: get('q'),
      sort: get('sort') as SortKey | undefined, order: get('order') as 'asc' | 'desc' | undefined,
      page: Number(params.get('page')) || 1, pageSize: Number(params.get('pageSize')) || 20,
    };
  }, [params]);
  const [qText, setQText] = useState(query.q ?? '');
  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    next.delete('page');
    setParams(next, { replace: true });
  };
  const list = useAsync(() => petitionsApi.list(query), [JSON.stringify(query)]);
  const { exporting, doExport } = useExport(() => petitionsApi.export(query));
  const sortOrder = (key: SortKey) => ((query.sort ?? 'receivedAt') === key ? ((query.order ?? 'desc') === 'desc' ? 'descend' : 'ascend') : null);
  const select = (key: string, values: readonly string[], prefix: string, label: string, width = 130) => (
    <Select allowClear placeholder={label} style={{ width }} value={params.get(key) || undefined} onChange={(v) => update({ [key]: v })}
      options={values.map((v) => ({ value: v, label: tk(prefix, v) }))} data-testid={`filter-${key}`} />
  );

  const columns: TableProps<PetitionItem>['columns'] = [
    { title: t('petition.serial'), dataIndex: 'serial', key: 'serial', width: 200, sorter: true, sortOrder: sortOrder('serial'), render: (v: string, r) => <Link to={`/petitions/${r.id}`} style={{ whiteSpace: 'nowrap' }}>{v}</Link> },
    { title: t('petition.receivedAt'), dataIndex: 'receivedAt', key: 'receivedAt', width: 115, sorter: true, sortOrder: sortOrder('receivedAt') },
    { title: t('petition.summary'), dataIndex: 'summary', ellipsis: true },
    { title: t('petition.subjects'), dataIndex: 'subjects', width: 220, render: (_, r) => <SubjectTags subjects={r.subjects} /> },
    { title: t('petition.channel'), dataIndex: 'channel', width: 90, render: (v: string) => tk('channel', v) },
    { title: t('petition.reporter'), dataIndex: 'anonymous', width: 80, render: (v: boolean) => (v ? t('petition.anonymous') : t('petition.named')) },
    { title: t('petition.discipline'), dataIndex: 'discipline', key: 'discipline', width: 105, sorter: true, sortOrder: sortOrder('discipline'), render: (v: string) => tk('discipline', v) },
    { title: t('petition.sector'), dataIndex: 'sector', width: 95, render: (v: string) => tk('sector', v) },
    { title: t('petition.matter'), dataIndex: 'matterReportCount', width: 90, render: (n: number, r) => (n > 1 ? <Tag color="volcano" onClick={() => update({ matterId: r.matterId })} style={{ cursor: 'pointer' }}>×{n}</Tag> : '—') },
    { title: t('petition.status'), dataIndex: 'status', key: 'status', width: 100, sorter: true, sortOrder: sortOrder('status'), render: (v) => <PetitionStatusTag status={v} /> },
  ];

  return (
    <Card
      variant="borderless"
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t('petition.list')}</Typography.Title>}
      extra={
        <Space wrap>
          {can('petitions.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setIntakeOpen(true)} data-testid="petition-new">{t('petition.new')}</Button>}
          {can('petitions.import') && <Button icon={<ImportOutlined />} onClick={() => setImportOpen(true)}>{t('common.import')}</Button>}
          <Button icon={<ExportOutlined />} onClick={doExport} loading={exporting} data-testid="export-button">{t('common.export')}</Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }} size={[12, 12]}>
        <OrgPicker value={query.orgId} onChange={(v) => update({ orgId: v as string | undefined })} style={{ width: 240 }} />
        {select('status', PETITION_STATUSES, 'pstatus', t('petition.status'))}
        {select('channel', CHANNELS, 'channel', t('petition.channel'), 110)}
        {select('discipline', DISCIPLINES, 'discipline', t('petition.discipline'))}
        {select('sector', SECTORS, 'sector', t('petition.sector'))}
        <DatePicker.RangePicker
          value={query.from && query.to ? [dayjs(query.from), dayjs(query.to)] : null}
          onChange={(r) => update({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
        />
        <Checkbox checked={!!query.leaders} onChange={(e) => update({ leaders: e.target.checked ? '1' : undefined })} data-testid="leaders-only">{t('petition.leadersOnly')}</Checkbox>
        <Input.Search allowClear placeholder={t('petition.summary')} value={qText} onChange={(e) => setQText(e.target.value)} onSearch={(v) => update({ q: v.trim() || undefined })} style={{ width: 220 }} enterButton={t('common.search')} />
        <Button icon={<ReloadOutlined />} onClick={() => { setQText(''); setParams({}, { replace: true }); }}>{t('common.reset')}</Button>
      </Space>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : (
        <Table<PetitionItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          locale={{ emptyText: t('common.noData') }}
          onRow={(r) => ({ onDoubleClick: () => navigate(`/petitions/${r.id}`) })}
          onChange={(pg, _f, sorter, extra) => {
            if (extra.action === 'sort') {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              update({ sort: s?.order ? String(s.columnKey) : undefined, order: s?.order ? (s.order === 'descend' ? 'desc' : 'asc') : undefined });
            } else if (extra.action === 'paginate') {
              const next = new URLSearchParams(params);
              next.set('page', String(pg.pageSize !== query.pageSize ? 1 : pg.current ?? 1));
              next.set('pageSize', String(pg.pageSize ?? 20));
              setParams(next, { replace: true });
            }
          }}
          pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100], showTotal: (n) => t('common.total', { n }) }}
          scroll={{ x: 1200 }}
          data-testid="petitions-table"
        />
      )}
      <IntakeModal open={intakeOpen} onClose={() => setIntakeOpen(false)} onSaved={(id) => { setIntakeOpen(false); navigate(`/petitions/${id}`); }} />
      <PetitionImportModal open={importOpen} onClose={() => setImportOpen(false)} onImported={list.reload} />
    </Card>
  );
}

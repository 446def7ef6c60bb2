// Progress at a glance: the least complete measures and regions (ECharts), the status mix, and any
// roll-up view as a table (a page at a time, sorted on the server) with the counting rule; a group
// opens the items that count in it.
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Col, Progress, Row, Select, Space, Statistic, Table, Typography, type TableProps } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { ledgerApi, type Rollup, type RollupGroup, type RollupSort, type RollupView } from '../../api';
import { useI18n } from '../../i18n';
import { useAsync, useExport } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';
import { EChart, type EChartOption } from '../../components/EChart';
import { DocumentSelect, STATUS_COLOR } from './common';

const VIEWS: RollupView[] = ['measure', 'area', 'region', 'org', 'level', 'document'];
/** Bars per chart: the least complete groups (a province has thousands of measures). */
const CHART_GROUPS = 20;
const lowest = { sort: 'completion', order: 'asc', pageSize: CHART_GROUPS } as const;

function barOption(groups: RollupGroup[], t: (k: 'ledger.completion') => string): EChartOption {
  const sorted = [...groups].sort((a, b) => a.completion - b.completion);
  return {
    tooltip: { trigger: 'axis', formatter: (p: { name: string; value: number }[]) => `${p[0].name}<br/>${t('ledger.completion')}：${p[0].value}%` },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: sorted.map((g) => (g.label.length > 18 ? g.label.slice(0, 18) + '…' : g.label)), axisLabel: { fontSize: 11 } },
    series: [{ type: 'bar', data: sorted.map((g) => g.completion), itemStyle: { color: '#1677ff' }, label: { show: true, position: 'right', formatter: '{c}%' } }],
  };
}

export default function DashboardPage() {
  const { t, tk } = useI18n();
  const navigate = useNavigate();
  const [documentId, setDocumentId] = useState<string | undefined>();
  const [view, setView] = useState<RollupView>('measure');
  const [sort, setSort] = useState<{ sort: RollupSort; order: 'asc' | 'desc' }>({ sort: 'label', order: 'asc' });
  const [pager, setPager] = useState({ page: 1, pageSize: 30 });
  const measures = useAsync(() => ledgerApi.rollup({ view: 'measure', documentId, ...lowest }), [documentId]);
  const regions = useAsync(() => ledgerApi.rollup({ view: 'region', documentId, ...lowest }), [documentId]);
  const table = useAsync(() => ledgerApi.rollup({ view, documentId, ...sort, ...pager }), [view, documentId, sort, pager]);
  const { exporting, doExport } = useExport(() => ledgerApi.exportRollup({ view, documentId, ...sort }));
  const chartTitle = (title: string, r: Rollup | undefined) => (r && r.totalGroups > r.groups.length
    ? <>{title} <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>{t('ledger.lowest', { n: r.groups.length, total: r.totalGroups })}</Typography.Text></>
    : title);
  const sortOrder = (key: RollupSort) => (sort.sort === key ? (sort.order === 'desc' ? 'descend' : 'ascend') : null);
  const onTableChange: TableProps<RollupGroup>['onChange'] = (pg, _f, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      setSort(s?.order ? { sort: s.columnKey as RollupSort, order: s.order === 'descend' ? 'desc' : 'asc' } : { sort: 'label', order: 'asc' });
      setPager((p) => ({ ...p, page: 1 }));
    } else if (extra.action === 'paginate') {
      setPager({ page: pg.pageSize !== pager.pageSize ? 1 : pg.current ?? 1, pageSize: pg.pageSize ?? 30 });
    }
  };
  const changeView = (v: RollupView) => { setView(v); setPager((p) => ({ ...p, page: 1 })); };
  const totals = measures.data?.totals;
  const pie = useMemo<EChartOption>(() => ({
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{
      type: 'pie', radius: ['40%', '70%'],
      data: totals ? (['done', 'in_progress', 'not_started', 'overdue', 'stalled'] as const).map((s) => ({
        name: tk('ledger.status', s), value: totals[({ done: 'done', in_progress: 'inProgress', not_started: 'notStarted', overdue: 'overdue', stalled: 'stalled' } as const)[s]],
        itemStyle: { color: STATUS_COLOR[s] },
      })) : [],
    }],
  }), [totals, tk]);
  const open = (g: RollupGroup) => {
    if (!g.key) return;
    const q = view === 'org' ? `leadOrgId=${g.key}&leaf=1` : view === 'area' || view === 'measure' ? `under=${g.key}&leaf=1` : view === 'region' ? `leadOrgId=${g.key}&leaf=1` : view === 'document' ? `documentId=${g.key}&leaf=1` : 'leaf=1';
    navigate(`/ledger?${q}${documentId && view !== 'document' ? `&documentId=${documentId}` : ''}`);
  };
  return (
    <>
      <Card variant="borderless" style={{ marginBottom: 16 }} title={<Typography.Title level={4} style={{ margin: 0 }}>{t('ledger.dashboard')}</Typography.Title>}
        extra={<DocumentSelect value={documentId} onChange={setDocumentId} />}>
        {totals && (
          <Row gutter={16}>
            <Col xs={12} md={4}><Statistic title={t('ledger.total')} value={totals.total} /></Col>
            <Col xs={12} md={4}><Statistic title={tk('ledger.status', 'done')} value={totals.done} valueStyle={{ color: STATUS_COLOR.done }} /></Col>
            <Col xs={12} md={4}><Statistic title={tk('ledger.status', 'in_progress')} value={totals.inProgress} /></Col>
            <Col xs={12} md={4}><Statistic title={tk('ledger.status', 'overdue')} value={totals.overdue} valueStyle={{ color: STATUS_COLOR.overdue }} /></Col>
            <Col xs={12} md={4}><Statistic title={tk('ledger.status', 'stalled')} value={totals.stalled} valueStyle={{ color: STATUS_COLOR.stalled }} /></Col>
            <Col xs={12} md={4}><Typography.Text type="secondary">{t('ledger.completion')}</Typography.Text><Progress percent={totals.completion} format={(p) => `${p}%`} data-testid="total-completion" /></Col>
          </Row>
        )}
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card title={chartTitle(t('ledger.byMeasure'), measures.data)} size="small" style={{ marginBottom: 16 }} data-testid="chart-measures">
            {measures.error ? <ErrorState error={measures.error} /> : <EChart option={barOption(measures.data?.groups ?? [], t)} height={Math.max(300, (measures.data?.groups.length ?? 0) * 22)} />}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={chartTitle(t('ledger.byRegion'), regions.data)} size="small" style={{ marginBottom: 16 }}>
            {regions.error ? <ErrorState error={regions.error} /> : <EChart option={barOption(regions.data?.groups ?? [], t)} height={Math.max(300, (regions.data?.groups.length ?? 0) * 22)} />}
          </Card>
        </Col>
        <Col xs={24} xl={6}>
          <Card title={t('ledger.statusMix')} size="small" style={{ marginBottom: 16 }}><EChart option={pie} height={300} /></Card>
        </Col>
      </Row>
      <Card size="small" title={
        <Space><span>{t('ledger.view')}</span><Select value={view} onChange={changeView} style={{ width: 140 }} options={VIEWS.map((v) => ({ value: v, label: tk('ledger.view', v) }))} data-testid="rollup-view" /></Space>
      } extra={<Button icon={<ExportOutlined />} loading={exporting} onClick={doExport}>{t('common.export')}</Button>}>
        {table.data && <Alert type="info" showIcon title={t('ledger.basis')} description={table.data.basis} style={{ marginBottom: 12 }} />}
        {table.error ? <ErrorState error={table.error} onRetry={table.reload} /> : (
          <Table<RollupGroup> size="small" rowKey={(g) => g.key ?? 'none'} loading={table.loading} dataSource={table.data?.groups ?? []} data-testid="rollup-table"
            onChange={onTableChange}
            pagination={{ current: pager.page, pageSize: pager.pageSize, total: table.data?.totalGroups ?? 0, showSizeChanger: true, pageSizeOptions: [30, 50, 100, 200], showTotal: (n) => t('common.total', { n }) }}
            summary={() => table.data && (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}><b>{table.data.totals.label}</b></Table.Summary.Cell>
                {(['total', 'done', 'inProgress', 'notStarted', 'overdue', 'stalled'] as const).map((k, i) => <Table.Summary.Cell key={k} index={i + 1}>{table.data!.totals[k]}</Table.Summary.Cell>)}
                <Table.Summary.Cell index={7}>{table.data.totals.completion}%</Table.Summary.Cell>
                <Table.Summary.Cell index={8} />
              </Table.Summary.Row>
            )}
            columns={[
              { title: t('ledger.group'), dataIndex: 'label', key: 'label', sorter: true, sortOrder: sortOrder('label') },
              { title: t('ledger.total'), dataIndex: 'total', key: 'total', width: 90, sorter: true, sortOrder: sortOrder('total') },
              { title: tk('ledger.status', 'done'), dataIndex: 'done', key: 'done', width: 90, sorter: true, sortOrder: sortOrder('done') },
              { title: tk('ledger.status', 'in_progress'), dataIndex: 'inProgress', width: 80 },
              { title: tk('ledger.status', 'not_started'), dataIndex: 'notStarted', width: 80 },
              { title: tk('ledger.status', 'overdue'), dataIndex: 'overdue', key: 'overdue', width: 90, sorter: true, sortOrder: sortOrder('overdue') },
              { title: tk('ledger.status', 'stalled'), dataIndex: 'stalled', key: 'stalled', width: 90, sorter: true, sortOrder: sortOrder('stalled') },
              { title: t('ledger.completion'), dataIndex: 'completion', key: 'completion', width: 170, sorter: true, sortOrder: sortOrder('completion'), render: (v: number) => <Progress percent={v} size="small" format={(p) => `${p}%`} /> },
              { title: '', key: 'open', width: 90, render: (_: unknown, g) => (g.key && view !== 'level' ? <Button size="small" type="link" onClick={() => open(g)}>{t('ledger.items')}</Button> : null) },
            ]} />
        )}
      </Card>
    </>
  );
}

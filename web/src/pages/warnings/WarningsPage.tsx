// Warnings inbox: counts by status, a chart of open warnings, filters, the table (server-side paging and sorting),
// export of the filtered inbox, a detail drawer, running the rules now (a job, polled until done), and the rules tab.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Empty, Flex, Progress, Row, Select, Space, Statistic, Table, Tabs, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ExportOutlined, ThunderboltOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import {
  jobsApi, SEVERITIES, WARNING_STATUSES, warningsApi, type Job, type Severity, type Warning, type WarningQuery, type WarningSort, type WarningStatus,
} from '../../api';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useApiError, useAsync, useErrorText, useExport } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';
import { EChart, type EChartOption } from '../../components/EChart';
import { SEVERITY_COLOR, SeverityTag, WarningStatusTag } from '../../components/tags';
import { WarningDrawer } from './WarningDrawer';
import { RulesTab, ruleName } from './RulesTab';

const STATUS_COLOR: Record<WarningStatus, string> = { open: '#d4380d', assigned: '#1677ff', resolved: '#389e0d', dismissed: '#8c8c8c' };

type RunState = { phase: 'running'; job?: Job; started: number } | { phase: 'done'; job: Job } | { phase: 'failed'; error: string } | null;

export default function WarningsPage() {
  const { t, tk, lang } = useI18n();
  const { can } = useAuth();
  const showError = useApiError();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const [tab, setTab] = useState('inbox');
  const [filters, setFilters] = useState<WarningQuery>({ status: params.get('status') ?? undefined, page: 1, pageSize: 20 });
  const [tick, setTick] = useState(0);
  const list = useAsync(() => warningsApi.list(filters), [JSON.stringify(filters), tick]);
  const rules = useAsync(() => warningsApi.rules(), [tick]);
  // Open warnings by severity (three one-row queries: works with warnings.read alone).
  const bySeverity = useAsync(
    () => Promise.all(SEVERITIES.map((s) => warningsApi.list({ status: 'open', severity: s, page: 1, pageSize: 1 }).then((r) => [s, r.total] as const))),
    [tick],
  );
  const openId = params.get('id');
  const [run, setRun] = useState<RunState>(null);
  const pollRef = useRef<number | null>(null);

  useEffect(() => () => {
    if (pollRef.current) window.clearTimeout(pollRef.current);
  }, []);

  const refresh = () => setTick((x) => x + 1);

  const runNow = async () => {
    setRun({ phase: 'running', started: Date.now() });
    try {
      const { jobId } = await warningsApi.run();
      const poll = async (delay: number) => {
        try {
          const job = await jobsApi.get(jobId);
          if (job.status === 'done') {
            setRun({ phase: 'done', job });
            refresh();
            return;
          }
          if (job.status === 'failed') {
            setRun({ phase: 'failed', error: job.lastError ?? 'failed' });
            return;
          }
          setRun((r) => (r && r.phase === 'running' ? { ...r, job } : r));
          pollRef.current = window.setTimeout(() => void poll(Math.min(delay * 1.5, 3000)), delay);
        } catch (e) {
          setRun({ phase: 'failed', error: errorText(e) });
        }
      };
      pollRef.current = window.setTimeout(() => void poll(500), 300);
    } catch (e) {
      setRun(null);
      showError(e);
    }
  };

  const counts = list.data?.counts;
  const sevData = bySeverity.data;
  const chart = useMemo<EChartOption | null>(() => {
    if (!sevData) return null;
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: sevData.map(([s]) => tk('sev', `${s}Long`)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          barMaxWidth: 48,
          label: { show: true, position: 'top' },
          data: sevData.map(([s, n]) => ({ value: n, itemStyle: { color: SEVERITY_COLOR[s as Severity] } })),
        },
      ],
    };
  }, [sevData, tk]);

  const ruleOptions = (rules.data?.items ?? []).map((r) => ({ value: r.id, label: ruleName(r, lang) }));

  // The server sorts (default: raised time, newest first); severity ascending puts red first.
  const sortOrder = (key: WarningSort) => (filters.sort === key ? (filters.order === 'desc' ? 'descend' : 'ascend') : null);

  const { exporting, doExport } = useExport(() => warningsApi.export(filters));

  const columns: TableProps<Warning>['columns'] = [
    {
      title: t('warn.severity'),
      dataIndex: 'severity',
      key: 'severity',
      width: 90,
      sorter: true,
      sortOrder: sortOrder('severity'),
      showSorterTooltip: { title: t('warn.severitySort') },
      render: (_, w) => <SeverityTag severity={w.severity} />,
    },
    {
      title: t('warn.titleCol'),
      dataIndex: 'title',
      ellipsis: true,
      render: (v: string, w) => (
        <a onClick={() => setParams({ id: w.id }, { replace: true })} data-testid="warning-title">
          {v}
        </a>
      ),
    },
    { title: t('warn.rule'), dataIndex: 'ruleName', width: 180, ellipsis: true, render: (v: string, w) => {
      const r = rules.data?.items.find((x) => x.id === w.ruleId);
      return r ? ruleName(r, lang) : v;
    } },
    { title: t('warn.org'), dataIndex: 'orgName', width: 180, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('warn.raisedAt'), dataIndex: 'raisedAt', key: 'raisedAt', width: 140, sorter: true, sortOrder: sortOrder('raisedAt'), render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
    { title: t('warn.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', width: 140, sorter: true, sortOrder: sortOrder('updatedAt'), render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
    { title: t('warn.status'), dataIndex: 'status', width: 100, render: (_, w) => <WarningStatusTag status={w.status} /> },
    { title: t('warn.assignee'), dataIndex: 'assignee', width: 110, render: (a: Warning['assignee']) => a?.displayName ?? '—' },
  ];

  const inbox = (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Row gutter={[12, 12]}>
            {WARNING_STATUSES.map((s) => (
              <Col span={12} key={s}>
                <Card
                  size="small"
                  hoverable
                  onClick={() => setFilters((f) => ({ ...f, status: f.status === s ? undefined : s, page: 1 }))}
                  style={{ borderColor: filters.status === s ? STATUS_COLOR[s] : undefined, borderWidth: filters.status === s ? 2 : 1 }}
                  data-testid={`count-${s}`}
                >
                  <Statistic title={tk('warn.status', s)} value={counts?.[s] ?? 0} loading={!counts && list.loading} styles={{ content: { color: STATUS_COLOR[s] } }} />
                </Card>
              </Col>
            ))}
          </Row>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('warn.openBy')} styles={{ body: { padding: 8 } }}>
            {bySeverity.error ? (
              <ErrorState error={bySeverity.error} onRetry={bySeverity.reload} />
            ) : chart && sevData && sevData.some(([, n]) => n > 0) ? (
              <EChart option={chart} height={170} />
            ) : (
              <Empty description={t('common.noData')} style={{ height: 170, paddingTop: 30 }} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
      </Row>
      <Flex wrap justify="space-between" gap={12}>
        <Space wrap>
          <Select
            allowClear
            placeholder={t('warn.status')}
            style={{ width: 140 }}
            value={filters.status}
            onChange={(v) => setFilters((f) => ({ ...f, status: v, page: 1 }))}
            options={WARNING_STATUSES.map((s) => ({ value: s, label: tk('warn.status', s) }))}
            data-testid="filter-status"
          />
          <Select
            allowClear
            placeholder={t('warn.severity')}
            style={{ width: 120 }}
            value={filters.severity}
            onChange={(v) => setFilters((f) => ({ ...f, severity: v, page: 1 }))}
            options={SEVERITIES.map((s) => ({ value: s, label: <SeverityTag severity={s} /> }))}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('warn.rule')}
            style={{ width: 260 }}
            value={filters.ruleId}
            onChange={(v) => setFilters((f) => ({ ...f, ruleId: v, page: 1 }))}
            options={ruleOptions}
          />
          <Button onClick={() => setFilters({ page: 1, pageSize: filters.pageSize })}>{t('common.reset')}</Button>
        </Space>
        <Tooltip title={t('common.exportHint')}>
          <Button icon={<ExportOutlined />} onClick={doExport} loading={exporting} data-testid="warnings-export">
            {t('common.export')}
          </Button>
        </Tooltip>
      </Flex>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Warning>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          locale={{ emptyText: t('common.noData') }}
          scroll={{ x: 1140 }}
          onRow={(w) => ({ onDoubleClick: () => setParams({ id: w.id }, { replace: true }) })}
          onChange={(pg, _f, sorter, extra) => {
            if (extra.action === 'sort') {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              const key = s?.order ? (String(s.columnKey ?? s.field) as WarningSort) : undefined;
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
          data-testid="warnings-table"
        />
      )}
    </Space>
  );

  return (
    <Card
      variant="borderless"
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t('warn.title')}</Typography.Title>}
      extra={
        can('warnings.run') ? (
          <Button type="primary" icon={<ThunderboltOutlined />} loading={run?.phase === 'running'} onClick={runNow} data-testid="run-rules">
            {t('warn.run')}
          </Button>
        ) : null
      }
    >
      {run && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          closable={run.phase !== 'running' ? { onClose: () => setRun(null) } : undefined}
          type={run.phase === 'running' ? 'info' : run.phase === 'done' ? 'success' : 'error'}
          title={
            run.phase === 'running'
              ? t('warn.running')
              : run.phase === 'done'
                ? t('warn.runDone', { checked: Number(run.job.result?.checked ?? 0), raised: Number(run.job.result?.raised ?? 0) })
                : t('warn.runFailed', { error: run.error })
          }
          description={run.phase === 'running' ? <RunProgress started={run.started} status={run.job?.status} /> : undefined}
          data-testid="run-result"
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'inbox', label: t('warn.inbox'), children: inbox },
          { key: 'rules', label: t('warn.rules'), children: <RulesTab rules={rules} /> },
        ]}
      />
      <WarningDrawer id={openId} onClose={() => setParams({}, { replace: true })} onChanged={refresh} />
    </Card>
  );
}

/** An indeterminate progress bar that creeps towards 95% while the job runs. */
function RunProgress({ started, status }: { started: number; status?: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 200);
    return () => window.clearInterval(id);
  }, []);
  const secs = (now - started) / 1000;
  const pct = Math.min(95, Math.round(100 * (1 - Math.exp(-secs / 4))));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={0}>
      <Progress percent={pct} status="active" showInfo={false} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {status ?? 'queued'} · {secs.toFixed(0)} s
      </Typography.Text>
    </Space>
  );
}

// Analysis of reports (article 20): concentration by region, unit, official, discipline, sector,
// channel and month, period-on-period change, the principals and team members view, the two rules
// with their basis, and the retention period.
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Col, DatePicker, Row, Space, Statistic, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { petitionsApi, type PetitionAnalysis } from '../../api/petitions';
import { useAuth } from '../../auth/AuthContext';
import { EChart, type EChartOption } from '../../components/EChart';
import { useApiError, useAsync } from '../../components/hooks';
import { ErrorState, Loading } from '../../components/PageState';
import { OrgPicker } from '../../components/OrgPicker';
import { useI18n } from '../../i18n';

type Row2 = { key: string; name: string; count: number; previous?: number; orgName?: string; role?: string };

function bars(names: string[], series: { name: string; data: number[] }[], horizontal = false): EChartOption {
  const cat = { type: 'category', data: names, axisLabel: { interval: 0, rotate: horizontal ? 0 : names.length > 6 ? 30 : 0 } };
  return {
    tooltip: { trigger: 'axis' },
    legend: series.length > 1 ? { top: 0 } : undefined,
    grid: { left: horizontal ? 120 : 40, right: 20, top: series.length > 1 ? 30 : 10, bottom: 50 },
    xAxis: horizontal ? { type: 'value' } : cat,
    yAxis: horizontal ? { ...cat, inverse: true } : { type: 'value' },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data, barMaxWidth: 28 })),
  };
}

export default function PetitionAnalysisPage() {
  const { t, tk } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const showError = useApiError();
  const [orgId, setOrgId] = useState<string | undefined>();
  const [range, setRange] = useState<[string, string] | null>(null);
  const data = useAsync(() => petitionsApi.analysis({ orgId, from: range?.[0], to: range?.[1] }), [orgId, range?.[0], range?.[1]]);
  const retention = useAsync(() => petitionsApi.retention(), [], can('petitions.retention'));
  const a = data.data;
  const charts = useMemo(() => (a ? {
    month: bars(a.byMonth.map((m) => m.month), [{ name: t('analysis.count'), data: a.byMonth.map((m) => m.count) }]),
    discipline: bars(a.byDiscipline.map((d) => tk('discipline', d.key)), [
      { name: t('analysis.current'), data: a.byDiscipline.map((d) => d.count) }, { name: t('analysis.previous'), data: a.byDiscipline.map((d) => d.previous) },
    ]),
    sector: bars(a.bySector.map((d) => tk('sector', d.key)), [
      { name: t('analysis.current'), data: a.bySector.map((d) => d.count) }, { name: t('analysis.previous'), data: a.bySector.map((d) => d.previous) },
    ]),
    channel: {
      tooltip: { trigger: 'item' }, legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: a.byChannel.map((c) => ({ name: tk('channel', c.key), value: c.count })) }],
    } as EChartOption,
    region: bars(a.byRegion.slice(0, 12).map((r) => r.name), [{ name: t('analysis.count'), data: a.byRegion.slice(0, 12).map((r) => r.count) }], true),
  } : null), [a, t, tk]);

  const ranking = (rows: Row2[], extra: 'org' | 'official') => (
    <Table<Row2> size="small" rowKey="key" dataSource={rows} pagination={rows.length > 15 ? { pageSize: 15, size: 'small', showSizeChanger: false } : false}
      columns={[
        { title: '#', key: 'i', width: 40, render: (_, r) => rows.indexOf(r) + 1 },
        {
          title: extra === 'org' ? t('petition.org') : t('petition.subjects'), dataIndex: 'name',
          render: (v: string, r) => (extra === 'official' ? <Link to={`/petitions?officialId=${r.key}`}>{v}</Link> : <Link to={`/petitions?orgId=${r.key}`}>{v}</Link>),
        },
        ...(extra === 'official' ? [
          { title: t('petition.org'), dataIndex: 'orgName', ellipsis: true },
          { title: '', dataIndex: 'role', width: 90, render: (v: string) => tk('petition.role', v) },
        ] : []),
        { title: t('analysis.count'), dataIndex: 'count', width: 70 },
      ]} />
  );
  const change = (now: number, before: number) => (before ? `${now >= before ? '+' : ''}${Math.round(((now - before) / before) * 1000) / 10}%` : '—');
  const purge = async () => {
    try {
      const r = await petitionsApi.purge();
      void message.success(t('analysis.purged', r));
      retention.reload();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="petition-analysis">
      <Card variant="borderless" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('analysis.title')}</Typography.Title>}
        extra={
          <Space wrap>
            <OrgPicker value={orgId} onChange={(v) => setOrgId(v as string | undefined)} style={{ width: 240 }} />
            <DatePicker.RangePicker value={range ? [dayjs(range[0]), dayjs(range[1])] : null}
              onChange={(r) => setRange(r && r[0] && r[1] ? [r[0].format('YYYY-MM-DD'), r[1].format('YYYY-MM-DD')] : null)} />
          </Space>
        }>
        {data.error ? <ErrorState error={data.error} onRetry={data.reload} /> : !a ? <Loading /> : (
          <Row gutter={16}>
            <Col span={6}><Statistic title={`${t('analysis.total')}（${a.from} ~ ${a.to}）`} value={a.total} /></Col>
            <Col span={6}><Statistic title={t('analysis.previous')} value={a.previousTotal} suffix={<Typography.Text type={a.change && a.change > 0 ? 'danger' : 'success'} style={{ fontSize: 14 }}>{t('analysis.change')} {change(a.total, a.previousTotal)}</Typography.Text>} /></Col>
            <Col span={6}><Statistic title={t('analysis.principals')} value={a.leaders.principal} suffix={<span style={{ fontSize: 14 }}>{change(a.leaders.principal, a.leaders.previousPrincipal)}</span>} /></Col>
            <Col span={6}><Statistic title={t('analysis.teamMembers')} value={a.leaders.teamMember} suffix={<span style={{ fontSize: 14 }}>{change(a.leaders.teamMember, a.leaders.previousTeamMember)}</span>} /></Col>
          </Row>
        )}
      </Card>
      {a && charts && (
        <>
          <Row gutter={16}>
            <Col xs={24} lg={14}><Card size="small" title={t('analysis.byMonth')}><EChart option={charts.month} height={260} /></Card></Col>
            <Col xs={24} lg={10}><Card size="small" title={t('analysis.byChannel')}><EChart option={charts.channel} height={260} /></Card></Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} lg={12}><Card size="small" title={t('analysis.byDiscipline')}><EChart option={charts.discipline} height={280} /></Card></Col>
            <Col xs={24} lg={12}><Card size="small" title={t('analysis.bySector')}><EChart option={charts.sector} height={280} /></Card></Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} lg={8}><Card size="small" title={t('analysis.byRegion')}><EChart option={charts.region} height={320} /></Card></Col>
            <Col xs={24} lg={8}><Card size="small" title={t('analysis.byOrg')}>{ranking(a.byOrg, 'org')}</Card></Col>
            <Col xs={24} lg={8}><Card size="small" title={t('analysis.byOfficial')}>{ranking(a.byOfficial, 'official')}</Card></Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} lg={8}><Card size="small" title={t('analysis.leaders')} data-testid="leaders-view">{ranking(a.leaders.top, 'official')}</Card></Col>
            <Col xs={24} lg={8}>
              <Card size="small" title={t('analysis.manyReports', { n: a.manyReports.threshold })} data-testid="many-reports">
                <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('analysis.basis')}：{a.manyReports.basis}</Typography.Paragraph>
                {ranking(a.manyReports.officials, 'official')}
              </Card>
            </Col>
            <Col xs={24} lg={8}>
              <Card size="small" title={t('analysis.outliers')} data-testid="outliers">
                <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('analysis.basis')}：{a.outliers.basis}</Typography.Paragraph>
                <Table<PetitionAnalysis['outliers']['orgs'][number]> size="small" rowKey="key" pagination={false} dataSource={a.outliers.orgs}
                  columns={[
                    { title: t('petition.org'), dataIndex: 'name', render: (v: string, r) => <Link to={`/petitions?orgId=${r.key}`}>{v}</Link> },
                    { title: t('analysis.count'), dataIndex: 'count', width: 60 },
                    { title: t('analysis.fence'), dataIndex: 'fence', width: 70, render: (v: number) => v.toFixed(1) },
                    { title: t('analysis.peers'), dataIndex: 'peers', width: 80 },
                  ]} />
              </Card>
            </Col>
          </Row>
        </>
      )}
      {retention.data && (
        <Card size="small" title={t('analysis.retention')}>
          <Space>
            <span>{t('analysis.retentionYears', { n: retention.data.years, m: retention.data.eligibleMatters })}</span>
            <Button danger disabled={!retention.data.eligibleMatters} onClick={purge}>{t('analysis.purge')}</Button>
          </Space>
        </Card>
      )}
    </Space>
  );
}

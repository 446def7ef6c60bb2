// Talk statistics and coverage: totals, charts by type / month / level / conducting body, coverage of
// principals and team members this year, the collective talks with their head counts, and the
// coverage table (exportable).
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Col, DatePicker, List, Progress, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { talksApi, type CountRow, type CoverageQuery, type CoverageRow } from '../../api/talks';
import { useI18n } from '../../i18n';
import { useAsync, useExport } from '../../components/hooks';
import { ErrorState, Loading } from '../../components/PageState';
import { EChart, type EChartOption } from '../../components/EChart';
import { OrgPicker } from '../../components/OrgPicker';
import { PrincipalTag } from '../../components/tags';

function bar(rows: CountRow[], horizontal = false): EChartOption {
  const names = rows.map((r) => r.label);
  const values = rows.map((r) => r.talks);
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: horizontal ? 160 : 40, right: 20, top: 20, bottom: 40 },
    xAxis: horizontal ? { type: 'value' } : { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
    yAxis: horizontal ? { type: 'category', data: names, inverse: true } : { type: 'value' },
    series: [{ type: 'bar', data: values, itemStyle: { color: '#c0392b' }, label: { show: true, position: horizontal ? 'right' : 'top' } }],
  };
}

export default function CoveragePage() {
  const { t, tk } = useI18n();
  const [orgId, setOrgId] = useState<string | undefined>();
  const [range, setRange] = useState<[string, string] | null>(null);
  const stats = useAsync(() => talksApi.stats({ orgId, from: range?.[0], to: range?.[1] }), [orgId, range?.[0], range?.[1]]);
  const [cq, setCq] = useState<CoverageQuery>({ role: 'principal', page: 1, pageSize: 20 });
  const coverage = useAsync(() => talksApi.coverage({ ...cq, orgId }), [JSON.stringify(cq), orgId]);
  const { exporting, doExport } = useExport(() => talksApi.exportCoverage({ ...cq, orgId }));
  const s = stats.data;
  const levelPie = useMemo<EChartOption>(() => ({
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['40%', '68%'], data: (s?.byLevel ?? []).map((r) => ({ name: tk('level', r.key), value: r.talks })), label: { formatter: '{b}: {c}' } }],
  }), [s, tk]);
  const pct = (c: { total: number; covered: number }) => (c.total ? Math.round((c.covered / c.total) * 1000) / 10 : 0);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card variant="borderless" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('cov.title')}</Typography.Title>}
        extra={
          <Space>
            <OrgPicker value={orgId} onChange={(v) => setOrgId(v as string | undefined)} style={{ width: 260 }} />
            <DatePicker.RangePicker value={range ? [dayjs(range[0]), dayjs(range[1])] : null}
              onChange={(r) => setRange(r?.[0] && r?.[1] ? [r[0].format('YYYY-MM-DD'), r[1].format('YYYY-MM-DD')] : null)} />
          </Space>
        }
      >
        {stats.error ? <ErrorState error={stats.error} onRetry={stats.reload} /> : !s ? <Loading /> : (
          <>
            <Typography.Text type="secondary">{t('cov.period')}：{s.from} — {s.to}</Typography.Text>
            <Row gutter={16} style={{ marginTop: 12 }}>
              <Col span={4}><Statistic title={t('cov.talks')} value={s.total.talks} /></Col>
              <Col span={4}><Statistic title={t('cov.subjects')} value={s.total.subjects} /></Col>
              <Col span={4}><Statistic title={t('cov.collective')} value={s.total.collective} /></Col>
              <Col span={4}><Statistic title={t('cov.admonishments')} value={s.total.admonishments} /></Col>
              <Col span={4} data-testid="coverage-principals">
                <Typography.Text type="secondary">{t('cov.principals', { year: s.coverage.year })}</Typography.Text>
                <Progress type="dashboard" size={90} percent={pct(s.coverage.principals)} />
                <div>{t('cov.coveredOf', s.coverage.principals)}</div>
              </Col>
              <Col span={4} data-testid="coverage-members">
                <Typography.Text type="secondary">{t('cov.members', { year: s.coverage.year })}</Typography.Text>
                <Progress type="dashboard" size={90} percent={pct(s.coverage.members)} />
                <div>{t('cov.coveredOf', s.coverage.members)}</div>
              </Col>
            </Row>
          </>
        )}
      </Card>
      {s && (
        <Row gutter={16}>
          <Col span={12}><Card title={t('cov.byType')} variant="borderless"><EChart option={bar(s.byType)} height={280} /></Card></Col>
          <Col span={12}><Card title={t('cov.byMonth')} variant="borderless"><EChart option={bar(s.byMonth)} height={280} /></Card></Col>
          <Col span={8} style={{ marginTop: 16 }}><Card title={t('cov.byLevel')} variant="borderless"><EChart option={levelPie} height={300} /></Card></Col>
          <Col span={16} style={{ marginTop: 16 }}><Card title={t('cov.byOrg')} variant="borderless"><EChart option={bar(s.byOrg, true)} height={300} /></Card></Col>
        </Row>
      )}
      {s && (
        <Card title={t('cov.collectives')} variant="borderless">
          <List
            dataSource={s.collectives}
            locale={{ emptyText: t('common.noData') }}
            renderItem={(c) => (
              <List.Item extra={<Tag color="red" data-testid="collective-count">{t('talk.collectiveOf', { n: c.subjectCount })}</Tag>}>
                <Link to={`/talks/${c.id}`}>{c.talkDate} {c.typeName}：{c.topic}</Link>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card title={t('cov.table')} variant="borderless" extra={<Button icon={<ExportOutlined />} onClick={doExport} loading={exporting}>{t('common.export')}</Button>}>
        <Space style={{ marginBottom: 12 }}>
          <Segmented value={cq.role} onChange={(v) => setCq({ ...cq, role: v as 'principal' | 'member', page: 1 })}
            options={[{ value: 'principal', label: t('cov.role.principal') }, { value: 'member', label: t('cov.role.member') }]} />
          <Segmented value={cq.covered ?? 'all'} onChange={(v) => setCq({ ...cq, covered: v === 'all' ? undefined : (v as '0' | '1'), page: 1 })}
            options={[{ value: 'all', label: t('cov.all') }, { value: '1', label: t('cov.covered') }, { value: '0', label: t('cov.uncovered') }]} data-testid="covered-filter" />
        </Space>
        {coverage.error ? <ErrorState error={coverage.error} onRetry={coverage.reload} /> : (
          <Table<CoverageRow>
            rowKey={(r) => `${r.officialId}:${r.orgId}:${r.title}`}
            size="small"
            dataSource={coverage.data?.items ?? []}
            loading={coverage.loading}
            pagination={{ current: cq.page, pageSize: cq.pageSize, total: coverage.data?.total ?? 0, onChange: (p, ps) => setCq({ ...cq, page: p, pageSize: ps }), showTotal: (n) => t('common.total', { n }) }}
            columns={[
              { title: t('official.name'), dataIndex: 'name', render: (v: string, r) => <Space size={4}><Link to={`/officials/${r.officialId}`}>{v}</Link>{r.principal && <PrincipalTag />}</Space> },
              { title: t('official.org'), dataIndex: 'orgName', ellipsis: true },
              { title: t('cov.title2'), dataIndex: 'title', ellipsis: true },
              { title: t('cov.talks'), dataIndex: 'talks', width: 100 },
              { title: t('cov.lastTalk'), dataIndex: 'lastTalkDate', width: 120, render: (v: string | null) => v ?? <Tag color="red">{t('cov.uncovered')}</Tag> },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}

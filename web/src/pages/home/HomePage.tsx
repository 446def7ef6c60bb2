// Home: the dashboard summary (GET /api/dashboard/summary) as statistic cards and two charts.
import { useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Col, Empty, Row, Space, Statistic, Typography } from 'antd';
import { AlertOutlined, ApartmentOutlined, CrownOutlined, TeamOutlined } from '@ant-design/icons';
import { dashboardApi, SEVERITIES } from '../../api';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useAsync } from '../../components/hooks';
import { ErrorState, Loading } from '../../components/PageState';
import { EChart, type EChartOption } from '../../components/EChart';
import { SEVERITY_COLOR } from '../../components/tags';

export default function HomePage() {
  const { t, tk, lang } = useI18n();
  const { me, can } = useAuth();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useAsync(() => dashboardApi.summary(), []);

  const open = data ? data.openWarnings.red + data.openWarnings.yellow + data.openWarnings.blue : 0;

  const pie = useMemo<EChartOption | null>(() => {
    if (!data) return null;
    return {
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          avoidLabelOverlap: true,
          label: { formatter: '{b}\n{c}' },
          data: SEVERITIES.map((s) => ({
            name: tk('sev', `${s}Long`),
            value: data.openWarnings[s],
            itemStyle: { color: SEVERITY_COLOR[s] },
            label: { show: data.openWarnings[s] > 0 },
            labelLine: { show: data.openWarnings[s] > 0 },
          })),
        },
      ],
    };
  }, [data, tk]);

  const bar = useMemo<EChartOption | null>(() => {
    if (!data || data.warningsByRule.length === 0) return null;
    const rows = [...data.warningsByRule].sort((a, b) => a.count - b.count);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { width: 220, overflow: 'truncate' } },
      series: [{ type: 'bar', name: t('home.count'), data: rows.map((r) => r.count), itemStyle: { color: '#1f4e8c' }, barMaxWidth: 28, label: { show: true, position: 'right' } }],
    };
  }, [data, t]);

  if (loading && !data) return <Loading />;
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return null;

  const card = (title: string, value: number, icon: React.ReactNode, color: string, testid: string) => (
    <Card variant="borderless" style={{ height: '100%' }}>
      <Statistic title={title} value={value} prefix={icon} styles={{ content: { color } }} data-testid={testid} />
    </Card>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('home.welcome', { name: me?.displayName ?? '' })}
        <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12, fontWeight: 'normal' }}>
          {me?.orgName} · {new Date().toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB')}
        </Typography.Text>
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} lg={6}>{card(t('home.orgs'), data.orgs, <ApartmentOutlined />, '#1f4e8c', 'stat-orgs')}</Col>
        <Col xs={24} sm={12} lg={6}>{card(t('home.officials'), data.officials, <TeamOutlined />, '#1f4e8c', 'stat-officials')}</Col>
        <Col xs={24} sm={12} lg={6}>{card(t('home.principals'), data.principals, <CrownOutlined />, '#a8071a', 'stat-principals')}</Col>
        <Col xs={24} sm={12} lg={6}>
          <Card variant="borderless" style={{ height: '100%' }}>
            <Statistic title={t('home.openWarnings')} value={open} prefix={<AlertOutlined />} styles={{ content: { color: open ? '#cf1322' : undefined } }} data-testid="stat-open" />
            <Space size={12} style={{ marginTop: 4 }}>
              {SEVERITIES.map((s) => (
                <span key={s} style={{ color: SEVERITY_COLOR[s], fontWeight: 600 }} data-testid={`stat-open-${s}`}>
                  ● {tk('sev', s)} {data.openWarnings[s]}
                </span>
              ))}
            </Space>
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('home.bySeverity')} variant="borderless" extra={can('warnings.read') ? <Button type="link" onClick={() => navigate('/warnings')}>{t('home.goWarnings')}</Button> : null}>
            {open === 0 ? <Empty description={t('common.noData')} style={{ height: 260, paddingTop: 60 }} /> : pie && <EChart option={pie} height={280} />}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('home.byRule')} variant="borderless">
            {bar ? <EChart option={bar} height={Math.max(280, data.warningsByRule.length * 36)} /> : <Empty description={t('common.noData')} style={{ height: 260, paddingTop: 60 }} />}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

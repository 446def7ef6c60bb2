// Statistics of clues: concluded by the four forms, per month by form, sources and disposal methods (ECharts).
import { useMemo } from 'react';
import { Card, Col, Row, Statistic } from 'antd';
import { useI18n } from '../../i18n';
import { EChart, type EChartOption } from '../../components/EChart';
import type { ClueStats as Stats } from './api';
import { FORM_COLOR } from './tags';

export function ClueStats({ stats, onForm }: { stats: Stats; onForm?: (form: number) => void }) {
  const { t, tk } = useI18n();
  const formLabels = [1, 2, 3, 4].map((f) => tk('clue.f', String(f)));
  const byForm = useMemo<EChartOption>(() => ({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: formLabels },
    yAxis: { type: 'value', minInterval: 1, name: t('clue.unit') },
    series: [{ type: 'bar', barMaxWidth: 56, label: { show: true, position: 'top' },
      data: stats.byForm.map((f) => ({ value: f.count, form: f.form, itemStyle: { color: FORM_COLOR[f.form - 1] } })) }],
  }), [stats, formLabels.join(), t]); // eslint-disable-line react-hooks/exhaustive-deps
  const monthly = useMemo<EChartOption>(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: stats.monthly.map((m) => m.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: (['form1', 'form2', 'form3', 'form4'] as const).map((k, i) => ({
      name: formLabels[i], type: 'bar', stack: 'forms', itemStyle: { color: FORM_COLOR[i] }, data: stats.monthly.map((m) => m[k]),
    })),
  }), [stats, formLabels.join()]); // eslint-disable-line react-hooks/exhaustive-deps
  const pie = (rows: { key: string; count: number }[], prefix: string): EChartOption => ({
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, type: 'scroll' },
    series: [{ type: 'pie', radius: ['35%', '65%'], center: ['50%', '45%'], label: { formatter: '{b}\n{c}' },
      data: rows.map((r) => ({ name: tk(prefix, r.key), value: r.count })) }],
  });
  return (
    <Row gutter={[16, 16]} data-testid="clue-stats">
      <Col xs={12} md={6}><Card size="small"><Statistic title={t('clue.statsTotal')} value={stats.total} /></Card></Col>
      <Col xs={12} md={6}><Card size="small"><Statistic title={tk('clue.st', 'concluded')} value={stats.byState.find((s) => s.key === 'concluded')?.count ?? 0} /></Card></Col>
      <Col xs={12} md={6}><Card size="small"><Statistic title={t('clue.overdueDisposal')} value={stats.overdue.disposal} styles={{ content: { color: stats.overdue.disposal ? '#cf1322' : undefined } }} /></Card></Col>
      <Col xs={12} md={6}><Card size="small"><Statistic title={t('clue.overdueFeedback')} value={stats.overdue.feedback} styles={{ content: { color: stats.overdue.feedback ? '#cf1322' : undefined } }} /></Card></Col>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('clue.formChart')}>
          <EChart option={byForm} height={280} onClick={(p) => onForm?.((p.data as { form: number }).form)} />
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card size="small" title={t('clue.monthlyChart')}><EChart option={monthly} height={280} /></Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('clue.sourceChart')}><EChart option={pie(stats.bySource, 'clue.src')} height={260} /></Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('clue.methodChart')}><EChart option={pie(stats.byMethod, 'clue.m')} height={260} /></Card>
      </Col>
    </Row>
  );
}

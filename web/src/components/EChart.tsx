// Charts: echarts (≈ 180 KiB gzip) loads with the first chart, not with the page that holds it.
import { lazy, Suspense } from 'react';
import type { EChartsCoreOption } from 'echarts/core';

export type EChartOption = EChartsCoreOption;

export interface EChartProps {
  option: EChartOption;
  height?: number;
  onClick?: (p: { name: string; data: unknown }) => void;
}

const EChartCanvas = lazy(() => import('./EChartCanvas'));

export function EChart(props: EChartProps) {
  return (
    <Suspense fallback={<div style={{ width: '100%', height: props.height ?? 300 }} />}>
      <EChartCanvas {...props} />
    </Suspense>
  );
}

/**
 * A section's first column as a horizontal bar chart (Apache ECharts, only the pieces it uses). Loaded on its own
 * (`React.lazy` in the page), so the tables show before the chart library has arrived. Clicking a bar opens the same
 * drill-down as clicking the number.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { formatCount } from './choices.ts';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const BAR_HEIGHT = 28;

export interface SectionChartProps {
  labels: string[];
  values: number[];
  seriesName: string;
  onPick: (rowIndex: number) => void;
}

export function SectionChart({ labels, values, seriesName, onPick }: SectionChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const instance = echarts.init(element.current!);
    instance.on('click', (event) => pick.current(event.dataIndex));
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current!);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // On a phone the labels take less room, and the value axis fewer ticks.
    const narrow = (element.current?.clientWidth ?? 0) < 480;
    chart.current?.setOption({
      animation: false,
      grid: { left: 8, right: 48, top: 8, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      tooltip: { trigger: 'item', valueFormatter: (value: unknown) => formatCount(Number(value)) },
      xAxis: { type: 'value', splitNumber: narrow ? 2 : 5, axisLabel: { hideOverlap: true, formatter: (value: number) => formatCount(value) } },
      yAxis: { type: 'category', inverse: true, data: labels, axisLabel: { width: narrow ? 110 : 150, overflow: 'truncate' } },
      series: [{
        type: 'bar', name: seriesName, data: values, itemStyle: { color: '#b71c1c' }, cursor: 'pointer',
        label: { show: true, position: 'right', formatter: ({ value }: { value: unknown }) => formatCount(Number(value)) },
      }],
    }, true);
  }, [labels, values, seriesName]);

  return <div ref={element} style={{ width: '100%', height: labels.length * BAR_HEIGHT + 24 }} data-testid="statistics-chart" />;
}

// The monthly trend of a report: visits, participants, syringes out and back, tests. Taken
// from the report's monthly breakdown (the same engine as the table and the workbooks).
import { BarChart, LineChart } from '@mantine/charts';
import { Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IndicatorValue } from '../../../shared/indicators';
import type { ReportOutput } from '../../../shared/report-schemas';
import { formatMonth, formatNumber } from '../i18n';

type Month = NonNullable<ReportOutput['monthly']>[number];

const num = (v: IndicatorValue | undefined): number => (typeof v === 'number' ? v : 0);
const sum = (v: IndicatorValue | undefined): number => (v && typeof v === 'object' ? Object.values(v).reduce((a, b) => a + b, 0) : num(v));

// Legend entries in the order the series are drawn (recharts sorts them by name otherwise).
const ORDER = ['visits', 'clients', 'nsp_participants', 'syringes_out', 'syringes_back', 'tests', 'persons_tested'];

export function monthlySeries(monthly: Month[]) {
  return monthly.map((m) => ({
    month: formatMonth(m.month),
    visits: num(m.indicators.visits),
    clients: num(m.indicators.clients),
    nsp_participants: num(m.indicators.nsp_participants),
    syringes_out: num(m.indicators.syringes_distributed),
    syringes_back: num(m.indicators.syringes_collected),
    tests: sum(m.indicators.tests_by_type),
    persons_tested: num(m.indicators.persons_tested),
  }));
}

function Chart({ title, children, testId }: { title: string; children: React.ReactNode; testId: string }) {
  return (
    <Paper withBorder p="sm" component="figure" m={0} data-testid={testId} aria-label={title}>
      <Title order={3} size="h6" mb={8}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}

export function TrendCharts({ monthly }: { monthly: Month[] }) {
  const { t } = useTranslation();
  const data = monthlySeries(monthly);
  if (data.length === 0) return <Text size="sm">{t('reports.noMonths')}</Text>;
  const fmt = (v: number) => formatNumber(v);
  // Charts drawn at once: the numbers matter, not the motion (and screenshots stay still).
  const still = { isAnimationActive: false } as const;
  // Counts: whole-number ticks only; a little room at both ends so the first and last month show whole.
  const common = {
    h: 150,
    dataKey: 'month',
    valueFormatter: fmt,
    withLegend: true,
    legendProps: { verticalAlign: 'bottom' as const, height: 22, itemSorter: (item: { dataKey?: unknown }) => ORDER.indexOf(String(item.dataKey)) },
    gridAxis: 'y' as const,
    tickLine: 'y' as const,
    yAxisProps: { allowDecimals: false, tickCount: 4, interval: 0, width: 48 },
  };
  return (
    <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
      <Chart title={t('reports.chart.visits')} testId="chart-visits">
        <BarChart {...common} data={data} barProps={still} series={[{ name: 'visits', label: t('reports.series.visits'), color: 'teal.7' }]} />
      </Chart>
      <Chart title={t('reports.chart.participants')} testId="chart-participants">
        <LineChart
          {...common}
          data={data}
          lineProps={still}
          curveType="linear"
          xAxisProps={{ padding: { left: 24, right: 24 } }}
          series={[
            { name: 'clients', label: t('reports.series.clients'), color: 'teal.7' },
            { name: 'nsp_participants', label: t('reports.series.nspParticipants'), color: 'indigo.6' },
          ]}
        />
      </Chart>
      <Chart title={t('reports.chart.syringes')} testId="chart-syringes">
        <BarChart
          {...common}
          data={data}
          barProps={still}
          series={[
            { name: 'syringes_out', label: t('reports.series.syringesOut'), color: 'teal.7' },
            { name: 'syringes_back', label: t('reports.series.syringesBack'), color: 'orange.6' },
          ]}
        />
      </Chart>
      <Chart title={t('reports.chart.tests')} testId="chart-tests">
        <BarChart
          {...common}
          data={data}
          barProps={still}
          series={[
            { name: 'tests', label: t('reports.series.tests'), color: 'grape.6' },
            { name: 'persons_tested', label: t('reports.series.personsTested'), color: 'indigo.6' },
          ]}
        />
      </Chart>
    </SimpleGrid>
  );
}

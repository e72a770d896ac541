// Reports: a period (month, quarter, year, a project's period, or dates by hand) and sites,
// the figures of indicators.md with the rules in force, the monthly trend, and the three
// workbooks to download (donor, municipal, full). Every number comes from reports.run, the
// one engine behind the screen, the workbooks, the command line and DHIS2. Each figure opens
// the records behind it (ExplainDrawer), and the screen prints as a document (ReportPrint).
import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Group, Input, Loader, MultiSelect, Paper, SegmentedControl, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { daysInMonth, localToday } from '../../../../shared/dates';
import type { ReportOutput } from '../../../../shared/report-schemas';
import { call } from '../../api';
import { BusyBar } from '../../components/BusyBar';
import { DateField } from '../../components/DateField';
import { ExplainDrawer, type ExplainTarget } from '../../components/ExplainDrawer';
import { ExplainMonthTable } from '../../components/ExplainMonthTable';
import { IndicatorTable } from '../../components/IndicatorTable';
import { ReportPrint } from '../../components/ReportPrint';
import { downloadFile } from '../../files';
import { generalMessage } from '../../hooks/apiErrors';
import { useCatalogue } from '../../hooks/useCatalogue';
import { currentLanguage, formatDate, formatNumber, monthName } from '../../i18n';
import {
  PRESETS, customPeriod, monthPeriod, previousMonth, quarterOf, quarterPeriod, yearPeriod, yearsUpTo, type Period, type Preset,
} from '../../periods';
import type { ProjectRecord } from '../../types';
import { regularRuleText, type IndicatorKey, type IndicatorValue } from '../../../../shared/indicators';
import { TEMPLATES, type Template } from '../../../../shared/domain';

// The charts (recharts and d3: a third of the window's code) load with the first report shown,
// not with the window.
const TrendCharts = lazy(() => import('../../components/TrendCharts').then((m) => ({ default: m.TrendCharts })));

/** The project to offer first: the one running today, else the latest. */
function defaultProject(projects: ProjectRecord[], today: string): ProjectRecord | null {
  return projects.find((p) => p.from <= today && today <= p.to) ?? [...projects].sort((a, b) => b.to.localeCompare(a.to))[0] ?? null;
}

/** A figure's value in a month of the report: a part's, or the whole figure (a split one as the sum of its parts). */
function valueOf(v: IndicatorValue | undefined, part: string | null): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  return part === null ? Object.values(v).reduce((a, b) => a + b, 0) : (v[part] ?? 0);
}

/** What the drawer explains: the figure over the report's period, with the report's months to move to. */
function explainTarget(report: ReportOutput, siteIds: number[], key: IndicatorKey, part: string | null, month?: string): ExplainTarget {
  const { from, to } = report.period;
  const months = (report.monthly ?? []).map((m) => {
    const first = `${m.month}-01`;
    const last = `${m.month}-${String(daysInMonth(Number(m.month.slice(0, 4)), Number(m.month.slice(5, 7)))).padStart(2, '0')}`;
    return { month: m.month, from: first < from ? from : first, to: last > to ? to : last, value: valueOf(m.indicators[key], part) };
  });
  const chosen = months.find((m) => m.month === month);
  return { key, part, from: chosen?.from ?? from, to: chosen?.to ?? to, month: chosen?.month, siteIds, period: { from, to }, months };
}

function RulesLine({ report }: { report: ReportOutput }) {
  const { t } = useTranslation();
  const r = report.rules;
  const rule = regularRuleText(r.regular_min_visit_days, currentLanguage() === 'en' ? 'en' : 'lt');
  const perYear = report.indicators.syringes_per_pwid_year;
  return (
    <Stack gap={0}>
      <Text size="xs" data-testid="regular-rule">
        {rule}
      </Text>
      <Text size="xs" data-testid="coverage-rule">
        {r.pwid_population_estimate === null || r.coverage_level === null || typeof perYear !== 'number'
          ? t('reports.coverageUnset')
          : t('reports.coverageLine', {
              level: t(`reports.coverage.${r.coverage_level}`),
              value: formatNumber(perYear, 1),
              estimate: formatNumber(r.pwid_population_estimate),
              low: r.coverage_low_below,
              high: r.coverage_high_from,
            })}
      </Text>
    </Stack>
  );
}

export function ReportsScreen() {
  const { t } = useTranslation();
  const { sites } = useCatalogue();
  const today = localToday();
  const prev = previousMonth(today);
  const [preset, setPreset] = useState<Preset>('month');
  const [year, setYear] = useState(prev.year);
  const [month, setMonth] = useState(prev.month);
  const [quarter, setQuarter] = useState(quarterOf(prev.month));
  const [projects, setProjects] = useState<ProjectRecord[]>([]);
  const [projectId, setProjectId] = useState<number | null>(null);
  const [customFrom, setCustomFrom] = useState('');
  const [customTo, setCustomTo] = useState('');
  const [siteIds, setSiteIds] = useState<string[]>([]);
  const [report, setReport] = useState<ReportOutput | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState<Template | null>(null);
  const [explaining, setExplaining] = useState<ExplainTarget | null>(null);

  useEffect(() => {
    void call('projects.list', {}).then((r) => {
      if (!r.ok) return;
      setProjects(r.value);
      setProjectId((id) => id ?? defaultProject(r.value, today)?.id ?? null);
    });
  }, [today]);

  const period: Period | null = useMemo(() => {
    switch (preset) {
      case 'month':
        return monthPeriod(year, month);
      case 'quarter':
        return quarterPeriod(year, quarter);
      case 'year':
        return yearPeriod(year);
      case 'project': {
        const p = projects.find((x) => x.id === projectId);
        return p ? { from: p.from, to: p.to } : null;
      }
      case 'custom':
        return customPeriod(customFrom, customTo);
    }
  }, [preset, year, month, quarter, projects, projectId, customFrom, customTo]);

  const siteKey = siteIds.join(',');
  const from = period?.from ?? null;
  const to = period?.to ?? null;
  useEffect(() => {
    if (!from || !to) {
      setReport(null);
      return;
    }
    let live = true;
    setLoading(true);
    setError(null);
    void call('reports.run', { from, to, siteIds: siteKey ? siteKey.split(',').map(Number) : [], monthly: true }).then((r) => {
      if (!live) return;
      setLoading(false);
      if (r.ok) setReport(r.value);
      else {
        setReport(null);
        setError(generalMessage(r.error));
      }
    });
    return () => {
      live = false;
    };
  }, [from, to, siteKey]);

  // The workbook's one language: Lithuanian by default (a municipality reads Lithuanian), English on request.
  const [bookLanguage, setBookLanguage] = useState<'lt' | 'en'>('lt');
  const exportWorkbook = async (template: Template) => {
    if (!period || exporting) return;
    setExporting(template);
    setError(null);
    const r = await call('reports.workbook', { from: period.from, to: period.to, siteIds: siteIds.map(Number), template, language: bookLanguage });
    setExporting(null);
    if (!r.ok) {
      setError(generalMessage(r.error));
      return;
    }
    const saved = await downloadFile(r.value);
    if (saved === 'saved') notifications.show({ color: 'teal', message: t('reports.downloaded', { name: r.value.name }) });
    else if (saved !== 'cancelled') setError(t(saved === 'disk_full' ? 'files.diskFull' : 'files.notSaved'));
  };

  // The sites of the report shown (the filter it was run with).
  const reportSites = siteKey ? siteKey.split(',').map(Number) : [];
  const years = yearsUpTo(Number(today.slice(0, 4))).map((y) => ({ value: String(y), label: String(y) }));
  const yearSelect = (
    <Select label={t('reports.year')} w={100} miw={100} allowDeselect={false} data={years} value={String(year)} onChange={(v) => v && setYear(Number(v))} />
  );

  return (
    <>
      <Stack gap="sm" className="no-print">
        <Title order={2} size="h3">
          {t('reports.title')}
        </Title>
        <Paper withBorder p="sm">
          <Stack gap="xs">
            {/* Wraps rather than squeezing the selects (at 1024×768 "Metai" and "3 ketvirtis" must read whole). */}
            <Group align="flex-end" gap="sm" wrap="wrap">
              <Stack gap={0}>
                <Input.Label id="preset-label">
                  {t('reports.period')}
                </Input.Label>
                <SegmentedControl
                  aria-labelledby="preset-label"
                  transitionDuration={0}
                  value={preset}
                  onChange={(v) => setPreset(v as Preset)}
                  data={PRESETS.map((p) => ({ value: p, label: t(`reports.preset.${p}`) }))}
                />
              </Stack>
              {(preset === 'month' || preset === 'quarter' || preset === 'year') && yearSelect}
              {preset === 'month' && (
                <Select
                  label={t('reports.month')}
                  w={140}
                  miw={140}
                  allowDeselect={false}
                  data={Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: monthName(i + 1) }))}
                  value={String(month)}
                  onChange={(v) => v && setMonth(Number(v))}
                />
              )}
              {preset === 'quarter' && (
                <Select
                  label={t('reports.quarter')}
                  w={140}
                  miw={140}
                  allowDeselect={false}
                  data={[1, 2, 3, 4].map((q) => ({ value: String(q), label: t('reports.quarterN', { n: q }) }))}
                  value={String(quarter)}
                  onChange={(v) => v && setQuarter(Number(v))}
                />
              )}
              {preset === 'project' &&
                (projects.length === 0 ? (
                  <Text size="sm" pb={8}>
                    {t('reports.noProjects')}
                  </Text>
                ) : (
                  <Select
                    label={t('reports.project')}
                    w={300}
                    allowDeselect={false}
                    data={projects.map((p) => ({ value: String(p.id), label: p.title }))}
                    value={projectId === null ? null : String(projectId)}
                    onChange={(v) => setProjectId(v ? Number(v) : null)}
                  />
                ))}
              {preset === 'custom' && (
                <>
                  <DateField label={t('common.from')} w={140} value={customFrom} onChange={setCustomFrom} />
                  <DateField
                    label={t('common.to')}
                    w={140}
                    value={customTo}
                    onChange={setCustomTo}
                    error={customFrom && customTo && customFrom > customTo ? t('reports.fromAfterTo') : undefined}
                  />
                </>
              )}
              <MultiSelect
                label={t('reports.sites')}
                placeholder={siteIds.length === 0 ? t('reports.allSites') : undefined}
                style={{ flex: 1, minWidth: 220 }}
                clearable
                searchable
                data={sites.map((s) => ({ value: String(s.id), label: s.active ? s.name : `${s.name} (${t('common.inactive').toLowerCase()})` }))}
                value={siteIds}
                onChange={setSiteIds}
              />
            </Group>
            <Group justify="space-between" align="center" wrap="wrap" gap="xs">
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" fw={700} data-testid="report-period" style={{ whiteSpace: 'nowrap' }}>
                  {period ? `${formatDate(period.from)} – ${formatDate(period.to)}` : t('reports.choosePeriod')}
                </Text>
                {report && period && (
                  <Text size="sm" c="dimmed" lineClamp={1}>
                    {t('reports.months', { n: formatNumber(report.period.months, Number.isInteger(report.period.months) ? 0 : 1) })}
                    {' · '}
                    {report.sites.length === 0 ? t('reports.allSites') : report.sites.join(', ')}
                  </Text>
                )}
                {loading && <Loader size="xs" aria-label={t('common.loading')} />}
              </Group>
              <Group gap="xs" wrap="nowrap">
                <Button size="sm" variant="default" disabled={!report || loading} onClick={() => window.print()} style={{ flexShrink: 0 }} data-testid="report-print-button">
                  {t('print.button')}
                </Button>
                <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
                  {t('reports.download')}
                </Text>
                <SegmentedControl
                  size="xs"
                  aria-label={t('reports.workbookLanguage')}
                  title={t('reports.workbookLanguage')}
                  value={bookLanguage}
                  onChange={(v) => setBookLanguage(v === 'en' ? 'en' : 'lt')}
                  data={[{ value: 'lt', label: 'LT' }, { value: 'en', label: 'EN' }]}
                  data-testid="workbook-language"
                />
                {TEMPLATES.map((tpl) => (
                  <Button
                    key={tpl}
                    size="sm"
                    variant={tpl === 'donor' ? 'filled' : 'default'}
                    disabled={!period || (exporting !== null && exporting !== tpl)}
                    loading={exporting === tpl}
                    onClick={() => void exportWorkbook(tpl)}
                    style={{ flexShrink: 0 }}
                  >
                    {t(`reports.template.${tpl}`)}
                  </Button>
                ))}
              </Group>
            </Group>
            {report && <RulesLine report={report} />}
            {exporting && <BusyBar label={t('reports.preparing', { what: t(`reports.template.${exporting}`) })} job="reports.workbook" />}
          </Stack>
        </Paper>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {report && (
          <Tabs defaultValue="figures" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="figures">{t('reports.tabFigures')}</Tabs.Tab>
              <Tabs.Tab value="months">{t('reports.tabMonths')}</Tabs.Tab>
              <Tabs.Tab value="trend">{t('reports.tabTrend')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="figures" pt="sm">
              <IndicatorTable report={report} onExplain={(key, part) => setExplaining(explainTarget(report, reportSites, key, part))} />
            </Tabs.Panel>
            <Tabs.Panel value="months" pt="sm">
              <ExplainMonthTable report={report} onExplain={(key, part, month) => setExplaining(explainTarget(report, reportSites, key, part, month))} />
            </Tabs.Panel>
            <Tabs.Panel value="trend" pt="sm">
              <Suspense fallback={<Loader size="sm" />}>
                <TrendCharts monthly={report.monthly ?? []} />
              </Suspense>
            </Tabs.Panel>
          </Tabs>
        )}
        <ExplainDrawer target={explaining} onClose={() => setExplaining(null)} />
      </Stack>
      {report && !loading && <ReportPrint report={report} />}
    </>
  );
}

// The report screen as a printed document (issue 18): hidden on the screen, shown only by the
// print stylesheet (app.css, @media print) in place of the screen's controls. The cabinet, the
// period and sites, the figures grouped as on the screen (a group never split across pages),
// every rule the report applied, and the definition of each figure shown.
import { Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { INDICATORS } from '../../../shared/indicators';
import type { ReportOutput } from '../../../shared/report-schemas';
import { useSession } from '../hooks/useSession';
import { currentLanguage, formatDate, formatNumber } from '../i18n';
import { appliedRuleSentences } from '../reportRules';
import { COLUMNS, IndicatorTable } from './IndicatorTable';

/** A CSS string literal of any text (quotes, backslashes and line breaks escaped). */
function cssString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\n\r\f]+/g, ' ')}"`;
}

/**
 * Every printed page says whose report it is and for which period (top) and which page of how
 * many (bottom), in the page's margin boxes: a page that comes loose from the others still reads.
 */
function pageMarginRules(head: string, pageOf: string): string {
  const [before, rest = ''] = pageOf.split('\u0001');
  const [between, after] = rest.split('\u0002');
  const counter = `${cssString(before ?? '')} counter(page) ${cssString(between ?? '')} counter(pages) ${cssString(after ?? '')}`;
  // Margin boxes do not inherit the page's font: the document's sans-serif, said again.
  const box = `font-size: 8pt; color: #444; font-family: var(--mantine-font-family, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif);`;
  return `@media print { @page { @top-left { content: ${cssString(head)}; ${box} }
    @bottom-right { content: ${counter}; ${box} } } }`;
}

export function ReportPrint({ report }: { report: ReportOutput }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { settings } = useSession();
  const groups = COLUMNS.flat();
  const head = `${t('print.title')}${settings.cabinetName ? ` — ${settings.cabinetName}` : ''} · ${formatDate(report.period.from)} – ${formatDate(report.period.to)}`;
  return (
    <div className="print-only" data-testid="report-print">
      <style>{pageMarginRules(head, t('print.pageOf', { page: '\u0001', pages: '\u0002' }))}</style>
      <Stack gap="xs">
        <Title order={1} size="h3">
          {t('print.title')}
          {settings.cabinetName ? ` — ${settings.cabinetName}` : ''}
        </Title>
        <Table withRowBorders={false} verticalSpacing={0} className="print-meta" w="auto">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th pl={0}>{t('print.period')}</Table.Th>
              <Table.Td data-testid="print-period">
                {formatDate(report.period.from)} – {formatDate(report.period.to)} ({t('reports.months', { n: formatNumber(report.period.months, Number.isInteger(report.period.months) ? 0 : 1) })})
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th pl={0}>{t('print.sites')}</Table.Th>
              <Table.Td>{report.sites.length === 0 ? t('reports.allSites') : report.sites.join(', ')}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <IndicatorTable report={report} printed />
        <section className="print-block" aria-labelledby="print-rules">
          <Title order={2} size="h5" id="print-rules">
            {t('print.rules')}
          </Title>
          <ol className="print-list" data-testid="print-rules">
            {appliedRuleSentences(report, lang, (key, params) => t(key, params), lang === 'lt' ? (n) => formatNumber(n) : String).map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
        </section>
        <section className="print-definitions" aria-labelledby="print-definitions">
          <Title order={2} size="h5" id="print-definitions">
            {t('print.definitions')}
          </Title>
          {groups.map((g) => (
            <div key={g} className="print-block">
              <Text fw={700} size="sm" mt={6}>
                {t(`reports.group.${g}`)}
              </Text>
              <dl className="print-dl" data-testid={`print-definitions-${g}`}>
                {INDICATORS.filter((d) => d.group === g).map((d) => (
                  <div key={d.key}>
                    <dt>{d.label[lang]}</dt>
                    <dd>{d.definition[lang]}</dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </section>
        <Text size="xs" c="dimmed">
          {t('print.footer')}
        </Text>
      </Stack>
    </div>
  );
}

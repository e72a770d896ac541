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

export function ReportPrint({ report }: { report: ReportOutput }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { settings } = useSession();
  const groups = COLUMNS.flat();
  return (
    <div className="print-only" data-testid="report-print">
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

// The report's figures month by month (the monthly breakdown of reports.run), each cell a button
// that opens the records behind that month's number (ExplainDrawer). A figure the report gives
// for the period only, or cannot compute for a month, shows a dash and opens nothing.
import { Paper, ScrollArea, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { INDICATORS, type IndicatorDef, type IndicatorKey, type IndicatorValue } from '../../../shared/indicators';
import { PART_LABELS } from '../../../shared/indicator-parts';
import type { ReportOutput } from '../../../shared/report-schemas';
import { useCatalogue } from '../hooks/useCatalogue';
import { currentLanguage, formatMonth, formatNumber, itemLabel } from '../i18n';
import { COLUMNS } from './IndicatorTable';

/** Opens the records behind a figure (or a part) in one month of the report. */
export type OnExplainMonth = (key: IndicatorKey, part: string | null, month: string) => void;

const cellValue = (v: IndicatorValue | undefined, part: string | null): number | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return part === null ? v : null;
  return part === null ? null : (v[part] ?? 0);
};

export function ExplainMonthTable({ report, onExplain }: { report: ReportOutput; onExplain: OnExplainMonth }) {
  const { t } = useTranslation();
  const { items } = useCatalogue();
  const lang = currentLanguage();
  const months = report.monthly ?? [];
  if (months.length === 0) return <Text size="sm">{t('reports.noMonths')}</Text>;

  const partsOf = (def: IndicatorDef<IndicatorKey>): string[] | null => {
    if (!def.parts) return null;
    if (def.parts !== 'catalogue') return [...def.parts];
    const keys = new Set<string>();
    for (const m of months) {
      const v = m.indicators[def.key];
      if (v && typeof v === 'object') Object.keys(v).forEach((k) => keys.add(k));
    }
    return [...keys];
  };
  const partLabel = (def: IndicatorDef<IndicatorKey>, part: string): string => {
    if (def.parts === 'catalogue') {
      const item = items.find((i) => i.key === part);
      return item ? itemLabel(item) : part;
    }
    return PART_LABELS[def.key]?.[part]?.[lang] ?? part;
  };

  const row = (def: IndicatorDef<IndicatorKey>, part: string | null, label: string, indent: boolean) => (
    <Table.Tr key={`${def.key}.${part ?? ''}`}>
      <Table.Th className="month-table-label" pl={indent ? 'xl' : undefined} fw={indent ? 400 : 500} scope="row">
        {label}
      </Table.Th>
      {months.map((m) => {
        const v = cellValue(m.indicators[def.key], part);
        const text = v === null ? '—' : formatNumber(v, def.decimal ? 1 : 0);
        return (
          <Table.Td key={m.month} className="num" data-testid={`month-${m.month}-${def.key}${part ? `.${part}` : ''}`}>
            {v === null ? (
              text
            ) : (
              <button type="button" className="explain-link month-cell" onClick={() => onExplain(def.key, part, m.month)} aria-label={`${label}, ${formatMonth(m.month)}: ${text} — ${t('explain.open')}`}>
                {text}
              </button>
            )}
          </Table.Td>
        );
      })}
    </Table.Tr>
  );

  return (
    <Paper withBorder p={0}>
      <ScrollArea type="auto" offsetScrollbars>
        <Table verticalSpacing={2} fz="sm" className="month-table" data-testid="month-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th className="month-table-label">{t('explain.figure')}</Table.Th>
              {months.map((m) => (
                <Table.Th key={m.month} className="num" style={{ whiteSpace: 'nowrap' }}>
                  {formatMonth(m.month)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          {COLUMNS.flat().map((g) => (
            <Table.Tbody key={g}>
              <Table.Tr>
                <Table.Th colSpan={months.length + 1} className="month-table-group">
                  {t(`reports.group.${g}`)}
                </Table.Th>
              </Table.Tr>
              {INDICATORS.filter((d) => d.group === g).flatMap((def) => {
                const parts = partsOf(def);
                if (!parts) return [row(def, null, def.label[lang], false)];
                return [
                  <Table.Tr key={def.key}>
                    <Table.Th className="month-table-label" colSpan={months.length + 1} fw={500} scope="rowgroup">
                      {def.label[lang]}
                    </Table.Th>
                  </Table.Tr>,
                  ...parts.map((p) => row(def, p, partLabel(def, p), true)),
                ];
              })}
            </Table.Tbody>
          ))}
        </Table>
      </ScrollArea>
    </Paper>
  );
}

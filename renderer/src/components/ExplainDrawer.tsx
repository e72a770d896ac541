// "Iš ko susideda šis skaičius" (explain this number, issue 18): the records behind one figure of
// the report — the definition and rule applied, the rows (client code, date, site, what counts,
// count) adding up to the figure, the first rows only when there are many (the workbook has them
// all) — and a derived figure's formula with its numerator and denominator listed apart. The
// lists come from reports.explain (db/reports/explain.ts), a second count from the records.
import { useEffect, useState } from 'react';
import { Alert, Button, Drawer, Group, Loader, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { IndicatorKey } from '../../../shared/indicators';
import type { CountExplanationOutput, ExplainOutput } from '../../../shared/report-schemas';
import { call } from '../api';
import { downloadFile } from '../files';
import { generalMessage } from '../hooks/apiErrors';
import { currentLanguage, formatDate, formatMonth, formatNumber } from '../i18n';

/** The rows a screen asks for: enough to read, few enough to draw at once on a cabinet's computer. */
export const EXPLAIN_ROWS_SHOWN = 500;

/** What to explain: a figure (or one part of it) over a period, or over one month of the report. */
export interface ExplainTarget {
  key: IndicatorKey;
  part: string | null;
  from: string;
  to: string;
  siteIds: number[];
  /** The calendar month (YYYY-MM) when a month of the report is explained. */
  month?: string;
  /** The report's period, to go back to it from a month. */
  period: { from: string; to: string };
  /** The report's months and this figure's value in each, for the month buttons. */
  months: Array<{ month: string; from: string; to: string; value: number | null }>;
}

const round1 = (n: number) => formatNumber(n, Number.isInteger(n) ? 0 : 1);

function RowsTable({ e }: { e: CountExplanationOutput }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const split = e.partLabels !== null && e.part === null;
  const shown = e.rows.length;
  return (
    <Stack gap={4}>
      <Text size="sm">
        {t('explain.unit', { unit: t(`explain.units.${e.unit}`) })}
      </Text>
      <ScrollArea.Autosize mah={420} type="auto" offsetScrollbars>
        <Table striped stickyHeader verticalSpacing={2} fz="sm" data-testid={`explain-rows-${e.key}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('explain.col.code')}</Table.Th>
              <Table.Th>{t('explain.col.date')}</Table.Th>
              <Table.Th>{t('explain.col.site')}</Table.Th>
              {split && <Table.Th>{t('explain.col.part')}</Table.Th>}
              <Table.Th>{t('explain.col.what')}</Table.Th>
              <Table.Th className="num">{t('explain.col.count')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {e.rows.map((r, i) => (
              // The rows have no id of their own (a client on a day, a line): their place in the list is stable for one answer.
              <Table.Tr key={i}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.clientCode ?? '—'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(r.date)}</Table.Td>
                <Table.Td>{r.site ?? '—'}</Table.Td>
                {split && <Table.Td>{r.part === null ? '' : (e.partLabels?.[r.part]?.[lang] ?? r.part)}</Table.Td>}
                <Table.Td>{r.what}</Table.Td>
                <Table.Td className="num">{formatNumber(r.count)}</Table.Td>
              </Table.Tr>
            ))}
            {shown === 0 && (
              <Table.Tr>
                <Table.Td colSpan={split ? 6 : 5}>
                  <Text size="sm" c="dimmed">
                    {t('explain.noRows')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th colSpan={split ? 5 : 4}>{t('explain.total')}</Table.Th>
              <Table.Th className="num" data-testid={`explain-total-${e.key}`}>
                {formatNumber(e.total)}
              </Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </ScrollArea.Autosize>
      {e.rowsLeftOff > 0 && (
        <Text size="sm" c="orange.9" data-testid="explain-cut">
          {t('explain.cut', { shown: formatNumber(shown), all: formatNumber(shown + e.rowsLeftOff) })}
        </Text>
      )}
    </Stack>
  );
}

function Head({ e }: { e: ExplainOutput }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const value = e.figure;
  return (
    <Stack gap={6}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Title order={3} size="h4">
          {e.label[lang]}
          {e.partLabel ? `: ${e.partLabel[lang]}` : ''}
        </Title>
        <Text fw={700} size="xl" className="num" data-testid="explain-figure" style={{ whiteSpace: 'nowrap' }}>
          {value === null ? '—' : round1(value)}
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        {formatDate(e.from)} – {formatDate(e.to)} · {e.sites.length === 0 ? t('reports.allSites') : e.sites.join(', ')}
      </Text>
      <Text size="sm">
        <Text span fw={600}>
          {t('explain.definition')}:{' '}
        </Text>
        {e.definition[lang]}
      </Text>
      {e.rule && (
        <Text size="sm">
          <Text span fw={600}>
            {t('explain.rule')}:{' '}
          </Text>
          {e.rule[lang]}
        </Text>
      )}
    </Stack>
  );
}

function Derived({ e }: { e: Extract<ExplainOutput, { kind: 'derived' }> }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <Stack gap="sm">
      <Text size="sm">
        <Text span fw={600}>
          {t('explain.formula')}:{' '}
        </Text>
        {e.formula[lang]}
      </Text>
      {e.emptyBecause && (
        <Alert color="gray" p="xs">
          {e.emptyBecause[lang]}
        </Alert>
      )}
      {(e.months !== null || e.pwidPopulationEstimate !== null) && (
        <Text size="sm" c="dimmed">
          {e.months !== null && t('explain.months', { n: round1(e.months) })}
          {e.months !== null && e.pwidPopulationEstimate !== null && ' · '}
          {e.pwidPopulationEstimate !== null && t('explain.estimate', { n: formatNumber(e.pwidPopulationEstimate) })}
        </Text>
      )}
      {e.components.map((c) => (
        <Paper key={c.role} withBorder p="xs" component="section" aria-label={t(`explain.${c.role}`)}>
          <Group justify="space-between" wrap="nowrap" mb={4}>
            <Text size="sm" fw={700}>
              {t(`explain.${c.role}`)}: {c.explanation.label[lang]}
              {c.explanation.partLabel ? `: ${c.explanation.partLabel[lang]}` : ''}
            </Text>
            <Text size="sm" fw={700} className="num">
              {formatNumber(c.explanation.total)}
            </Text>
          </Group>
          <RowsTable e={c.explanation} />
        </Paper>
      ))}
    </Stack>
  );
}

export function ExplainDrawer({ target, onClose }: { target: ExplainTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  // The month shown, within the target's period (the drawer may move between its months).
  const [slice, setSlice] = useState<{ from: string; to: string; month?: string } | null>(null);
  const [answer, setAnswer] = useState<ExplainOutput | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setSlice(target ? { from: target.from, to: target.to, month: target.month } : null);
  }, [target]);

  const key = target?.key ?? null;
  const part = target?.part ?? null;
  const sites = target?.siteIds.join(',') ?? '';
  const from = slice?.from ?? null;
  const to = slice?.to ?? null;
  useEffect(() => {
    if (!key || !from || !to) {
      setAnswer(null);
      return;
    }
    let live = true;
    setLoading(true);
    setError(null);
    setAnswer(null);
    const siteIds = sites ? sites.split(',').map(Number) : [];
    void call('reports.explain', { from, to, siteIds, key, part, language: currentLanguage(), limit: EXPLAIN_ROWS_SHOWN }).then((r) => {
      if (!live) return;
      setLoading(false);
      if (r.ok) setAnswer(r.value);
      else setError(generalMessage(r.error));
    });
    return () => {
      live = false;
    };
  }, [key, part, sites, from, to]);

  const download = async () => {
    if (!target || !slice || saving) return;
    setSaving(true);
    setError(null);
    const r = await call('reports.explainXlsx', { from: slice.from, to: slice.to, siteIds: target.siteIds, key: target.key, part: target.part, language: currentLanguage() });
    setSaving(false);
    if (!r.ok) {
      setError(generalMessage(r.error));
      return;
    }
    const saved = await downloadFile(r.value);
    if (saved === 'saved') notifications.show({ color: 'teal', message: t('reports.downloaded', { name: r.value.name }) });
    else if (saved !== 'cancelled') setError(t(saved === 'disk_full' ? 'files.diskFull' : 'files.notSaved'));
  };

  return (
    <Drawer
      opened={target !== null}
      onClose={onClose}
      position="right"
      size="min(980px, 94vw)"
      title={t('explain.title')}
      data-testid="explain-drawer"
    >
      {target && (
        <Stack gap="sm">
          {target.months.length > 1 && (
            <Group gap={4} wrap="wrap" role="group" aria-label={t('explain.byMonth')}>
              <Text size="xs" fw={600} mr={4}>
                {t('explain.byMonth')}:
              </Text>
              <Button
                size="compact-xs"
                variant={slice?.month ? 'default' : 'filled'}
                aria-pressed={!slice?.month}
                onClick={() => setSlice({ from: target.period.from, to: target.period.to })}
              >
                {t('explain.wholePeriod')}
              </Button>
              {target.months.map((m) => (
                <Button
                  key={m.month}
                  size="compact-xs"
                  variant={slice?.month === m.month ? 'filled' : 'default'}
                  aria-pressed={slice?.month === m.month}
                  onClick={() => setSlice({ from: m.from, to: m.to, month: m.month })}
                  data-testid={`explain-month-${m.month}`}
                >
                  {formatMonth(m.month)}: {m.value === null ? '—' : round1(m.value)}
                </Button>
              ))}
            </Group>
          )}
          {loading && (
            <Group gap="xs">
              <Loader size="xs" />
              <Text size="sm">{t('common.loading')}</Text>
            </Group>
          )}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          {answer && (
            <>
              <Head e={answer} />
              <Group justify="space-between" wrap="nowrap">
                <Text size="xs" c="dimmed">
                  {t('explain.notes')}
                </Text>
                <Button size="sm" variant="light" onClick={() => void download()} loading={saving} data-testid="explain-xlsx" style={{ flexShrink: 0 }}>
                  {t('explain.download')}
                </Button>
              </Group>
              {answer.kind === 'count' ? <RowsTable e={answer} /> : <Derived e={answer} />}
            </>
          )}
        </Stack>
      )}
    </Drawer>
  );
}

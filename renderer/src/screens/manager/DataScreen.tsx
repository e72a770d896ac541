// Data in and out (manager): the register import wizard, the register export (CSV or XLSX,
// all records or a period) and the DHIS2 dataValueSets export from a mapping file.
import { useState } from 'react';
import { Alert, Button, Code, FileInput, Group, Input, List, Paper, SegmentedControl, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '../../../../shared/api';
import { dhis2Mapping, type Dhis2Mapping } from '../../../../shared/data-schemas';
import { localToday } from '../../../../shared/dates';
import { call } from '../../api';
import { BusyBar } from '../../components/BusyBar';
import { DateField } from '../../components/DateField';
import { ImportWizard } from '../../components/ImportWizard';
import { downloadBlob, downloadFile, fileToText, type SaveOutcome } from '../../files';
import { generalMessage } from '../../hooks/apiErrors';
import { formatDate, formatNumber } from '../../i18n';
import { customPeriod, monthPeriod, previousMonth } from '../../periods';

type ExportSummary = Omit<ChannelOutput<'register.export'>, 'files'> & { names: string[] };

function RegisterExport() {
  const { t } = useTranslation();
  const [format, setFormat] = useState<'csv' | 'xlsx'>('xlsx');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<ExportSummary | null>(null);
  const wrongWay = from !== '' && to !== '' && from > to;

  const run = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    const r = await call('register.export', { format, from: from || null, to: to || null });
    setBusy(false);
    if (!r.ok) {
      setError(generalMessage(r.error));
      return;
    }
    const outcomes: SaveOutcome[] = [];
    for (const f of r.value.files) outcomes.push(await downloadFile(f));
    // Only what was saved is said to be exported: a cancel says nothing, a failure says so.
    const failed = outcomes.find((o) => o === 'disk_full' || o === 'failed');
    if (failed) {
      setError(t(failed === 'disk_full' ? 'files.diskFull' : 'files.notSaved'));
      return;
    }
    if (outcomes.some((o) => o === 'cancelled')) return;
    const { files, ...rest } = r.value;
    setDone({ ...rest, names: files.map((f) => f.name) });
    notifications.show({ color: 'teal', message: t('data.exported', { n: formatNumber(r.value.visits) }) });
  };

  return (
    <Stack gap="sm" maw={760}>
      <Text size="sm">{t('data.exportIntro')}</Text>
      <Group align="flex-end" gap="sm">
        <Stack gap={0}>
          <Input.Label id="export-format">
            {t('data.format')}
          </Input.Label>
          <SegmentedControl
            aria-labelledby="export-format"
            transitionDuration={0}
            value={format}
            onChange={(v) => setFormat(v === 'csv' ? 'csv' : 'xlsx')}
            data={[
              { value: 'xlsx', label: t('data.formatXlsx') },
              { value: 'csv', label: t('data.formatCsv') },
            ]}
          />
        </Stack>
        <DateField label={t('common.from')} w={150} value={from} onChange={setFrom} />
        <DateField label={t('common.to')} w={150} value={to} onChange={setTo} error={wrongWay ? t('reports.fromAfterTo') : undefined} />
      </Group>
      <Text size="xs" c="dimmed">
        {t('data.exportPeriodHint')}
      </Text>
      <Group>
        <Button onClick={() => void run()} loading={busy} disabled={wrongWay}>
          {t('data.exportButton')}
        </Button>
      </Group>
      {busy && <BusyBar label={t('data.exporting')} job="register.export" />}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {done && (
        <Alert color="teal" title={t('data.exportedTitle')} data-testid="export-done">
          <Text size="sm">{t('data.exportedCounts', { visits: formatNumber(done.visits), rows: formatNumber(done.rows), activities: formatNumber(done.activities), overdoses: formatNumber(done.overdoses), care: formatNumber(done.care) })}</Text>
          <Text size="sm">
            {t('data.files')}: {done.names.join(', ')}
          </Text>
          {done.notes.length > 0 && (
            <List size="sm" mt={4}>
              {done.notes.map((n) => (
                <List.Item key={n}>{n}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
    </Stack>
  );
}

type Dhis2Result = ChannelOutput<'dhis2.export'>;

function Dhis2Export() {
  const { t } = useTranslation();
  const prev = previousMonth(localToday());
  const first = monthPeriod(prev.year, prev.month);
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<Dhis2Mapping | null>(null);
  const [mappingError, setMappingError] = useState<string | null>(null);
  const [from, setFrom] = useState(first.from);
  const [to, setTo] = useState(first.to);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Dhis2Result | null>(null);
  const period = customPeriod(from, to);

  const choose = async (f: File | null) => {
    setFile(f);
    setMapping(null);
    setMappingError(null);
    setDone(null);
    if (!f) return;
    let json: unknown;
    try {
      json = JSON.parse(await fileToText(f));
    } catch {
      setMappingError(t('data.dhis2NotJson'));
      return;
    }
    const parsed = dhis2Mapping.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      setMappingError(`${where}${issue?.message ?? ''}`);
      return;
    }
    setMapping(parsed.data);
  };

  const run = async () => {
    if (!mapping || !period) return;
    setBusy(true);
    setError(null);
    setDone(null);
    const r = await call('dhis2.export', { from: period.from, to: period.to, mapping });
    setBusy(false);
    if (!r.ok) {
      setError(generalMessage(r.error));
      return;
    }
    const name = `dhis2-${mapping.orgUnit}-${period.from}-${period.to}.json`;
    downloadBlob(name, new Blob([`${JSON.stringify(r.value.payload, null, 2)}\n`], { type: 'application/json' }));
    setDone(r.value);
    notifications.show({ color: 'teal', message: t('reports.downloaded', { name }) });
  };

  return (
    <Stack gap="sm" maw={760}>
      <Text size="sm">{t('data.dhis2Intro')}</Text>
      <FileInput
        label={t('data.dhis2Mapping')}
        placeholder={t('data.dhis2MappingPlaceholder')}
        accept=".json,application/json"
        clearable
        value={file}
        onChange={(f) => void choose(f)}
        error={mappingError}
        maw={480}
      />
      {mapping && (
        <Text size="sm" data-testid="dhis2-mapping">
          {t('data.dhis2MappingOk', { orgUnit: mapping.orgUnit, periodType: t(`data.periodType.${mapping.periodType}`), n: mapping.dataValues.length })}
        </Text>
      )}
      <Group align="flex-end" gap="sm">
        <DateField label={t('common.from')} w={150} value={from} onChange={setFrom} />
        <DateField label={t('common.to')} w={150} value={to} onChange={setTo} error={from && to && from > to ? t('reports.fromAfterTo') : undefined} />
        <Button onClick={() => void run()} loading={busy} disabled={!mapping || !period}>
          {t('data.dhis2Button')}
        </Button>
      </Group>
      {busy && <BusyBar label={t('data.dhis2Preparing')} />}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {done && period && (
        <Alert color="teal" title={t('data.dhis2DoneTitle')} data-testid="dhis2-done">
          <Text size="sm">
            {t('data.dhis2Done', { n: formatNumber(done.payload.dataValues.length), from: formatDate(period.from), to: formatDate(period.to) })}{' '}
            {done.periods.map((p) => (
              <Code key={p} mr={4}>
                {p}
              </Code>
            ))}
          </Text>
          {done.skipped.length > 0 && (
            <>
              <Text size="sm" mt={4} fw={700}>
                {t('data.dhis2Skipped', { n: done.skipped.length })}
              </Text>
              <List size="sm">
                {done.skipped.slice(0, 10).map((s) => (
                  <List.Item key={s}>{s}</List.Item>
                ))}
              </List>
            </>
          )}
        </Alert>
      )}
    </Stack>
  );
}

export function DataScreen() {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('data.title')}
      </Title>
      <Tabs defaultValue="import" keepMounted>
        <Tabs.List>
          <Tabs.Tab value="import">{t('data.tabImport')}</Tabs.Tab>
          <Tabs.Tab value="export">{t('data.tabExport')}</Tabs.Tab>
          <Tabs.Tab value="dhis2">{t('data.tabDhis2')}</Tabs.Tab>
        </Tabs.List>
        <Paper withBorder p="md" mt="sm">
          <Tabs.Panel value="import">
            <ImportWizard />
          </Tabs.Panel>
          <Tabs.Panel value="export">
            <RegisterExport />
          </Tabs.Panel>
          <Tabs.Panel value="dhis2">
            <Dhis2Export />
          </Tabs.Panel>
        </Paper>
      </Tabs>
    </Stack>
  );
}

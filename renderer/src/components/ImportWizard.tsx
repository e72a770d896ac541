// Register import in three steps: choose the files, see what a dry run finds (what would be
// imported, every bad row with its row and column, the warnings), then import. All or
// nothing (register-format.md): with a single error nothing is imported.
import { useState } from 'react';
import { Alert, Button, FileInput, Group, List, ScrollArea, Stack, Stepper, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '../../../shared/api';
import { call } from '../api';
import { fileToBase64 } from '../files';
import { generalMessage } from '../hooks/apiErrors';
import { formatBytes, formatNumber } from '../i18n';
import { BusyBar } from './BusyBar';

type ImportReport = ChannelOutput<'register.check'>;
type Problem = ImportReport['errors'][number];
type Phase = { kind: 'idle' } | { kind: 'reading'; fraction: number } | { kind: 'checking' } | { kind: 'importing' };

/** How many problems a table shows; the rest are counted (a broken 50,000-row file lists many). */
const SHOWN = 200;

export function ProblemTable({ problems, label, testId }: { problems: Problem[]; label: string; testId: string }) {
  const { t } = useTranslation();
  const multiFile = new Set(problems.map((p) => p.file)).size > 1;
  return (
    <Stack gap={4}>
      <ScrollArea.Autosize mah={300} type="auto">
        <Table striped verticalSpacing={2} aria-label={label} data-testid={testId} stickyHeader>
          <Table.Thead>
            <Table.Tr>
              {multiFile && <Table.Th>{t('data.file')}</Table.Th>}
              <Table.Th>{t('data.sheet')}</Table.Th>
              <Table.Th ta="right">{t('data.row')}</Table.Th>
              <Table.Th>{t('data.column')}</Table.Th>
              <Table.Th>{t('data.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {problems.slice(0, SHOWN).map((p, i) => (
              <Table.Tr key={i}>
                {multiFile && <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.file}</Table.Td>}
                <Table.Td>{p.sheet ?? '—'}</Table.Td>
                <Table.Td className="num">{p.row ?? '—'}</Table.Td>
                <Table.Td>
                  <Text span size="sm" ff="monospace">
                    {p.column ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>{p.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {problems.length > SHOWN && <Text size="xs">{t('data.moreProblems', { n: formatNumber(problems.length - SHOWN) })}</Text>}
    </Stack>
  );
}

function Counts({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  return (
    <List size="sm" spacing={2} data-testid="import-counts">
      <List.Item>{t('data.countVisits', { n: formatNumber(report.imported.visits) })}</List.Item>
      <List.Item>{t('data.countActivities', { n: formatNumber(report.imported.activities) })}</List.Item>
      <List.Item>{t('data.countOverdoses', { n: formatNumber(report.imported.overdoses) })}</List.Item>
      <List.Item>{t('data.countCare', { n: formatNumber(report.imported.care) })}</List.Item>
      <List.Item>{t('data.countClients', { n: formatNumber(report.imported.clients_created) })}</List.Item>
    </List>
  );
}

export function ImportWizard() {
  const { t } = useTranslation();
  const [files, setFiles] = useState<File[]>([]);
  const [encoded, setEncoded] = useState<Array<{ name: string; dataBase64: string }> | null>(null);
  const [step, setStep] = useState(0);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [check, setCheck] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [general, setGeneral] = useState<string | null>(null);

  const restart = () => {
    setFiles([]);
    setEncoded(null);
    setCheck(null);
    setResult(null);
    setGeneral(null);
    setStep(0);
  };

  const runCheck = async () => {
    if (files.length === 0) return;
    setGeneral(null);
    const total = files.reduce((n, f) => n + f.size, 0) || 1;
    let done = 0;
    const out: Array<{ name: string; dataBase64: string }> = [];
    setPhase({ kind: 'reading', fraction: 0 });
    try {
      for (const f of files) {
        const dataBase64 = await fileToBase64(f, (x) => setPhase({ kind: 'reading', fraction: (done + x * f.size) / total }));
        done += f.size;
        out.push({ name: f.name, dataBase64 });
      }
    } catch {
      setPhase({ kind: 'idle' });
      setGeneral(t('data.readFailed'));
      return;
    }
    setEncoded(out);
    setPhase({ kind: 'checking' });
    const r = await call('register.check', { files: out });
    setPhase({ kind: 'idle' });
    if (!r.ok) {
      setGeneral(generalMessage(r.error));
      return;
    }
    setCheck(r.value);
    setStep(1);
  };

  const runImport = async () => {
    if (!encoded) return;
    setGeneral(null);
    setPhase({ kind: 'importing' });
    const r = await call('register.import', { files: encoded });
    setPhase({ kind: 'idle' });
    if (!r.ok) {
      setGeneral(generalMessage(r.error));
      return;
    }
    setResult(r.value);
    setStep(2);
    if (r.value.errors.length === 0) notifications.show({ color: 'teal', message: t('data.imported', { n: formatNumber(r.value.imported.visits) }) });
  };

  const busy = phase.kind !== 'idle';
  return (
    <Stack gap="sm">
      <Stepper active={step} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label={t('data.stepFiles')} description={t('data.stepFilesHint')} />
        <Stepper.Step label={t('data.stepCheck')} description={t('data.stepCheckHint')} loading={phase.kind === 'reading' || phase.kind === 'checking'} />
        <Stepper.Step label={t('data.stepImport')} description={t('data.stepImportHint')} loading={phase.kind === 'importing'} />
      </Stepper>
      {general && (
        <Alert color="red" role="alert">
          {general}
        </Alert>
      )}
      {step === 0 && (
        <Stack gap="xs">
          <Text size="sm">{t('data.importIntro')}</Text>
          <FileInput
            label={t('data.chooseFiles')}
            placeholder={t('data.chooseFilesPlaceholder')}
            multiple
            clearable
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            value={files}
            onChange={(f) => setFiles(f)}
            disabled={busy}
            maw={560}
          />
          {files.length > 0 && (
            <List size="sm" spacing={2}>
              {files.map((f) => (
                <List.Item key={f.name}>
                  {f.name} · {formatBytes(f.size)}
                </List.Item>
              ))}
            </List>
          )}
          <Group>
            <Button onClick={() => void runCheck()} disabled={files.length === 0} loading={busy}>
              {t('data.check')}
            </Button>
          </Group>
          {phase.kind === 'reading' && <BusyBar label={t('data.reading')} fraction={phase.fraction} />}
          {phase.kind === 'checking' && <BusyBar label={t('data.checking', { n: files.length })} job="register.check" />}
        </Stack>
      )}
      {step > 0 && (
        <Text size="sm" data-testid="import-files">
          {t('data.checkedFiles')}: {files.map((f) => `${f.name} (${formatBytes(f.size)})`).join(', ')}
        </Text>
      )}
      {step === 1 && check && (
        <Stack gap="xs">
          {check.errors.length > 0 ? (
            <Alert color="red" title={t('data.errorsTitle', { n: formatNumber(check.errors.length) })} role="alert">
              {t('data.errorsIntro')}
            </Alert>
          ) : (
            <Alert color="teal" title={t('data.readyTitle')}>
              <Text size="sm">{t('data.readyIntro')}</Text>
              <Counts report={check} />
            </Alert>
          )}
          {check.errors.length > 0 && <ProblemTable problems={check.errors} label={t('data.errors')} testId="import-errors" />}
          {check.warnings.length > 0 && (
            <>
              <Text size="sm" fw={700}>
                {t('data.warningsTitle', { n: formatNumber(check.warnings.length) })}
              </Text>
              <ProblemTable problems={check.warnings} label={t('data.warnings')} testId="import-warnings" />
            </>
          )}
          <Group>
            {check.errors.length === 0 && (
              <Button onClick={() => void runImport()} loading={busy}>
                {t('data.import')}
              </Button>
            )}
            <Button variant="default" onClick={restart} disabled={busy}>
              {t('data.chooseOther')}
            </Button>
          </Group>
          {phase.kind === 'importing' && <BusyBar label={t('data.importing')} job="register.import" />}
        </Stack>
      )}
      {step === 2 && result && (
        <Stack gap="xs">
          {result.errors.length > 0 ? (
            <>
              <Alert color="red" title={t('data.errorsTitle', { n: formatNumber(result.errors.length) })} role="alert">
                {t('data.notImported')}
              </Alert>
              <ProblemTable problems={result.errors} label={t('data.errors')} testId="import-errors" />
            </>
          ) : (
            <Alert color="teal" title={t('data.doneTitle')} data-testid="import-done">
              <Counts report={result} />
            </Alert>
          )}
          <Group>
            <Button variant="default" onClick={restart}>
              {t('data.importMore')}
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

// Tests still waiting for a result: enter them when the laboratory answers. Beside a client's
// form, that client's; with nobody chosen, every pending test of the cabinet, including
// those of people without a code (arrestees, officers), whose results come later too.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { generalMessage } from '../hooks/apiErrors';
import { TEST_INFECTIONS } from '../../../shared/domain';
import { localToday } from '../../../shared/dates';
import { call, errorText } from '../api';
import { formatDate } from '../i18n';
import { DateField } from './DateField';
import { TestResults, type Results } from './TestResults';
import type { VisitRecord } from '../types';

type PendingTest = Pick<VisitRecord['tests'][number], 'id' | 'type' | 'results'> & { visitDate: string; who?: string };

function PendingRow({ test, onSaved }: { test: PendingTest; onSaved(): void }) {
  const { t } = useTranslation();
  const [results, setResults] = useState<Results>(test.results);
  const [date, setDate] = useState(localToday());
  const [error, setError] = useState<{ field?: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    const r = await call('tests.setResults', { testId: test.id, results, resultDate: date || null });
    setBusy(false);
    if (!r.ok) {
      setError({ field: r.error.field, text: errorText(r.error) });
      return;
    }
    notifications.show({ color: 'teal', message: t('medical.resultsSaved') });
    onSaved();
  };
  return (
    <Paper withBorder p="xs" data-testid={`pending-test-${test.id}`}>
      <Stack gap={6}>
        <Text size="sm" fw={700}>
          {formatDate(test.visitDate)} · {test.who ? `${test.who} · ` : ''}
          {t(`testType.${test.type}`)}
        </Text>
        <TestResults type={test.type} value={results} onChange={setResults} idPrefix={`pending-${test.id}`} />
        <Group align="flex-end" gap="sm">
          <DateField label={t('medical.resultDate')} value={date} onChange={setDate} w={150} error={error?.field === 'resultDate' ? error.text : undefined} />
          <Button size="sm" onClick={() => void save()} loading={busy}>
            {t('medical.saveResults')}
          </Button>
        </Group>
        {error && error.field !== 'resultDate' && (
          <Text size="sm" c="red.9" role="alert">
            {error.text}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

export function PendingResults({ clientId, reloadKey, onChanged }: { clientId: number; reloadKey: number; onChanged(): void }) {
  const { t } = useTranslation();
  const [tests, setTests] = useState<PendingTest[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await call('clients.history', { clientId, limit: 200, includeVoided: false });
    if (!r.ok) {
      setError(generalMessage(r.error));
      return;
    }
    const pending: PendingTest[] = [];
    for (const v of r.value) {
      for (const test of v.tests) {
        if (TEST_INFECTIONS[test.type].some((inf) => test.results[inf] === null)) pending.push({ ...test, visitDate: v.date });
      }
    }
    setTests(pending);
  }, [clientId]);
  useEffect(() => {
    void load();
  }, [load, reloadKey]);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="pending-title">
      <Title order={2} size="h4" id="pending-title" mb="xs">
        {t('medical.pendingTitle')}
      </Title>
      {error && <Alert color="red">{error}</Alert>}
      {tests && tests.length === 0 && <Text size="sm">{t('medical.noPending')}</Text>}
      <Stack gap="xs">
        {tests?.map((test) => (
          <PendingRow
            key={test.id}
            test={test}
            onSaved={() => {
              void load();
              onChanged();
            }}
          />
        ))}
      </Stack>
    </Paper>
  );
}

/** Every test still waiting for a result (tests.pending), with a code or without. */
export function AllPendingResults() {
  const { t } = useTranslation();
  const [tests, setTests] = useState<PendingTest[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await call('tests.pending', {});
    if (!r.ok) {
      setError(generalMessage(r.error));
      return;
    }
    setTests(
      r.value.map((p) => ({
        id: p.testId,
        type: p.type,
        results: p.results,
        visitDate: p.date,
        who: p.clientCode ?? t('medical.withoutCode', { who: t(`testedPerson.${p.testedPerson}`) }),
      })),
    );
  }, [t]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="all-pending-title">
      <Title order={2} size="h4" id="all-pending-title" mb={4}>
        {t('medical.allPendingTitle', { n: tests?.length ?? 0 })}
      </Title>
      <Text size="sm" mb="xs">
        {t('medical.allPendingIntro')}
      </Text>
      {error && <Alert color="red">{error}</Alert>}
      {tests && tests.length === 0 && <Text size="sm">{t('medical.noPending')}</Text>}
      <SimpleGrid cols={2} spacing="xs" verticalSpacing="xs">
        {tests?.map((test) => <PendingRow key={test.id} test={test} onSaved={() => void load()} />)}
      </SimpleGrid>
    </Paper>
  );
}

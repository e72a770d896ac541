// Opioid agonist therapy (pharmacotherapy) is dated (indicators.md clients_in_pharmacotherapy:
// the status on a day is the last change on or before it): the status today, every change with
// its date, and a change recorded with its date (today unless told otherwise). A change recorded
// by mistake is voided with a reason (domain.md: nothing is deleted): it stays in the list, struck
// through and marked, and no longer counts.
import { useState } from 'react';
import { Alert, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { localToday } from '../../../shared/dates';
import { call } from '../api';
import { placeApiError, sameNames } from '../hooks/apiErrors';
import { formatDate } from '../i18n';
import { Choice } from './Choice';
import { DateField } from './DateField';
import { VoidDialog } from './VoidDialog';
import type { ClientCardData } from '../types';

type Change = ClientCardData['pharmacotherapy'][number];
const STATUSES = ['in', 'out'] as const;
type Status = (typeof STATUSES)[number];

/** The change in force on `day`: the last one standing dated on or before it (later same-day entries win; voided ones never count). */
export function pharmacotherapyOn(changes: readonly Change[], day: string): Change | null {
  let found: Change | null = null;
  for (const c of changes) if (c.voided === null && c.date <= day && (!found || c.date >= found.date)) found = c;
  return found;
}

export function Pharmacotherapy({ clientId, changes, onSaved }: { clientId: number; changes: readonly Change[]; onSaved(): void }) {
  const { t } = useTranslation();
  const [general, setGeneral] = useState<string | null>(null);
  const [voiding, setVoiding] = useState<Change | null>(null);
  const now = pharmacotherapyOn(changes, localToday());
  // The change worth recording is usually the other way from today's status.
  const form = useForm<{ status: Status; date: string }>({ initialValues: { status: now?.status ? 'out' : 'in', date: localToday() } });
  // Newest first; of one day's changes, the one recorded later first (the card sends them oldest first).
  const sorted = [...changes].reverse();
  const changeText = (c: Change) => t(c.status ? 'pharmacotherapy.started' : 'pharmacotherapy.ended');

  const submit = form.onSubmit(async (v) => {
    setGeneral(null);
    const r = await call('clients.setPharmacotherapy', { clientId, status: v.status === 'in', date: v.date });
    if (!r.ok) {
      setGeneral(placeApiError(r.error, form, sameNames('date', 'status')));
      return;
    }
    notifications.show({ color: 'teal', message: t('pharmacotherapy.saved') });
    onSaved();
  });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="pharmacotherapy-title" data-testid="pharmacotherapy">
      <Stack gap={6}>
        <Title order={3} size="h4" id="pharmacotherapy-title">
          {t('pharmacotherapy.title')}
        </Title>
        <Text size="sm" fw={600} data-testid="pharmacotherapy-now">
          {now === null ? t('pharmacotherapy.never') : t(now.status ? 'pharmacotherapy.inSince' : 'pharmacotherapy.outSince', { date: formatDate(now.date) })}
        </Text>
        {sorted.length > 0 && (
          <Table verticalSpacing={0} horizontalSpacing={4} withRowBorders={false} aria-label={t('pharmacotherapy.changes')}>
            <Table.Tbody>
              {sorted.map((c) => {
                const struck = c.voided ? { textDecoration: 'line-through', color: 'var(--mantine-color-dimmed)' } : undefined;
                return (
                  <Table.Tr key={c.id} data-testid="pharmacotherapy-change" data-voided={c.voided ? 'true' : 'false'}>
                    <Table.Td w={96} fz="sm" style={{ whiteSpace: 'nowrap', verticalAlign: 'top', ...struck }}>
                      {formatDate(c.date)}
                    </Table.Td>
                    {/* A voided change has no action: its mark takes the action's room too. */}
                    <Table.Td fz="sm" colSpan={c.voided ? 2 : 1} style={{ verticalAlign: 'top' }}>
                      <span style={struck}>{changeText(c)}</span>
                      {c.voided && (
                        <Text size="xs" c="dimmed">
                          {t('pharmacotherapy.voided', { reason: c.voided.reason })}
                        </Text>
                      )}
                    </Table.Td>
                    {!c.voided && (
                      <Table.Td ta="right" w={1} style={{ verticalAlign: 'top' }}>
                        <Button size="compact-xs" variant="subtle" color="red.9" aria-label={t('pharmacotherapy.voidOne', { date: formatDate(c.date), change: changeText(c) })} onClick={() => setVoiding(c)}>
                          {t('common.void')}
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
        <form noValidate onSubmit={submit} aria-label={t('pharmacotherapy.form')}>
          <Stack gap={6}>
            {general && (
              <Alert color="red" role="alert" py={6}>
                {general}
              </Alert>
            )}
            <Choice label={t('pharmacotherapy.change')} names="pharmacotherapy.status" values={STATUSES} value={form.values.status} error={form.errors.status} onChange={(s) => form.setFieldValue('status', s)} />
            <Group gap="sm" align="flex-start" wrap="nowrap">
              <DateField label={t('common.date')} w={130} value={form.values.date} onChange={(d) => form.setFieldValue('date', d)} error={form.errors.date} />
              <Button type="submit" loading={form.submitting} mt={25}>
                {t('pharmacotherapy.record')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
      <VoidDialog
        opened={voiding !== null}
        what={voiding ? `${formatDate(voiding.date)} · ${t('pharmacotherapy.title')}: ${changeText(voiding)}` : ''}
        onClose={() => setVoiding(null)}
        onVoid={async (reason) => {
          const r = await call('clients.voidPharmacotherapyChange', { id: voiding!.id, reason });
          if (r.ok) {
            notifications.show({ color: 'teal', message: t('pharmacotherapy.voidedNow') });
            onSaved();
          }
          return r;
        }}
      />
    </Paper>
  );
}

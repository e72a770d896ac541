// Care after a positive test, on the medical screen for one client: the steps recorded (linked to
// care, treatment started, cured for hepatitis C, virally suppressed for HIV), each voided with a
// reason, and a short form for the next one; under the client's card, beside the visit form.
// Medical data: only the medical screen shows it.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { CARE_INFECTIONS, CARE_STEPS_OF, type CareInfection, type CareStep } from '../../../shared/domain';
import { localToday } from '../../../shared/dates';
import type { ChannelOutput } from '../../../shared/api';
import { call } from '../api';
import { placeApiError, sameNames } from '../hooks/apiErrors';
import { formatDate } from '../i18n';
import { DateField } from './DateField';
import { VoidDialog } from './VoidDialog';

type Step = ChannelOutput<'care.record'>;

export function CareSteps({ clientId, reloadKey }: { clientId: number; reloadKey: number }) {
  const { t } = useTranslation();
  const [steps, setSteps] = useState<Step[] | null>(null);
  const [voiding, setVoiding] = useState<Step | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const form = useForm<{ infection: CareInfection; step: CareStep; date: string }>({ initialValues: { infection: 'hcv', step: 'linked_to_care', date: localToday() } });

  const load = useCallback(async () => {
    const r = await call('care.list', { clientId });
    setSteps(r.ok ? r.value : []);
  }, [clientId]);
  useEffect(() => {
    void load();
  }, [load, reloadKey]);

  const submit = form.onSubmit(async (v) => {
    setGeneral(null);
    const r = await call('care.record', { clientId, infection: v.infection, step: v.step, date: v.date });
    if (!r.ok) {
      // The date's field is too narrow for the core's sentence ("follows a positive result…"): said above the form.
      setGeneral(placeApiError(r.error, form, sameNames('infection', 'step')));
      return;
    }
    notifications.show({ color: 'teal', message: t('care.saved') });
    void load();
  });
  const stepName = (s: CareStep) => t(`care.stepName.${s}`);

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="care-title">
      <Stack gap="xs">
        <Title order={3} size="h4" id="care-title">
          {t('care.title')}
        </Title>
        {steps && steps.length === 0 && <Text size="sm">{t('care.none')}</Text>}
        {steps && steps.length > 0 && (
          <Table verticalSpacing={2} aria-labelledby="care-title">
            <Table.Tbody>
              {steps.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Text size="sm" td={s.voided ? 'line-through' : undefined}>
                      {formatDate(s.date)} · {t(`care.infectionName.${s.infection}`)}: {stepName(s.step)}
                    </Text>
                    {s.voided && <Text size="xs">{t('history.voidedBecause', { reason: s.voided.reason, at: formatDate(s.voided.at.slice(0, 10)) })}</Text>}
                  </Table.Td>
                  <Table.Td w={80} style={{ verticalAlign: 'top' }}>
                    {!s.voided && (
                      <Button size="compact-xs" variant="subtle" color="red.9" aria-label={t('care.voidStep', { step: stepName(s.step), date: formatDate(s.date) })} onClick={() => setVoiding(s)}>
                        {t('common.void')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <form noValidate onSubmit={submit} aria-label={t('care.form')}>
          <Stack gap={6}>
            {general && (
              <Alert color="red" role="alert">
                {general}
              </Alert>
            )}
            <Select
              label={t('care.infection')}
              size="sm"
              allowDeselect={false}
              data={CARE_INFECTIONS.map((i) => ({ value: i, label: t(`care.infectionName.${i}`) }))}
              value={form.values.infection}
              error={form.errors.infection}
              onChange={(v) => {
                if (!v) return;
                const infection = v as CareInfection;
                form.setFieldValue('infection', infection);
                if (!CARE_STEPS_OF[infection].includes(form.values.step)) form.setFieldValue('step', 'linked_to_care');
              }}
            />
            <Select
              label={t('care.step')}
              size="sm"
              allowDeselect={false}
              data={CARE_STEPS_OF[form.values.infection].map((s) => ({ value: s, label: stepName(s) }))}
              value={form.values.step}
              error={form.errors.step}
              onChange={(v) => v && form.setFieldValue('step', v as CareStep)}
            />
            <Group gap="sm" align="flex-start" wrap="nowrap">
              <DateField label={t('common.date')} w={130} value={form.values.date} onChange={(v) => form.setFieldValue('date', v)} error={form.errors.date} />
              <Button type="submit" loading={form.submitting} mt={25}>
                {t('care.add')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
      <VoidDialog
        opened={voiding !== null}
        what={voiding ? `${formatDate(voiding.date)} · ${stepName(voiding.step)}` : ''}
        onClose={() => setVoiding(null)}
        onVoid={async (reason) => {
          const r = await call('care.void', { id: voiding!.id, reason });
          if (r.ok) void load();
          return r;
        }}
      />
    </Paper>
  );
}

// Editing a recorded visit: its date, place, supply and service lines and note. Tests and the
// secondary-exchange report are kept as they are (results are entered on the medical screen).
import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { listFields, placeApiError, sameNames } from '../hooks/apiErrors';
import { DIRECTIONS, NOTE_MAX, REFERRAL_DESTINATIONS, SERVICE_TYPES, type Direction, type ReferralDestination, type ServiceType } from '../../../shared/domain';
import { call } from '../api';
import { useCatalogue } from '../hooks/useCatalogue';
import { itemLabel } from '../i18n';
import { DateField } from './DateField';
import { QtyInput } from './QtyInput';
import type { VisitRecord } from '../types';

interface SupplyRow { key: number; itemKey: string; direction: Direction; quantity: string; forPeers: boolean }
interface ServiceRow { key: number; type: ServiceType; units: string; referralTo: ReferralDestination | null }
interface Values { date: string; time: string; siteId: string | null; supplies: SupplyRow[]; services: ServiceRow[]; note: string }
let rowKey = 0;

export function VisitEditor({ visit, onSaved, onCancel }: { visit: VisitRecord; onSaved(v: VisitRecord): void; onCancel(): void }) {
  const { t } = useTranslation();
  const { items, sites } = useCatalogue();
  // The core's errors land on the form's fields (placeApiError); lines by their index.
  const form = useForm<Values>({
    initialValues: {
      date: visit.date,
      time: visit.time ?? '',
      siteId: visit.siteId === null ? null : String(visit.siteId),
      supplies: visit.supplies.map((s) => ({ key: ++rowKey, itemKey: s.itemKey, direction: s.direction, quantity: String(s.quantity), forPeers: s.forPeers })),
      services: visit.services.map((s) => ({ key: ++rowKey, type: s.type, units: String(s.units), referralTo: s.referralTo })),
      note: visit.note ?? '',
    },
  });
  const [general, setGeneral] = useState<string | null>(null);
  const { supplies, services } = form.values;

  const submit = form.onSubmit(async ({ date, time, siteId, supplies, services, note }) => {
    setGeneral(null);
    const r = await call('visits.update', {
      id: visit.id,
      date,
      time: time || null,
      clientId: visit.clientId,
      anonymousCount: visit.anonymousCount,
      kind: visit.kind,
      siteId: siteId ? Number(siteId) : null,
      supplies: supplies.map((s) => ({ itemKey: s.itemKey, direction: s.direction, quantity: Number(s.quantity || 0), forPeers: s.forPeers })),
      services: services.map((s) => ({ type: s.type, units: Number(s.units || 0), referralTo: s.type === 'referral' ? s.referralTo : null })),
      // Passed back by id, so the tests keep their ids and result dates.
      tests: visit.tests.map((x) => ({ id: x.id, type: x.type, testedPerson: x.testedPerson, results: x.results })),
      secondary: visit.secondary,
      trainedSecondary: visit.trainedSecondary,
      note: note.trim() || null,
    });
    if (!r.ok) {
      // A supply line's error shows under its item, a service line's at its units (a
      // referral's destination at its own field); tests and the report stay above.
      setGeneral(
        placeApiError(r.error, form, {
          ...sameNames('date', 'time', 'siteId', 'note'),
          ...listFields('supplies', supplies.map((_, i) => `supplies.${i}`)),
          ...listFields('services', services.map((_, i) => `services.${i}.units`)),
          ...Object.fromEntries(services.map((_, i) => [`services.${i}.referralTo`, `services.${i}.referralTo`])),
        }),
      );
      return;
    }
    onSaved(r.value);
  });

  const itemOptions = items.map((i) => ({ value: i.key, label: itemLabel(i) }));
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        <Group grow align="flex-start">
          <DateField label={t('common.date')} value={form.values.date} onChange={(v) => form.setFieldValue('date', v)} error={form.errors.date} />
          <TextInput label={t('history.time')} placeholder="HH:MM" maxLength={5} {...form.getInputProps('time')} />
          <Select label={t('desk.site')} clearable data={sites.map((s) => ({ value: String(s.id), label: s.name }))} {...form.getInputProps('siteId')} />
        </Group>
        <Text fw={700} size="sm">
          {t('history.supplies')}
        </Text>
        <Table verticalSpacing={2} horizontalSpacing={4}>
          <Table.Tbody>
            {supplies.map((s, i) => (
              <Table.Tr key={s.key}>
                <Table.Td>
                  <Select aria-label={t('history.itemN', { n: i + 1 })} allowDeselect={false} size="xs" value={s.itemKey} data={itemOptions} onChange={(v) => v && form.setFieldValue(`supplies.${i}.itemKey`, v)} />
                  {form.errors[`supplies.${i}`] && (
                    <Text size="xs" c="red.9" role="alert">
                      {form.errors[`supplies.${i}`]}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td w={130}>
                  <Select aria-label={t('history.directionN', { n: i + 1 })} allowDeselect={false} size="xs" value={s.direction} data={DIRECTIONS.map((d) => ({ value: d, label: d === 'out' ? t('supplies.out') : t('supplies.back') }))} onChange={(v) => v && form.setFieldValue(`supplies.${i}.direction`, v as Direction)} />
                </Table.Td>
                <Table.Td w={90}>
                  <QtyInput label={undefined} aria-label={t('history.quantityN', { n: i + 1 })} size="xs" value={s.quantity} onChange={(v) => form.setFieldValue(`supplies.${i}.quantity`, v)} />
                </Table.Td>
                <Table.Td w={120}>
                  <Checkbox size="xs" label={t('history.forPeers')} {...form.getInputProps(`supplies.${i}.forPeers`, { type: 'checkbox' })} />
                </Table.Td>
                <Table.Td w={40}>
                  <Button size="compact-xs" variant="subtle" color="red.9" aria-label={t('history.removeLine', { n: i + 1 })} onClick={() => form.removeListItem('supplies', i)}>
                    ✕
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Button variant="default" size="compact-sm" w="fit-content" onClick={() => form.insertListItem('supplies', { key: ++rowKey, itemKey: items[0]?.key ?? 'syringe', direction: 'out', quantity: '', forPeers: false })}>
          {t('history.addSupply')}
        </Button>
        <Text fw={700} size="sm">
          {t('history.services')}
        </Text>
        {services.map((s, i) => (
          <Group key={s.key} gap="xs" align="flex-start">
            <Select aria-label={t('history.serviceN', { n: i + 1 })} size="xs" w={240} allowDeselect={false} value={s.type} data={SERVICE_TYPES.map((x) => ({ value: x, label: t(`service.${x}`) }))} onChange={(v) => v && form.setFieldValue(`services.${i}.type`, v as ServiceType)} />
            <QtyInput label={undefined} aria-label={t('history.unitsN', { n: i + 1 })} size="xs" w={80} value={s.units} onChange={(v) => form.setFieldValue(`services.${i}.units`, v)} error={form.errors[`services.${i}.units`]} />
            {s.type === 'referral' && (
              <Select aria-label={t('desk.referralTo')} size="xs" w={200} clearable data={REFERRAL_DESTINATIONS.map((d) => ({ value: d, label: t(`referral.${d}`) }))} {...form.getInputProps(`services.${i}.referralTo`)} />
            )}
            <Button size="compact-xs" variant="subtle" color="red.9" aria-label={t('history.removeService', { n: i + 1 })} onClick={() => form.removeListItem('services', i)}>
              ✕
            </Button>
          </Group>
        ))}
        <Button variant="default" size="compact-sm" w="fit-content" onClick={() => form.insertListItem('services', { key: ++rowKey, type: 'consultation', units: '1', referralTo: null })}>
          {t('history.addService')}
        </Button>
        {visit.tests.length > 0 && <Text size="sm">{t('history.testsKept', { n: visit.tests.length })}</Text>}
        <Textarea label={t('desk.note')} description={t('privacy.noteHint', { max: NOTE_MAX })} maxLength={NOTE_MAX} autosize minRows={1} maxRows={3} {...form.getInputProps('note')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

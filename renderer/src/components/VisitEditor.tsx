// Editing a recorded visit: its date, place, supply and service lines and note. Tests and the
// secondary-exchange report are kept as they are (results are entered on the medical screen).
import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { generalMessage } from '../hooks/apiErrors';
import { DIRECTIONS, NOTE_MAX, REFERRAL_DESTINATIONS, SERVICE_TYPES, type Direction, type ReferralDestination, type ServiceType } from '../../../shared/domain';
import { call, errorText } from '../api';
import { useCatalogue } from '../hooks/useCatalogue';
import { itemLabel } from '../i18n';
import { DateField } from './DateField';
import { QtyInput } from './QtyInput';
import type { VisitRecord } from '../types';

interface SupplyRow { key: number; itemKey: string; direction: Direction; quantity: string; forPeers: boolean }
interface ServiceRow { key: number; type: ServiceType; units: string; referralTo: ReferralDestination | null }
let rowKey = 0;

export function VisitEditor({ visit, onSaved, onCancel }: { visit: VisitRecord; onSaved(v: VisitRecord): void; onCancel(): void }) {
  const { t } = useTranslation();
  const { items, sites } = useCatalogue();
  const [date, setDate] = useState(visit.date);
  const [time, setTime] = useState(visit.time ?? '');
  const [siteId, setSiteId] = useState<string | null>(visit.siteId === null ? null : String(visit.siteId));
  const [supplies, setSupplies] = useState<SupplyRow[]>(visit.supplies.map((s) => ({ key: ++rowKey, itemKey: s.itemKey, direction: s.direction, quantity: String(s.quantity), forPeers: s.forPeers })));
  const [services, setServices] = useState<ServiceRow[]>(visit.services.map((s) => ({ key: ++rowKey, type: s.type, units: String(s.units), referralTo: s.referralTo })));
  const [note, setNote] = useState(visit.note ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    setErrors({});
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
    setBusy(false);
    if (!r.ok) {
      const f = r.error.field ?? '';
      const sup = /^supplies\.(\d+)/.exec(f);
      const svc = /^services\.(\d+)/.exec(f);
      if (sup) setErrors({ [`s.${supplies[Number(sup[1])]?.key}`]: errorText(r.error) });
      else if (svc) setErrors({ [`v.${services[Number(svc[1])]?.key}`]: errorText(r.error) });
      else if (['date', 'time', 'siteId', 'note'].includes(f)) setErrors({ [f]: errorText(r.error) });
      else setGeneral(generalMessage(r.error));
      return;
    }
    onSaved(r.value);
  };

  const itemOptions = items.map((i) => ({ value: i.key, label: itemLabel(i) }));
  return (
    <form
        noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack gap="sm">
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        <Group grow align="flex-start">
          <DateField label={t('common.date')} value={date} onChange={setDate} error={errors.date} />
          <TextInput label={t('history.time')} placeholder="HH:MM" maxLength={5} value={time} onChange={(e) => setTime(e.currentTarget.value)} error={errors.time} />
          <Select label={t('desk.site')} clearable value={siteId} onChange={setSiteId} data={sites.map((s) => ({ value: String(s.id), label: s.name }))} error={errors.siteId} />
        </Group>
        <Text fw={700} size="sm">
          {t('history.supplies')}
        </Text>
        <Table verticalSpacing={2} horizontalSpacing={4}>
          <Table.Tbody>
            {supplies.map((s, i) => (
              <Table.Tr key={s.key}>
                <Table.Td>
                  <Select aria-label={t('history.itemN', { n: i + 1 })} allowDeselect={false} size="xs" value={s.itemKey} data={itemOptions} onChange={(v) => setSupplies((rows) => rows.map((x) => (x.key === s.key ? { ...x, itemKey: v ?? x.itemKey } : x)))} />
                  {errors[`s.${s.key}`] && (
                    <Text size="xs" c="red.9" role="alert">
                      {errors[`s.${s.key}`]}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td w={130}>
                  <Select aria-label={t('history.directionN', { n: i + 1 })} allowDeselect={false} size="xs" value={s.direction} data={DIRECTIONS.map((d) => ({ value: d, label: d === 'out' ? t('supplies.out') : t('supplies.back') }))} onChange={(v) => setSupplies((rows) => rows.map((x) => (x.key === s.key ? { ...x, direction: (v as Direction) ?? x.direction } : x)))} />
                </Table.Td>
                <Table.Td w={90}>
                  <QtyInput label={undefined} aria-label={t('history.quantityN', { n: i + 1 })} size="xs" value={s.quantity} onChange={(v) => setSupplies((rows) => rows.map((x) => (x.key === s.key ? { ...x, quantity: v } : x)))} />
                </Table.Td>
                <Table.Td w={120}>
                  <Checkbox size="xs" label={t('history.forPeers')} checked={s.forPeers} onChange={(e) => {
                    const c = e.currentTarget.checked;
                    setSupplies((rows) => rows.map((x) => (x.key === s.key ? { ...x, forPeers: c } : x)));
                  }} />
                </Table.Td>
                <Table.Td w={40}>
                  <Button size="compact-xs" variant="subtle" color="red.9" aria-label={t('history.removeLine', { n: i + 1 })} onClick={() => setSupplies((rows) => rows.filter((x) => x.key !== s.key))}>
                    ✕
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Button variant="default" size="compact-sm" w="fit-content" onClick={() => setSupplies((rows) => [...rows, { key: ++rowKey, itemKey: items[0]?.key ?? 'syringe', direction: 'out', quantity: '', forPeers: false }])}>
          {t('history.addSupply')}
        </Button>
        <Text fw={700} size="sm">
          {t('history.services')}
        </Text>
        {services.map((s, i) => (
          <Group key={s.key} gap="xs" align="flex-start">
            <Select aria-label={t('history.serviceN', { n: i + 1 })} size="xs" w={240} allowDeselect={false} value={s.type} data={SERVICE_TYPES.map((x) => ({ value: x, label: t(`service.${x}`) }))} onChange={(v) => setServices((rows) => rows.map((x) => (x.key === s.key ? { ...x, type: (v as ServiceType) ?? x.type } : x)))} />
            <QtyInput label={undefined} aria-label={t('history.unitsN', { n: i + 1 })} size="xs" w={80} value={s.units} onChange={(v) => setServices((rows) => rows.map((x) => (x.key === s.key ? { ...x, units: v } : x)))} error={errors[`v.${s.key}`]} />
            {s.type === 'referral' && (
              <Select aria-label={t('desk.referralTo')} size="xs" w={200} clearable value={s.referralTo} data={REFERRAL_DESTINATIONS.map((d) => ({ value: d, label: t(`referral.${d}`) }))} onChange={(v) => setServices((rows) => rows.map((x) => (x.key === s.key ? { ...x, referralTo: v as ReferralDestination | null } : x)))} />
            )}
            <Button size="compact-xs" variant="subtle" color="red.9" aria-label={t('history.removeService', { n: i + 1 })} onClick={() => setServices((rows) => rows.filter((x) => x.key !== s.key))}>
              ✕
            </Button>
          </Group>
        ))}
        <Button variant="default" size="compact-sm" w="fit-content" onClick={() => setServices((rows) => [...rows, { key: ++rowKey, type: 'consultation', units: '1', referralTo: null }])}>
          {t('history.addService')}
        </Button>
        {visit.tests.length > 0 && <Text size="sm">{t('history.testsKept', { n: visit.tests.length })}</Text>}
        <Textarea label={t('desk.note')} description={t('privacy.noteHint', { max: NOTE_MAX })} maxLength={NOTE_MAX} autosize minRows={1} maxRows={3} value={note} error={errors.note} onChange={(e) => setNote(e.currentTarget.value)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

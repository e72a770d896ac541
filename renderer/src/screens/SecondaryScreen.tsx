// Secondary exchange: a trained client picks up equipment for peers who never come in, brings
// back used equipment, and reports the peers reached in the streets and at points.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Grid, Group, Kbd, Paper, Select, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { saveKeys } from '../saveKeys';
import { errorsUnder, listFields, placeApiError, sameNames } from '../hooks/apiErrors';
import { NOTE_MAX } from '../../../shared/domain';
import { localToday } from '../../../shared/dates';
import { call } from '../api';
import { ClientPicker } from '../components/ClientPicker';
import { DateField } from '../components/DateField';
import { QtyInput, badQty, qty } from '../components/QtyInput';
import { SupplyGrid, badQtyFields, deskItemOrder, supplyLines, withQty, type QtyMap } from '../components/SupplyGrid';
import { visitLine } from '../components/TodayVisits';
import { useCatalogue } from '../hooks/useCatalogue';
import { usePlausibleConfirm } from '../plausible';
import { formatNumber } from '../i18n';
import type { ClientSummary, VisitRecord } from '../types';

interface Values {
  /** What the peer takes for others and brings back. */
  qty: QtyMap;
  /** The peers reached in the streets and at points. */
  street: string;
  atPoints: string;
  pointId: string | null;
  note: string;
  date: string;
}

export function SecondaryScreen() {
  const { t } = useTranslation();
  const { items, sites } = useCatalogue();
  const [client, setClient] = useState<ClientSummary | null>(null);
  // The exchange being typed; the core's errors land on its fields (placeApiError).
  const form = useForm<Values>({ initialValues: { qty: {}, street: '', atPoints: '', pointId: null, note: '', date: localToday() } });
  const [general, setGeneral] = useState<string | null>(null);
  const [today, setToday] = useState<VisitRecord[]>([]);
  const firstRef = useRef<HTMLInputElement>(null);
  const { primary } = deskItemOrder(items);
  const points = sites.filter((s) => s.kind === 'point' && s.active);
  // A quantity above its item's usual amount is asked about once; a second Ctrl+Enter confirms.
  const plausible = usePlausibleConfirm(primary);

  const loadToday = useCallback(async () => {
    const r = await call('visits.day', { date: localToday() });
    if (r.ok) setToday(r.value.filter((v) => v.kind === 'secondary' && !v.voided));
  }, []);
  useEffect(() => {
    void loadToday();
  }, [loadToday]);
  useEffect(() => {
    if (client) firstRef.current?.focus();
  }, [client]);

  const setQty = (itemKey: string, direction: 'out' | 'in', value: string) => {
    form.setFieldValue('qty', (q) => withQty(q, itemKey, direction, value));
    form.clearFieldError(`qty.${itemKey}.${direction}`);
    setGeneral(null);
    plausible.clear();
  };

  const submit = form.onSubmit(async ({ qty: quantities, street, atPoints, pointId, note, date }) => {
    if (!client) return;
    if (badQtyFields(quantities, primary).length > 0 || badQty(street) || badQty(atPoints)) {
      setGeneral(t('desk.fixDigits'));
      return;
    }
    const { lines, fields } = supplyLines(quantities, primary);
    const hasReport = street.trim() !== '' || atPoints.trim() !== '';
    if (lines.length === 0 && !hasReport) {
      setGeneral(t('secondary.nothingToSave'));
      firstRef.current?.focus();
      return;
    }
    if (!plausible.check(lines)) return;
    setGeneral(null);
    const r = await call('secondary.record', {
      date,
      clientId: client.id,
      siteId: pointId ? Number(pointId) : null,
      supplies: lines,
      report: hasReport ? { pointId: pointId ? Number(pointId) : null, peersStreet: qty(street), peersPoints: qty(atPoints) } : null,
      note: note.trim() || null,
    });
    if (!r.ok) {
      // A supply line goes to its item's quantity; "nothing entered" (supplies) stays above.
      setGeneral(
        placeApiError(r.error, form, {
          ...sameNames('date', 'note'),
          siteId: 'pointId',
          'report.pointId': 'pointId',
          'report.peersStreet': 'street',
          'report.peersPoints': 'atPoints',
          ...listFields('supplies', fields.map((f) => `qty.${f}`)),
        }),
      );
      return;
    }
    notifications.show({ color: 'teal', message: t('secondary.saved') });
    form.setValues({ qty: {}, street: '', atPoints: '', note: '' });
    setClient(null);
    void loadToday();
  });
  const save = () => {
    if (!form.submitting) submit();
  };

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('secondary.title')}
      </Title>
      <Text size="sm">{t('secondary.intro')}</Text>
      <ClientPicker label={t('secondary.peer')} client={client} onChange={setClient} autoFocus />
      <Grid gap="md">
        <Grid.Col span={8}>
          {client && (
            <Paper
              withBorder
              p="md"
              component="form" noValidate
              aria-label={t('secondary.form')}
              {...saveKeys(save)}
            >
              <Stack gap="sm">
                {general && (
                  <Alert color="red" role="alert">
                    {general}
                  </Alert>
                )}
                <SupplyGrid ref={firstRef} items={primary} values={form.values.qty} errors={errorsUnder(form.errors, 'qty')} caption={t('secondary.forPeers')} testIdPrefix="sec" onChange={setQty} />
                <Text fw={700} size="sm">
                  {t('secondary.reached')}
                </Text>
                <SimpleGrid cols={3} spacing="sm">
                  <QtyInput label={t('secondary.street')} value={form.values.street} onChange={(v) => form.setFieldValue('street', v)} error={form.errors.street} />
                  <QtyInput label={t('secondary.atPoints')} value={form.values.atPoints} onChange={(v) => form.setFieldValue('atPoints', v)} error={form.errors.atPoints} />
                  <Select
                    label={t('secondary.point')}
                    clearable
                    data={points.map((s) => ({ value: String(s.id), label: s.name }))}
                    nothingFoundMessage={t('secondary.noPoints')}
                    {...form.getInputProps('pointId')}
                  />
                </SimpleGrid>
                <Textarea label={t('desk.note')} placeholder={t('privacy.noteHint', { max: NOTE_MAX })} title={t('privacy.noteHint', { max: NOTE_MAX })} maxLength={NOTE_MAX} autosize minRows={1} maxRows={2} {...form.getInputProps('note')} />
                {plausible.asked && (
                  <Alert color="yellow" variant="light" role="alert" py={6} data-testid="plausible">
                    {plausible.asked}
                  </Alert>
                )}
                <Group align="flex-end">
                  <DateField label={t('desk.date')} value={form.values.date} onChange={(v) => form.setFieldValue('date', v)} error={form.errors.date} w={150} />
                  <Button type="submit" loading={form.submitting} ml="auto">
                    {plausible.asked ? t('plausible.confirm') : t('common.save')} <Kbd ml={6} size="xs">Ctrl+Enter</Kbd>
                  </Button>
                </Group>
              </Stack>
            </Paper>
          )}
        </Grid.Col>
        <Grid.Col span={4}>
          <Paper withBorder p="md" component="section" aria-labelledby="sec-today">
            <Title order={3} size="h4" id="sec-today" mb="xs">
              {t('secondary.today')}
            </Title>
            {today.length === 0 ? (
              <Text size="sm">{t('common.none')}</Text>
            ) : (
              <Table verticalSpacing={2}>
                <Table.Tbody>
                  {today.map((v) => (
                    <Table.Tr key={v.id}>
                      <Table.Td ff="monospace" fw={700}>
                        {v.clientCode}
                      </Table.Td>
                      <Table.Td fz="sm">
                        {/* What went to the peers and what came back. */}
                        {v.supplies.length > 0 ? visitLine(t, v, items) : ''}
                        {v.secondary ? ` · ${t('secondary.reachedShort', { n: formatNumber(v.secondary.peersStreet + v.secondary.peersPoints) })}` : ''}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

// Secondary exchange: a trained client picks up equipment for peers who never come in, brings
// back used equipment, and reports the peers reached in the streets and at points.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Grid, Group, Kbd, Paper, Select, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { saveKeys } from '../saveKeys';
import { generalMessage } from '../hooks/apiErrors';
import { NOTE_MAX } from '../../../shared/domain';
import { localToday } from '../../../shared/dates';
import { call, errorText } from '../api';
import { ClientPicker } from '../components/ClientPicker';
import { DateField } from '../components/DateField';
import { QtyInput } from '../components/QtyInput';
import { SupplyGrid, deskItemOrder, supplyLines, type QtyMap } from '../components/SupplyGrid';
import { useCatalogue } from '../hooks/useCatalogue';
import { formatNumber, itemLabel } from '../i18n';
import type { ClientSummary, VisitRecord } from '../types';

export function SecondaryScreen() {
  const { t } = useTranslation();
  const { items, sites } = useCatalogue();
  const [client, setClient] = useState<ClientSummary | null>(null);
  const [date, setDate] = useState(localToday());
  const [pointId, setPointId] = useState<string | null>(null);
  const [qty, setQty] = useState<QtyMap>({});
  const [street, setStreet] = useState('');
  const [atPoints, setAtPoints] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [today, setToday] = useState<VisitRecord[]>([]);
  const firstRef = useRef<HTMLInputElement>(null);
  const { primary } = deskItemOrder(items);
  const points = sites.filter((s) => s.kind === 'point' && s.active);

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

  const save = async () => {
    if (!client || saving) return;
    const { lines, fields } = supplyLines(qty, primary);
    const hasReport = street !== '' || atPoints !== '';
    setSaving(true);
    setErrors({});
    setGeneral(null);
    const r = await call('secondary.record', {
      date,
      clientId: client.id,
      siteId: pointId ? Number(pointId) : null,
      supplies: lines,
      report: hasReport ? { pointId: pointId ? Number(pointId) : null, peersStreet: Number(street || 0), peersPoints: Number(atPoints || 0) } : null,
      note: note.trim() || null,
    });
    setSaving(false);
    if (!r.ok) {
      const f = r.error.field ?? '';
      const m = /^supplies\.(\d+)/.exec(f);
      if (m) setErrors({ [fields[Number(m[1])]]: errorText(r.error) });
      else if (f === 'supplies') setGeneral(errorText(r.error));
      else if (/^report\.peersStreet/.test(f)) setErrors({ street: errorText(r.error) });
      else if (/^report\.peersPoints/.test(f)) setErrors({ points: errorText(r.error) });
      else if (['date', 'siteId', 'note'].includes(f)) setErrors({ [f]: errorText(r.error) });
      else setGeneral(generalMessage(r.error));
      return;
    }
    notifications.show({ color: 'teal', message: t('secondary.saved') });
    setQty({});
    setStreet('');
    setAtPoints('');
    setNote('');
    setClient(null);
    void loadToday();
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
                <SupplyGrid ref={firstRef} items={primary} values={qty} errors={errors} caption={t('secondary.forPeers')} testIdPrefix="sec" onChange={(k, d, v) => setQty((q) => ({ ...q, [k]: { ...(q[k] ?? { out: '', in: '' }), [d]: v } }))} />
                <Text fw={700} size="sm">
                  {t('secondary.reached')}
                </Text>
                <SimpleGrid cols={3} spacing="sm">
                  <QtyInput label={t('secondary.street')} value={street} onChange={setStreet} error={errors.street} />
                  <QtyInput label={t('secondary.atPoints')} value={atPoints} onChange={setAtPoints} error={errors.points} />
                  <Select
                    label={t('secondary.point')}
                    clearable
                    value={pointId}
                    onChange={setPointId}
                    data={points.map((s) => ({ value: String(s.id), label: s.name }))}
                    error={errors.siteId}
                    nothingFoundMessage={t('secondary.noPoints')}
                  />
                </SimpleGrid>
                <Textarea label={t('desk.note')} description={t('privacy.noteHint', { max: NOTE_MAX })} maxLength={NOTE_MAX} autosize minRows={1} maxRows={2} value={note} error={errors.note} onChange={(e) => setNote(e.currentTarget.value)} />
                <Group align="flex-end">
                  <DateField label={t('desk.date')} value={date} onChange={setDate} error={errors.date} w={150} />
                  <Button type="submit" loading={saving} ml="auto">
                    {t('common.save')} <Kbd ml={6} size="xs">Ctrl+Enter</Kbd>
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
                        {v.supplies
                          .filter((s) => s.direction === 'out')
                          .map((s) => `${itemLabel(items.find((i) => i.key === s.itemKey) ?? { labelLt: s.itemKey, labelEn: s.itemKey })} ${formatNumber(s.quantity)}`)
                          .join(', ')}
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

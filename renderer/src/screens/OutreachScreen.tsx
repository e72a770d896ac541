// An outreach session, entered on return from a higher-risk place: the place, the workers,
// a quick row for each known client met, and the anonymous contacts with what they got.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Grid, Group, Kbd, MultiSelect, Paper, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { saveKeys } from '../saveKeys';
import { generalMessage } from '../hooks/apiErrors';
import { NOTE_MAX } from '../../../shared/domain';
import { addDays, localToday } from '../../../shared/dates';
import { call, errorText } from '../api';
import { CodeSearch } from '../components/CodeSearch';
import { DateField } from '../components/DateField';
import { QtyInput } from '../components/QtyInput';
import { deskItemOrder, supplyLines, takesBack, type QtyMap } from '../components/SupplyGrid';
import { VoidDialog } from '../components/VoidDialog';
import { useCatalogue } from '../hooks/useCatalogue';
import { useSession } from '../hooks/useSession';
import { formatDate, formatNumber, itemLabel } from '../i18n';
import type { ClientSummary, ItemRecord, OutreachSession } from '../types';

interface Row {
  client: ClientSummary;
  qty: QtyMap;
}

function QtyCells({ items, qty, onChange, rowLabel, testId }: { items: ItemRecord[]; qty: QtyMap; onChange(q: QtyMap): void; rowLabel: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <>
      {items.flatMap((item) =>
        (['out', 'in'] as const)
          .filter((d) => d === 'out' || takesBack(item))
          .map((d) => (
            <Table.Td key={`${item.key}.${d}`}>
              <QtyInput
                label={undefined}
                size="xs"
                aria-label={`${rowLabel}: ${itemLabel(item)} — ${d === 'out' ? t('supplies.out') : t('supplies.back')}`}
                data-testid={`${testId}-${item.key}-${d}`}
                value={qty[item.key]?.[d] ?? ''}
                onChange={(v) => onChange({ ...qty, [item.key]: { ...(qty[item.key] ?? { out: '', in: '' }), [d]: v } })}
              />
            </Table.Td>
          )),
      )}
    </>
  );
}

export function OutreachScreen() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { items, sites, staff } = useCatalogue();
  const [date, setDate] = useState(localToday());
  const [placeId, setPlaceId] = useState<string | null>(null);
  const [workers, setWorkers] = useState<string[]>([String(user.id)]);
  const [rows, setRows] = useState<Row[]>([]);
  const [anonCount, setAnonCount] = useState('');
  const [anonQty, setAnonQty] = useState<QtyMap>({});
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [sessions, setSessions] = useState<OutreachSession[]>([]);
  const [voiding, setVoiding] = useState<OutreachSession | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const { primary } = deskItemOrder(items);
  const cols = primary.slice(0, 4);
  const places = sites.filter((s) => s.kind === 'outreach_place' && s.active);

  const loadSessions = useCallback(async () => {
    const r = await call('outreach.list', { from: addDays(localToday(), -30), to: localToday() });
    if (r.ok) setSessions(r.value);
  }, []);
  useEffect(() => {
    void loadSessions();
  }, [loadSessions]);

  const save = async () => {
    if (saving) return;
    setErrors({});
    setGeneral(null);
    if (!placeId) {
      setErrors({ placeId: t('outreach.placeRequired') });
      return;
    }
    const contacts: Array<{ clientId: number | null; anonymousCount: number; supplies: ReturnType<typeof supplyLines>['lines'] }> = rows.map((r) => ({
      clientId: r.client.id,
      anonymousCount: 1,
      supplies: supplyLines(r.qty, cols).lines,
    }));
    const n = Number(anonCount || 0);
    if (n > 0) contacts.push({ clientId: null, anonymousCount: n, supplies: supplyLines(anonQty, cols).lines });
    setSaving(true);
    const r = await call('outreach.create', {
      date,
      placeId: Number(placeId),
      workerIds: workers.map(Number),
      contacts,
      note: note.trim() || null,
    });
    setSaving(false);
    if (!r.ok) {
      const f = r.error.field ?? '';
      const m = /^contacts\.(\d+)/.exec(f);
      if (m) setErrors({ [Number(m[1]) < rows.length ? `row.${rows[Number(m[1])].client.id}` : 'anonymous']: errorText(r.error) });
      else if (/^workerIds/.test(f)) setErrors({ workers: errorText(r.error) });
      else if (['date', 'placeId', 'note'].includes(f)) setErrors({ [f]: errorText(r.error) });
      else setGeneral(generalMessage(r.error));
      return;
    }
    notifications.show({ color: 'teal', message: t('outreach.saved', { place: r.value.placeName }) });
    setRows([]);
    setAnonCount('');
    setAnonQty({});
    setNote('');
    void loadSessions();
  };

  const colHeads = cols.flatMap((item) =>
    (['out', 'in'] as const)
      .filter((d) => d === 'out' || takesBack(item))
      .map((d) => (
        <Table.Th key={`${item.key}.${d}`} ta="right" fz="xs">
          {itemLabel(item)}
          <br />
          {d === 'out' ? t('supplies.out') : t('supplies.back')}
        </Table.Th>
      )),
  );

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('outreach.title')}
      </Title>
      <Grid gap="md">
        <Grid.Col span={8}>
          <Paper
            withBorder
            p="md"
            component="form" noValidate
            aria-label={t('outreach.form')}
            {...saveKeys(save)}
          >
            <Stack gap="sm">
              {general && (
                <Alert color="red" role="alert">
                  {general}
                </Alert>
              )}
              <Group align="flex-start" gap="sm" grow>
                <DateField label={t('desk.date')} value={date} onChange={setDate} error={errors.date} />
                <Select
                  label={t('outreach.place')}
                  required
                  searchable
                  value={placeId}
                  onChange={setPlaceId}
                  data={places.map((s) => ({ value: String(s.id), label: s.name }))}
                  error={errors.placeId}
                  nothingFoundMessage={t('outreach.noPlaces')}
                />
                <MultiSelect
                  label={t('outreach.workers')}
                  required
                  searchable
                  value={workers}
                  onChange={setWorkers}
                  data={staff.filter((s) => s.active).map((s) => ({ value: String(s.id), label: s.displayName }))}
                  error={errors.workers}
                />
              </Group>
              {places.length === 0 && <Text size="sm">{t('outreach.noPlacesHint')}</Text>}
              <Text fw={700} size="sm">
                {t('outreach.known')}
              </Text>
              <CodeSearch ref={searchRef} label={t('outreach.addClient')} size="sm" exclude={rows.map((r) => r.client.id)} onPick={(c) => setRows((rs) => [...rs, { client: c, qty: {} }])} />
              <Table withTableBorder verticalSpacing={4} horizontalSpacing={6} aria-label={t('outreach.contacts')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('outreach.contact')}</Table.Th>
                    {colHeads}
                    <Table.Th w={40} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={r.client.id}>
                      <Table.Td>
                        <Text ff="monospace" fw={700} size="sm">
                          {r.client.code}
                        </Text>
                        {errors[`row.${r.client.id}`] && (
                          <Text size="xs" c="red.9" role="alert">
                            {errors[`row.${r.client.id}`]}
                          </Text>
                        )}
                      </Table.Td>
                      <QtyCells items={cols} qty={r.qty} rowLabel={r.client.code} testId={`row-${r.client.code}`} onChange={(q) => setRows((rs) => rs.map((x) => (x.client.id === r.client.id ? { ...x, qty: q } : x)))} />
                      <Table.Td>
                        <Button variant="subtle" color="red.9" size="compact-sm" aria-label={t('outreach.removeRow', { code: r.client.code })} onClick={() => setRows((rs) => rs.filter((x) => x.client.id !== r.client.id))}>
                          ✕
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  <Table.Tr bg="gray.0">
                    <Table.Td>
                      <QtyInput label={t('outreach.anonymous')} size="xs" value={anonCount} onChange={setAnonCount} w={140} data-testid="anon-count" />
                      {errors.anonymous && (
                        <Text size="xs" c="red.9" role="alert">
                          {errors.anonymous}
                        </Text>
                      )}
                    </Table.Td>
                    <QtyCells items={cols} qty={anonQty} rowLabel={t('outreach.anonymous')} testId="anon" onChange={setAnonQty} />
                    <Table.Td />
                  </Table.Tr>
                </Table.Tbody>
              </Table>
              <Textarea label={t('desk.note')} description={t('privacy.noteHint', { max: NOTE_MAX })} maxLength={NOTE_MAX} autosize minRows={1} maxRows={2} value={note} error={errors.note} onChange={(e) => setNote(e.currentTarget.value)} />
              <Group justify="flex-end">
                <Button type="submit" loading={saving}>
                  {t('outreach.save')} <Kbd ml={6} size="xs">Ctrl+Enter</Kbd>
                </Button>
              </Group>
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={4}>
          <Paper withBorder p="md" component="section" aria-labelledby="sessions-title">
            <Title order={3} size="h4" id="sessions-title" mb="xs">
              {t('outreach.recent')}
            </Title>
            {sessions.length === 0 && <Text size="sm">{t('common.none')}</Text>}
            <Stack gap="xs">
              {sessions.map((s) => (
                <Paper key={s.id} withBorder p="xs" bg={s.voided ? 'gray.1' : undefined} data-testid="outreach-session">
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <div>
                      <Text size="sm" fw={700} td={s.voided ? 'line-through' : undefined}>
                        {formatDate(s.date)} · {s.placeName}
                      </Text>
                      <Text size="xs">{s.workers.join(', ')}</Text>
                      <Text size="xs">
                        {t('outreach.summary', { known: formatNumber(s.knownContacts), anonymous: formatNumber(s.anonymousContacts), out: formatNumber(s.syringesOut), back: formatNumber(s.syringesIn) })}
                      </Text>
                      {s.voided && <Text size="xs" fw={700}>{t('common.voided')}</Text>}
                    </div>
                    {!s.voided && (
                      <Button size="compact-xs" variant="subtle" color="red.9" onClick={() => setVoiding(s)}>
                        {t('common.void')}
                      </Button>
                    )}
                  </Group>
                </Paper>
              ))}
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
      <VoidDialog
        opened={voiding !== null}
        what={voiding ? `${formatDate(voiding.date)} · ${voiding.placeName}` : ''}
        onClose={() => setVoiding(null)}
        onVoid={async (reason) => {
          const r = await call('outreach.void', { id: voiding!.id, reason });
          if (r.ok) void loadSessions();
          return r;
        }}
      />
    </Stack>
  );
}

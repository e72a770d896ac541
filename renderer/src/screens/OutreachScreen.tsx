// An outreach session, entered on return from a higher-risk place: the place, the workers,
// a quick row for each known client met, and the anonymous contacts with what they got. A client
// added by code gets the top row and the cursor in its first field (Tab from the code field goes
// there too), so what is typed next is that client's — not the search's, not another row's.
// A medical account may add a test to a client's row (the test done in the street, counted in
// tests_by_setting.outreach); a social worker's form shows nothing about tests (domain.md).
import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Grid, Group, Kbd, MultiSelect, Paper, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { saveKeys } from '../saveKeys';
import { listFields, placeApiError, sameNames } from '../hooks/apiErrors';
import { NOTE_MAX, TEST_TYPES, type TestType } from '../../../shared/domain';
import { addDays, localToday } from '../../../shared/dates';
import { call } from '../api';
import { CodeSearch } from '../components/CodeSearch';
import { DateField } from '../components/DateField';
import { QtyInput, badQty, qty as qtyOf } from '../components/QtyInput';
import { badQtyFields, deskItemOrder, supplyLines, takesBack, type QtyMap } from '../components/SupplyGrid';
import { usePlausibleConfirm } from '../plausible';
import { VoidDialog } from '../components/VoidDialog';
import { useCatalogue } from '../hooks/useCatalogue';
import { isMedical, useSession } from '../hooks/useSession';
import { TestResults, noResults, type Results } from '../components/TestResults';
import { formatDate, formatNumber, itemLabel } from '../i18n';
import type { ClientSummary, ItemRecord, OutreachSession } from '../types';

interface Row {
  client: ClientSummary;
  qty: QtyMap;
  /** The test done for this client in the street (medical accounts only). */
  test: { type: TestType; results: Results } | null;
}
interface Values {
  date: string;
  placeId: string | null;
  workers: string[];
  /** The known clients met, one row each. */
  rows: Row[];
  /** The contacts without a code: how many, and what they got together. */
  anonymous: { count: string; qty: QtyMap };
  note: string;
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
                w={68}
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
  const medical = isMedical(user);
  const { items, sites, staff } = useCatalogue();
  // The session being typed; the core's errors land on its fields (placeApiError).
  const form = useForm<Values>({
    initialValues: { date: localToday(), placeId: null, workers: [String(user.id)], rows: [], anonymous: { count: '', qty: {} }, note: '' },
    validate: { placeId: (v) => (v ? null : t('outreach.placeRequired')) },
  });
  const [general, setGeneral] = useState<string | null>(null);
  const [sessions, setSessions] = useState<OutreachSession[]>([]);
  const [voiding, setVoiding] = useState<OutreachSession | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  // The client just added: their row's first field takes the cursor once it is drawn.
  const [focusCode, setFocusCode] = useState<string | null>(null);
  // The row whose test was just added: its type field takes the cursor.
  const [focusTest, setFocusTest] = useState<string | null>(null);

  const { primary } = deskItemOrder(items);
  const cols = primary.slice(0, 4);
  const places = sites.filter((s) => s.kind === 'outreach_place' && s.active);
  const plausible = usePlausibleConfirm(cols);

  useEffect(() => {
    if (focusCode === null || cols.length === 0) return;
    tableRef.current?.querySelector<HTMLInputElement>(`[data-testid="row-${focusCode}-${cols[0].key}-out"]`)?.focus();
    setFocusCode(null);
  }, [focusCode, cols]);
  useEffect(() => {
    if (focusTest === null) return;
    tableRef.current?.querySelector<HTMLInputElement>(`[data-testid="row-${focusTest}-test-type"]`)?.focus();
    setFocusTest(null);
  }, [focusTest]);

  const addClient = (c: ClientSummary) => {
    // Newest on top, right after the code field: Tab from there reaches this row.
    form.insertListItem('rows', { client: c, qty: {}, test: null }, 0);
    setFocusCode(c.code);
  };

  const loadSessions = useCallback(async () => {
    const r = await call('outreach.list', { from: addDays(localToday(), -30), to: localToday() });
    if (r.ok) setSessions(r.value);
  }, []);
  useEffect(() => {
    void loadSessions();
  }, [loadSessions]);

  const { rows, anonymous } = form.values;
  const submit = form.onSubmit(
    async ({ date, placeId, workers, rows, anonymous, note }) => {
      setGeneral(null);
      // What was typed that is not a number stays as typed and is said at its field.
      if (rows.some((r) => badQtyFields(r.qty, cols).length > 0) || badQtyFields(anonymous.qty, cols).length > 0 || badQty(anonymous.count)) {
        setGeneral(t('desk.fixDigits'));
        return;
      }
      // Supplies typed for anonymous contacts with no number of contacts would be lost: say so.
      if (qtyOf(anonymous.count) === 0 && supplyLines(anonymous.qty, cols).lines.length > 0) {
        form.setFieldError('anonymous', t('outreach.anonymousCount'));
        return;
      }
      const contacts: Array<{ clientId: number | null; anonymousCount: number; supplies: ReturnType<typeof supplyLines>['lines']; tests?: Array<{ type: TestType; results: Results }> }> = rows.map((r) => ({
        clientId: r.client.id,
        anonymousCount: 1,
        supplies: supplyLines(r.qty, cols).lines,
        // Only a medical account's form has tests; the core refuses them from anyone else.
        ...(r.test ? { tests: [{ type: r.test.type, results: r.test.results }] } : {}),
      }));
      const n = qtyOf(anonymous.count);
      if (n > 0) contacts.push({ clientId: null, anonymousCount: n, supplies: supplyLines(anonymous.qty, cols).lines });
      if (!plausible.check(contacts.flatMap((c) => c.supplies))) return;
      const r = await call('outreach.create', {
        date,
        placeId: Number(placeId),
        workerIds: workers.map(Number),
        contacts,
        note: note.trim() || null,
      });
      if (!r.ok) {
        // A contact's error goes to its row (the anonymous contacts come last).
        setGeneral(
          placeApiError(r.error, form, {
            ...sameNames('date', 'placeId', 'note'),
            workerIds: 'workers',
            ...listFields('contacts', contacts.map((c, i) => (c.clientId === null ? 'anonymous' : `rows.${i}`))),
            // A row's test has its own line: its errors go there (the longest known prefix wins).
            ...Object.fromEntries(rows.flatMap((r, i) => (r.test ? [[`contacts.${i}.tests`, `rows.${i}.test`]] : []))),
          }),
        );
        return;
      }
      notifications.show({ color: 'teal', message: t('outreach.saved', { place: r.value.placeName }) });
      form.setValues({ rows: [], anonymous: { count: '', qty: {} }, note: '' });
      plausible.clear();
      void loadSessions();
    },
    () => setGeneral(null),
  );
  const save = () => {
    if (!form.submitting) submit();
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
        <Grid.Col span={{ base: 12, lg: 8 }}>
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
                <DateField label={t('desk.date')} value={form.values.date} onChange={(v) => form.setFieldValue('date', v)} error={form.errors.date} />
                <Select
                  label={t('outreach.place')}
                  required
                  searchable
                  // One ArrowDown opens the list with the first place marked; Enter takes it (Tab
                  // through the field does not pop the list open).
                  openOnFocus={false}
                  selectFirstOptionOnDropdownOpen
                  data={places.map((s) => ({ value: String(s.id), label: s.name }))}
                  {...form.getInputProps('placeId')}
                  nothingFoundMessage={t('outreach.noPlaces')}
                />
                <MultiSelect
                  label={t('outreach.workers')}
                  required
                  searchable
                  data={staff.filter((s) => s.active).map((s) => ({ value: String(s.id), label: s.displayName }))}
                  {...form.getInputProps('workers')}
                />
              </Group>
              {places.length === 0 && <Text size="sm">{t('outreach.noPlacesHint')}</Text>}
              <Text fw={700} size="sm">
                {t('outreach.known')}
              </Text>
              <CodeSearch ref={searchRef} label={t('outreach.addClient')} size="sm" exclude={rows.map((r) => r.client.id)} onPick={addClient} />
              <Table ref={tableRef} withTableBorder verticalSpacing={4} horizontalSpacing={4} aria-label={t('outreach.contacts')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('outreach.contact')}</Table.Th>
                    {colHeads}
                    <Table.Th w={40} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r, i) => (
                    <Fragment key={r.client.id}>
                    <Table.Tr>
                      <Table.Td>
                        <Text ff="monospace" fw={700} size="sm">
                          {r.client.code}
                        </Text>
                        {form.errors[`rows.${i}`] && (
                          <Text size="xs" c="red.9" role="alert">
                            {form.errors[`rows.${i}`]}
                          </Text>
                        )}
                      </Table.Td>
                      <QtyCells items={cols} qty={r.qty} rowLabel={r.client.code} testId={`row-${r.client.code}`} onChange={(q) => {
                        form.setFieldValue(`rows.${i}.qty`, q);
                        plausible.clear();
                      }} />
                      <Table.Td>
                        {/* Narrow: at 1366×768 the table shares the width with the recent sessions. */}
                        <Group gap={0} wrap="nowrap" justify="flex-end">
                          {medical && r.test === null && (
                            <Button variant="subtle" size="compact-xs" px={4} aria-label={t('outreach.addTestFor', { code: r.client.code })} data-testid={`row-${r.client.code}-add-test`} onClick={() => {
                              form.setFieldValue(`rows.${i}.test`, { type: 'rapid_hiv', results: noResults() });
                              setFocusTest(r.client.code);
                            }}>
                              {t('outreach.addTest')}
                            </Button>
                          )}
                          <Button variant="subtle" color="red.9" size="compact-sm" aria-label={t('outreach.removeRow', { code: r.client.code })} onClick={() => form.removeListItem('rows', i)}>
                            ✕
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                    {medical && r.test && (
                      <Table.Tr data-testid={`row-${r.client.code}-test`}>
                        <Table.Td colSpan={colHeads.length + 2}>
                          {/* The type (and its removal) on the left, the results the type gives beside it. */}
                          <Group gap="xs" wrap="nowrap" align="flex-start">
                            <Stack gap={2} align="flex-start">
                              <Select
                                size="xs"
                                w={312}
                                aria-label={t('outreach.testType', { code: r.client.code })}
                                data-testid={`row-${r.client.code}-test-type`}
                                leftSection={<Text size="xs" fw={700}>{t('outreach.test')}</Text>}
                                leftSectionWidth={62}
                                allowDeselect={false}
                                value={r.test.type}
                                data={TEST_TYPES.map((tt) => ({ value: tt, label: t(`testType.${tt}`) }))}
                                onChange={(v) => v && form.setFieldValue(`rows.${i}.test`, { type: v as TestType, results: noResults() })}
                              />
                              <Button variant="subtle" color="red.9" size="compact-xs" aria-label={t('outreach.removeTest', { code: r.client.code })} onClick={() => form.setFieldValue(`rows.${i}.test`, null)}>
                                {t('common.remove')}
                              </Button>
                            </Stack>
                            <TestResults type={r.test.type} value={r.test.results} idPrefix={`outreach-test-${r.client.id}`} onChange={(res) => form.setFieldValue(`rows.${i}.test.results`, res)} />
                          </Group>
                          {form.errors[`rows.${i}.test`] && (
                            <Text size="xs" c="red.9" role="alert">
                              {form.errors[`rows.${i}.test`]}
                            </Text>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    )}
                    </Fragment>
                  ))}
                  <Table.Tr bg="gray.0">
                    <Table.Td>
                      <QtyInput label={t('outreach.anonymous')} size="xs" value={anonymous.count} onChange={(v) => {
                        form.setFieldValue('anonymous.count', v);
                        form.clearFieldError('anonymous');
                      }} w={96} data-testid="anon-count" />
                      {form.errors.anonymous && (
                        <Text size="xs" c="red.9" role="alert">
                          {form.errors.anonymous}
                        </Text>
                      )}
                    </Table.Td>
                    <QtyCells items={cols} qty={anonymous.qty} rowLabel={t('outreach.anonymous')} testId="anon" onChange={(q) => form.setFieldValue('anonymous.qty', q)} />
                    <Table.Td />
                  </Table.Tr>
                </Table.Tbody>
              </Table>
              <Textarea label={t('desk.note')} placeholder={t('privacy.noteHint', { max: NOTE_MAX })} title={t('privacy.noteHint', { max: NOTE_MAX })} maxLength={NOTE_MAX} autosize minRows={1} maxRows={2} {...form.getInputProps('note')} />
              {plausible.asked && (
                <Alert color="yellow" variant="light" role="alert" py={6} data-testid="plausible">
                  {plausible.asked}
                </Alert>
              )}
              <Group justify="flex-end">
                <Button type="submit" loading={form.submitting}>
                  {plausible.asked ? t('plausible.confirm') : t('outreach.save')} <Kbd ml={6} size="xs">Ctrl+Enter</Kbd>
                </Button>
              </Group>
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
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

// Overdose reports (indicators.md "Overdose and naloxone"): an overdose a client, a peer or a
// worker tells of — who (a client by code, or anonymous), where, whether naloxone was given and
// by whom, the ambulance, the outcome — and the period's reports, each voided with a reason.
// Who told and where are asked, never guessed: they start unchosen. What nobody knows starts as
// "unknown". Keys as on every recording screen: Enter moves on, Ctrl+Enter saves.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Grid, Group, Kbd, Paper, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import {
  NALOXONE_GIVERS, NOTE_MAX, OVERDOSE_OUTCOMES, OVERDOSE_PLACES, OVERDOSE_REPORTERS, YES_NO_UNKNOWN,
  type NaloxoneGiver, type OverdoseOutcome, type OverdosePlace, type OverdoseReporter, type YesNoUnknown,
} from '../../../shared/domain';
import { localToday } from '../../../shared/dates';
import type { ChannelOutput } from '../../../shared/api';
import { call } from '../api';
import { Choice } from '../components/Choice';
import { ClientPicker } from '../components/ClientPicker';
import { DateField } from '../components/DateField';
import { VoidDialog } from '../components/VoidDialog';
import { generalMessage, placeApiError, sameNames } from '../hooks/apiErrors';
import { useCatalogue } from '../hooks/useCatalogue';
import { useDefaultSite } from '../hooks/useDefaultSite';
import { formatDate, formatNumber } from '../i18n';
import { monthPeriod } from '../periods';
import { saveKeys } from '../saveKeys';
import type { ClientSummary } from '../types';

type OverdoseRecord = ChannelOutput<'overdoses.record'>;

const PERSONS = ['anonymous', 'client'] as const;
type Person = (typeof PERSONS)[number];

interface Values {
  date: string;
  person: Person;
  reportedBy: OverdoseReporter | null;
  place: OverdosePlace | null;
  naloxoneGiven: YesNoUnknown;
  naloxoneBy: NaloxoneGiver | null;
  ambulance: YesNoUnknown;
  outcome: OverdoseOutcome;
  note: string;
}

const SITE_KINDS = ['cabinet', 'mobile'] as const;

const thisMonth = () => {
  const today = localToday();
  return monthPeriod(Number(today.slice(0, 4)), Number(today.slice(5, 7)));
};

export function OverdoseScreen({ initialClient }: { initialClient: ClientSummary | null }) {
  const { t } = useTranslation();
  const { sites } = useCatalogue();
  const [siteId, setSiteId] = useDefaultSite(sites, SITE_KINDS, 'overdoses');
  const [client, setClient] = useState<ClientSummary | null>(initialClient);
  const [general, setGeneral] = useState<string | null>(null);
  const [period, setPeriod] = useState(thisMonth);
  const [list, setList] = useState<OverdoseRecord[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [voiding, setVoiding] = useState<OverdoseRecord | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const reportedByRef = useRef<HTMLDivElement>(null);
  const fresh = (date: string, person: Person): Values => ({
    date, person, reportedBy: null, place: null, naloxoneGiven: 'unknown', naloxoneBy: null, ambulance: 'unknown', outcome: 'unknown', note: '',
  });
  const form = useForm<Values>({ initialValues: fresh(localToday(), initialClient ? 'client' : 'anonymous') });

  const load = useCallback(async () => {
    if (!period.from || !period.to || period.from > period.to) return;
    const r = await call('overdoses.list', { from: period.from, to: period.to });
    if (r.ok) {
      setList(r.value);
      setListError(null);
    } else setListError(generalMessage(r.error));
  }, [period]);
  useEffect(() => {
    void load();
  }, [load]);

  // The first question after the person: once a client is picked, focus goes on to "who told".
  const focusReportedBy = () => setTimeout(() => reportedByRef.current?.querySelector<HTMLInputElement>('input[type="radio"]')?.focus(), 0);
  useEffect(() => {
    if (initialClient) focusReportedBy();
  }, [initialClient]);

  // An answer given takes away what was said about it.
  const answer = <K extends keyof Values>(field: K, value: Values[K]) => {
    form.setFieldValue(field, value as never);
    form.clearFieldError(field);
    setGeneral(null);
  };

  const save = async () => {
    if (form.submitting) return;
    setGeneral(null);
    form.clearErrors();
    const v = form.getValues();
    const missing: Partial<Record<keyof Values, string>> = {};
    if (v.person === 'client' && !client) missing.person = t('overdose.pickClient');
    if (!v.reportedBy) missing.reportedBy = t('overdose.chooseOne');
    if (!v.place) missing.place = t('overdose.chooseOne');
    if (Object.keys(missing).length > 0) {
      form.setErrors(missing);
      setGeneral(t('overdose.answerMarked'));
      return;
    }
    form.setSubmitting(true);
    const r = await call('overdoses.record', {
      date: v.date,
      siteId,
      clientId: v.person === 'client' && client ? client.id : null,
      reportedBy: v.reportedBy!,
      place: v.place!,
      naloxoneGiven: v.naloxoneGiven,
      naloxoneBy: v.naloxoneGiven === 'yes' ? v.naloxoneBy : null,
      ambulance: v.ambulance,
      outcome: v.outcome,
      note: v.note.trim() || null,
    });
    form.setSubmitting(false);
    if (!r.ok) {
      setGeneral(placeApiError(r.error, form, { ...sameNames('date', 'reportedBy', 'place', 'naloxoneGiven', 'naloxoneBy', 'ambulance', 'outcome', 'note'), clientId: 'person' }));
      return;
    }
    notifications.show({ color: 'teal', message: t('overdose.saved', { who: r.value.clientCode ?? t('overdose.anonymous') }) });
    // The next report usually is another person's: the day stays, the answers go.
    form.setValues(fresh(v.date, 'anonymous'));
    setClient(null);
    if (r.value.date >= period.from && r.value.date <= period.to) void load();
    formRef.current?.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.focus();
  };

  const siteOptions = sites.filter((s) => s.active || s.id === siteId).map((s) => ({ value: String(s.id), label: s.name }));
  const live = (list ?? []).filter((o) => !o.voided);
  const naloxoneText = (o: OverdoseRecord) =>
    o.naloxoneGiven === 'yes' && o.naloxoneBy ? `${t('yesNoUnknown.yes')} (${t(`naloxoneBy.${o.naloxoneBy}`).toLowerCase()})` : t(`yesNoUnknown.${o.naloxoneGiven}`);

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('overdose.title')}
      </Title>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Paper ref={formRef} withBorder p="md" component="form" noValidate aria-label={t('overdose.form')} {...saveKeys(save)}>
            <Stack gap={10}>
              {general && (
                <Alert color="red" role="alert" py={6}>
                  {general}
                </Alert>
              )}
              <Group grow align="flex-start" wrap="nowrap">
                <DateField label={t('common.date')} value={form.values.date} onChange={(d) => form.setFieldValue('date', d)} error={form.errors.date} />
                <Select
                  label={t('overdose.site')}
                  clearable
                  placeholder={t('desk.noSite')}
                  data={siteOptions}
                  value={siteId === null ? null : String(siteId)}
                  onChange={(s) => setSiteId(s ? Number(s) : null)}
                />
              </Group>
              <Choice
                label={t('overdose.person')}
                names="overdose.personKind"
                values={PERSONS}
                value={form.values.person}
                error={form.values.person === 'client' && client ? undefined : form.errors.person}
                onChange={(p) => {
                  answer('person', p);
                  if (p === 'client' && !client) setTimeout(() => codeRef.current?.focus(), 0);
                }}
              />
              {form.values.person === 'client' && (
                <ClientPicker
                  ref={codeRef}
                  label={t('desk.code')}
                  client={client}
                  onChange={(c) => {
                    setClient(c);
                    form.clearFieldError('person');
                    if (c) focusReportedBy();
                    else setTimeout(() => codeRef.current?.focus(), 0);
                  }}
                />
              )}
              <div ref={reportedByRef}>
                <Choice label={t('overdose.reportedBy')} names="overdose.reporter" values={OVERDOSE_REPORTERS} value={form.values.reportedBy} required error={form.errors.reportedBy} onChange={(x) => answer('reportedBy', x)} />
              </div>
              <Choice label={t('overdose.place')} names="overdose.placeName" values={OVERDOSE_PLACES} value={form.values.place} required error={form.errors.place} onChange={(x) => answer('place', x)} />
              <Choice
                label={t('overdose.naloxoneGiven')}
                names="yesNoUnknown"
                values={YES_NO_UNKNOWN}
                value={form.values.naloxoneGiven}
                error={form.errors.naloxoneGiven}
                onChange={(x) => {
                  answer('naloxoneGiven', x);
                  if (x !== 'yes') form.setFieldValue('naloxoneBy', null);
                }}
              />
              {form.values.naloxoneGiven === 'yes' && (
                <Choice label={t('overdose.naloxoneBy')} names="naloxoneBy" values={NALOXONE_GIVERS} value={form.values.naloxoneBy} error={form.errors.naloxoneBy} onChange={(x) => answer('naloxoneBy', x)} />
              )}
              <Group gap="md" align="flex-start">
                <Choice label={t('overdose.ambulance')} names="yesNoUnknown" values={YES_NO_UNKNOWN} value={form.values.ambulance} error={form.errors.ambulance} onChange={(x) => answer('ambulance', x)} />
                <Choice label={t('overdose.outcome')} names="overdose.outcomeName" values={OVERDOSE_OUTCOMES} value={form.values.outcome} error={form.errors.outcome} onChange={(x) => answer('outcome', x)} />
              </Group>
              <Textarea
                label={t('overdose.note')}
                description={t('privacy.noteHint', { max: NOTE_MAX })}
                maxLength={NOTE_MAX}
                autosize
                minRows={1}
                maxRows={3}
                {...form.getInputProps('note')}
              />
              <Group gap="sm">
                <Button type="submit" loading={form.submitting}>
                  {t('overdose.submit')} <Kbd ml={6} size="xs">Ctrl+Enter</Kbd>
                </Button>
              </Group>
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Paper withBorder p="sm" component="section" aria-labelledby="overdose-list">
            <Stack gap="xs">
              <Title order={3} size="h4" id="overdose-list">
                {t('overdose.listTitle')}
              </Title>
              <Group gap="sm" align="flex-end" wrap="nowrap">
                <DateField label={t('common.from')} w={140} value={period.from} onChange={(from) => setPeriod((p) => ({ ...p, from }))} />
                <DateField label={t('common.to')} w={140} value={period.to} onChange={(to) => setPeriod((p) => ({ ...p, to }))} />
                {list && (
                  <Text size="sm" pb={8} data-testid="overdose-count">
                    {t('overdose.count', { n: formatNumber(live.length) })}
                  </Text>
                )}
              </Group>
              {listError && <Alert color="red">{listError}</Alert>}
              {list && list.length === 0 && <Text size="sm">{t('overdose.none')}</Text>}
              {list && list.length > 0 && (
                <Table striped verticalSpacing={4} horizontalSpacing={6} aria-labelledby="overdose-list">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={96}>{t('common.date')}</Table.Th>
                      <Table.Th>{t('overdose.who')}</Table.Th>
                      <Table.Th>{t('overdose.naloxoneShort')}</Table.Th>
                      <Table.Th>{t('overdose.outcome')}</Table.Th>
                      <Table.Th w={90} />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((o) => (
                      <Table.Tr key={o.id} data-testid={`overdose-${o.id}`}>
                        <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                          <Text size="sm" td={o.voided ? 'line-through' : undefined}>
                            {formatDate(o.date)}
                          </Text>
                        </Table.Td>
                        <Table.Td style={{ verticalAlign: 'top' }}>
                          <Text size="sm" td={o.voided ? 'line-through' : undefined} ff={o.clientCode ? 'monospace' : undefined} fw={o.clientCode ? 700 : undefined}>
                            {o.clientCode ?? t('overdose.anonymous')}
                          </Text>
                          <Text size="xs">
                            {[t(`overdose.placeName.${o.place}`), t('overdose.toldBy', { who: t(`overdose.reporter.${o.reportedBy}`).toLowerCase() }), o.siteName].filter(Boolean).join(' · ')}
                          </Text>
                          {o.note && (
                            <Text size="xs" fs="italic">
                              {o.note}
                            </Text>
                          )}
                          {o.voided && o.voidReason && <Text size="xs">{t('overdose.voidedBecause', { reason: o.voidReason })}</Text>}
                        </Table.Td>
                        <Table.Td style={{ verticalAlign: 'top' }}>
                          <Text size="sm">{naloxoneText(o)}</Text>
                          <Text size="xs">{t('overdose.ambulanceWas', { answer: t(`yesNoUnknown.${o.ambulance}`).toLowerCase() })}</Text>
                        </Table.Td>
                        <Table.Td style={{ verticalAlign: 'top' }}>
                          <Text size="sm">{t(`overdose.outcomeName.${o.outcome}`)}</Text>
                        </Table.Td>
                        <Table.Td style={{ verticalAlign: 'top' }}>
                          {o.voided ? (
                            <Text size="xs" title={o.voidReason ?? undefined}>
                              {t('common.voided')}
                            </Text>
                          ) : (
                            <Button size="compact-xs" variant="subtle" color="red.9" aria-label={t('overdose.voidOne', { date: formatDate(o.date), who: o.clientCode ?? t('overdose.anonymous') })} onClick={() => setVoiding(o)}>
                              {t('common.void')}
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
      <VoidDialog
        opened={voiding !== null}
        what={voiding ? `${formatDate(voiding.date)} · ${t('overdose.one')} · ${voiding.clientCode ?? t('overdose.anonymous')}` : ''}
        onClose={() => setVoiding(null)}
        onVoid={async (reason) => {
          const r = await call('overdoses.void', { id: voiding!.id, reason });
          if (r.ok) void load();
          return r;
        }}
      />
    </Stack>
  );
}

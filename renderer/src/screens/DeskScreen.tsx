// The intake desk. One code field, focused; Enter picks a client (or opens registration for an
// unknown code); the visit form takes focus at "syringes out", Tab goes to "syringes back",
// Ctrl+Enter saves and focus returns to the code field. The shortest regular exchange visit:
// 3 characters, Enter, "10", Tab, "12", Ctrl+Enter — 10 keys.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Grid, Group, Kbd, Paper, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { errorsUnder, listFields, placeApiError, sameNames } from '../hooks/apiErrors';
import { REFERRAL_DESTINATIONS, NOTE_MAX, type ReferralDestination, type ServiceType } from '../../../shared/domain';
import { localToday } from '../../../shared/dates';
import { call } from '../api';
import { CodeSearch } from '../components/CodeSearch';
import { ClientCard } from '../components/ClientCard';
import { DateField } from '../components/DateField';
import { RegisterClient } from '../components/RegisterClient';
import { DESK_SERVICES, ServiceToggles, letterIsShortcut, serviceForKey } from '../components/ServiceToggles';
import { SupplyGrid, deskItemOrder, qtyFromLines, supplyLines, withQty, type QtyMap } from '../components/SupplyGrid';
import { useCatalogue } from '../hooks/useCatalogue';
import { useDefaultSite } from '../hooks/useDefaultSite';
import { formatDate, formatNumber } from '../i18n';
import type { ClientCardData, ClientSummary, VisitDefaults, VisitRecord } from '../types';

interface Draft {
  qty: QtyMap;
  services: ServiceType[];
  referralTo: ReferralDestination | null;
  note: string;
  date: string;
}

type Mode = { kind: 'find' } | { kind: 'register'; code: string } | { kind: 'visit'; client: ClientSummary };

interface DeskState {
  mode: Mode;
  draft: Draft;
}

const emptyDraft = (date = localToday()): Draft => ({ qty: {}, services: [], referralTo: null, note: '', date });

// What was on the desk when the screen locked or another screen was opened: kept in memory
// (never on screen, never on disk) so that unlocking gives the worker back what they typed.
let kept: DeskState | null = null;
export function forgetDeskDraft(): void {
  kept = null;
}

const CABINET_KINDS = ['cabinet', 'mobile'] as const;

export function DeskScreen({ onOpenHistory }: { onOpenHistory(clientId: number): void }) {
  const { t } = useTranslation();
  const { items, sites } = useCatalogue();
  const [mode, setModeState] = useState<Mode>(() => kept?.mode ?? { kind: 'find' });
  // The visit being typed; the core's errors land on its fields (placeApiError).
  const form = useForm<Draft>({ initialValues: kept?.draft ?? emptyDraft() });
  const [card, setCard] = useState<ClientCardData | null>(null);
  const [defaults, setDefaults] = useState<VisitDefaults | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [day, setDay] = useState<VisitRecord[] | null>(null);
  const [siteId, setSiteId] = useDefaultSite(sites, CABINET_KINDS, 'desk');
  const codeRef = useRef<HTMLInputElement>(null);
  const firstQtyRef = useRef<HTMLInputElement>(null);
  const keptRef = useRef({ mode, form });
  keptRef.current = { mode, form };
  useEffect(() => () => {
    const { mode: m, form: f } = keptRef.current;
    kept = m.kind === 'find' ? null : { mode: m, draft: f.getValues() };
  }, []);

  const draft = form.values;
  const clientId = mode.kind === 'visit' ? mode.client.id : null;
  const { primary, others } = deskItemOrder(items);
  const orderedItems = [...primary, ...others];

  const loadDay = useCallback(async () => {
    const r = await call('visits.day', { date: localToday() });
    if (r.ok) setDay(r.value);
  }, []);
  useEffect(() => {
    void loadDay();
  }, [loadDay]);

  // A picked client: the card and "same as last visit" load beside a form that is already
  // there and focused, so typing never waits for them.
  useEffect(() => {
    setCard(null);
    setDefaults(null);
    if (clientId === null) return;
    let live = true;
    void call('clients.card', { id: clientId }).then((r) => live && r.ok && setCard(r.value));
    void call('clients.lastVisitDefaults', { clientId }).then((r) => live && r.ok && setDefaults(r.value));
    return () => {
      live = false;
    };
  }, [clientId]);

  useEffect(() => {
    if (mode.kind === 'visit') firstQtyRef.current?.focus();
    else if (mode.kind === 'find') codeRef.current?.focus();
  }, [mode]);

  const setMode = (m: Mode, resetDraft = false) => {
    if (resetDraft) form.setValues(emptyDraft(form.getValues().date));
    form.clearErrors();
    setGeneral(null);
    setModeState(m);
  };

  const pick = (client: ClientSummary) => {
    setSaved(null);
    setMode({ kind: 'visit', client }, true);
  };

  const toggle = (s: ServiceType) => form.setFieldValue('services', (services) => (services.includes(s) ? services.filter((x) => x !== s) : [...services, s]));
  const setQty = (itemKey: string, direction: 'out' | 'in', value: string) => {
    form.setFieldValue('qty', (q) => withQty(q, itemKey, direction, value));
    form.clearFieldError(`qty.${itemKey}.${direction}`);
  };

  const sameAsLast = () => {
    if (!defaults || defaults.fromDate === null) {
      setGeneral(t('desk.noLastVisit'));
      return;
    }
    setGeneral(null);
    const referral = defaults.services.find((s) => s.type === 'referral');
    form.setValues((d) => ({
      qty: qtyFromLines(defaults.supplies),
      services: defaults.services.map((s) => s.type).filter((s) => (DESK_SERVICES as readonly string[]).includes(s)),
      referralTo: referral?.referralTo ?? d.referralTo ?? null,
    }));
  };

  const cancel = () => setMode({ kind: 'find' }, true);

  const submit = form.onSubmit(async (draft) => {
    if (mode.kind !== 'visit') return;
    const { lines, fields } = supplyLines(draft.qty, orderedItems);
    const services = DESK_SERVICES.filter((s) => draft.services.includes(s)).map((type) => ({
      type,
      units: 1,
      referralTo: type === 'referral' ? draft.referralTo : null,
    }));
    setGeneral(null);
    const r = await call('visits.create', {
      date: draft.date,
      clientId: mode.client.id,
      kind: 'cabinet',
      siteId,
      supplies: lines,
      services,
      note: draft.note.trim() || null,
    });
    if (!r.ok) {
      // Everything typed stays; the message goes next to its field: a supply line at its
      // item's quantity, a referral's destination at its field, other services at the toggles.
      const referral = services.findIndex((s) => s.type === 'referral');
      setGeneral(
        placeApiError(r.error, form, {
          ...sameNames('date', 'siteId', 'note', 'services'),
          ...listFields('supplies', fields.map((f) => `qty.${f}`)),
          ...(referral >= 0 ? { [`services.${referral}.referralTo`]: 'referralTo' } : {}),
        }),
      );
      return;
    }
    const out = lines.filter((l) => l.direction === 'out' && l.itemKey === primary[0]?.key).reduce((a, l) => a + l.quantity, 0);
    const back = lines.filter((l) => l.direction === 'in' && l.itemKey === primary[0]?.key).reduce((a, l) => a + l.quantity, 0);
    setSaved(t('desk.saved', { time: r.value.time ?? '', out: formatNumber(out), back: formatNumber(back) }));
    setMode({ kind: 'find' }, true);
    void loadDay();
  });
  const save = () => {
    if (!form.submitting) submit();
  };

  const onFormKey = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    } else if (e.key === 'F2') {
      e.preventDefault();
      sameAsLast();
    } else if (!e.ctrlKey && !e.metaKey && !e.altKey && e.key.length === 1 && letterIsShortcut(e.target)) {
      const s = serviceForKey(t, e.key, DESK_SERVICES);
      if (s) {
        e.preventDefault();
        toggle(s);
      }
    }
  };

  const qtyErrors = errorsUnder(form.errors, 'qty');
  const live = (day ?? []).filter((v) => !v.voided);
  const syringeKeys = new Set(items.filter((i) => i.category === 'syringe').map((i) => i.key));
  const sum = (dir: 'out' | 'in') => live.reduce((a, v) => a + v.supplies.filter((s) => s.direction === dir && syringeKeys.has(s.itemKey)).reduce((b, s) => b + s.quantity, 0), 0);
  const siteOptions = sites.filter((s) => s.active || s.id === siteId).map((s) => ({ value: String(s.id), label: s.name }));

  return (
    <Stack gap="sm" h="100%">
      <Group align="flex-end" gap="md" wrap="nowrap">
        <div style={{ flex: '0 0 420px' }}>
          <CodeSearch
            ref={codeRef}
            label={t('desk.code')}
            size="lg"
            autoFocus={mode.kind === 'find'}
            onPick={pick}
            onRegister={(code) => setMode({ kind: 'register', code }, true)}
            data-testid="desk-code"
          />
        </div>
        <Text size="sm" c="dimmed" pb={8}>
          {t('desk.codeHint')}
        </Text>
      </Group>
      {saved && mode.kind === 'find' && (
        <Alert color="teal" variant="light" role="status" data-testid="desk-saved">
          {saved}
        </Alert>
      )}

      {mode.kind === 'find' && (
        <SimpleGrid cols={2} spacing="md">
          <Paper withBorder p="md" component="section" aria-labelledby="today-title">
            <Title order={2} size="h4" id="today-title" mb="xs">
              {t('desk.today', { date: formatDate(localToday()) })}
            </Title>
            <Text>{t('desk.todayVisits', { n: formatNumber(live.length) })}</Text>
            <Text>{t('desk.todaySyringes', { out: formatNumber(sum('out')), back: formatNumber(sum('in')) })}</Text>
          </Paper>
          <Paper withBorder p="md" component="section" aria-labelledby="keys-title">
            <Title order={2} size="h4" id="keys-title" mb="xs">
              {t('desk.keysTitle')}
            </Title>
            <Stack gap={4}>
              {(['pick', 'move', 'next', 'services', 'same', 'save', 'cancel', 'lock'] as const).map((k) => (
                <Group key={k} gap="xs" wrap="nowrap">
                  <Kbd size="sm" miw={92} ta="center">
                    {t(`desk.keys.${k}.key`)}
                  </Kbd>
                  <Text size="sm">{t(`desk.keys.${k}.what`)}</Text>
                </Group>
              ))}
            </Stack>
          </Paper>
        </SimpleGrid>
      )}

      {mode.kind === 'register' && (
        <RegisterClient
          initialCode={mode.code}
          onRegistered={pick}
          onPickExisting={pick}
          onCancel={() => setMode({ kind: 'find' }, true)}
        />
      )}

      {mode.kind === 'visit' && (
        <Grid gap="md">
          <Grid.Col span={8}>
            <Paper withBorder p="sm" component="form" noValidate aria-label={t('desk.visitForm', { code: mode.client.code })} onKeyDown={onFormKey} onSubmit={(e) => {
              e.preventDefault();
              save();
            }}>
              <Stack gap="xs">
                {general && (
                  <Alert color="red" role="alert" py={6}>
                    {general}
                  </Alert>
                )}
                <SimpleGrid cols={2} spacing="md" style={{ alignItems: 'start' }}>
                  <SupplyGrid ref={firstQtyRef} items={primary} values={draft.qty} errors={qtyErrors} caption={t('supplies.main')} onChange={setQty} />
                  <SupplyGrid items={others} values={draft.qty} errors={qtyErrors} caption={t('supplies.other')} onChange={setQty} />
                </SimpleGrid>
                <ServiceToggles label={t('desk.services')} services={DESK_SERVICES} selected={draft.services} onToggle={toggle} />
                {form.errors.services && (
                  <Text size="sm" c="red.9" role="alert">
                    {form.errors.services}
                  </Text>
                )}
                <Group align="flex-start" gap="sm" wrap="nowrap">
                  {draft.services.includes('referral') && (
                    <Select
                      label={t('desk.referralTo')}
                      w={220}
                      searchable
                      clearable
                      data={REFERRAL_DESTINATIONS.map((d) => ({ value: d, label: t(`referral.${d}`) }))}
                      {...form.getInputProps('referralTo')}
                    />
                  )}
                  <Textarea
                    label={t('desk.note')}
                    description={t('privacy.noteHint', { max: NOTE_MAX })}
                    maxLength={NOTE_MAX}
                    autosize
                    minRows={1}
                    maxRows={2}
                    style={{ flex: 1 }}
                    {...form.getInputProps('note')}
                  />
                  <DateField label={t('desk.date')} description=" " value={draft.date} onChange={(v) => form.setFieldValue('date', v)} error={form.errors.date} w={140} />
                  <Select
                    label={t('desk.site')}
                    description=" "
                    w={190}
                    value={siteId === null ? null : String(siteId)}
                    data={siteOptions}
                    error={form.errors.siteId}
                    placeholder={t('desk.noSite')}
                    onChange={(v) => {
                      form.clearFieldError('siteId');
                      setSiteId(v ? Number(v) : null);
                    }}
                  />
                </Group>
                <Group gap="sm">
                  <Button type="submit" loading={form.submitting}>
                    {t('desk.save')} <Kbd ml={6} size="xs">Ctrl+Enter</Kbd>
                  </Button>
                  <Button variant="default" onClick={sameAsLast} disabled={defaults?.fromDate === null} title={defaults?.fromDate ? t('desk.sameFrom', { date: formatDate(defaults.fromDate) }) : undefined}>
                    {t('desk.same')} <Kbd ml={6} size="xs">F2</Kbd>
                  </Button>
                  <Button variant="subtle" onClick={cancel}>
                    {t('common.cancel')} <Kbd ml={6} size="xs">Esc</Kbd>
                  </Button>
                  {defaults?.fromDate && (
                    <Text size="sm" c="dimmed">
                      {t('desk.sameFrom', { date: formatDate(defaults.fromDate) })}
                    </Text>
                  )}
                </Group>
              </Stack>
            </Paper>
          </Grid.Col>
          <Grid.Col span={4}>
            <ClientCard card={card} onHistory={() => onOpenHistory(mode.client.id)} />
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

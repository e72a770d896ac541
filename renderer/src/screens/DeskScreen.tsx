// The intake desk. One code field, focused; Enter picks a client (or opens registration for an
// unknown code); the visit form takes focus at "syringes out", Tab (or Enter) goes to "syringes
// back", then to the alcohol pads; Alt+letter toggles a service; only Ctrl+Enter or the Save
// button saves, and focus returns to the code field. The domain's visit "10 out, 12 back, 10 pads,
// consultation": Enter, 10, Tab, 12, Tab, 10, Alt+K, Ctrl+Enter — 11 keys after the code.
// Nothing is saved silently: an empty visit is refused, a quantity that is not a number is
// refused at its field, one above the item's usual amount asks for a second Ctrl+Enter.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Grid, Group, Kbd, Paper, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { errorsUnder, generalMessage, listFields, placeApiError, sameNames } from '../hooks/apiErrors';
import { REFERRAL_DESTINATIONS, NOTE_MAX, type ReferralDestination, type ServiceType } from '../../../shared/domain';
import { localToday } from '../../../shared/dates';
import { call } from '../api';
import { CodeSearch } from '../components/CodeSearch';
import { ClientCard } from '../components/ClientCard';
import { DateField } from '../components/DateField';
import { RegisterClient } from '../components/RegisterClient';
import { DESK_SERVICES, ServiceToggles, serviceShortcut } from '../components/ServiceToggles';
import { SupplyGrid, badQtyFields, deskItemOrder, qtyFromLines, supplyLines, withQty, type QtyMap } from '../components/SupplyGrid';
import { TodayVisits } from '../components/TodayVisits';
import { enterMovesOn, isSaveKey } from '../saveKeys';
import { usePlausibleConfirm } from '../plausible';
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
// Visits put aside with Esc, by client: picking the client again brings the draft back.
const putAside = new Map<number, Draft>();
// The last save, for its undo (a void with a reason) within UNDO_MINUTES.
let lastSave: { visitId: number; code: string; at: number } | null = null;
// Whether today's list is hidden (F4): clients see the screen.
let todayHidden = false;
export function forgetDeskDraft(): void {
  kept = null;
  putAside.clear();
  lastSave = null;
}

const UNDO_MINUTES = 5;

/** Whether anything was typed on the visit form (Esc then puts it aside rather than losing it). */
const hasInput = (d: Draft): boolean =>
  d.services.length > 0 || d.note.trim() !== '' || Object.values(d.qty).some((q) => q.out.trim() !== '' || q.in.trim() !== '');

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
  const [restored, setRestored] = useState(false);
  const [day, setDay] = useState<VisitRecord[] | null>(null);
  const [siteId, setSiteId] = useDefaultSite(sites, CABINET_KINDS, 'desk');
  const [hidden, setHidden] = useState(todayHidden);
  const [undoable, setUndoable] = useState(() => lastSave !== null && Date.now() - lastSave.at < UNDO_MINUTES * 60_000);
  const wide = useMediaQuery('(min-width: 75em)', true);
  const codeRef = useRef<HTMLInputElement>(null);
  const firstQtyRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
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
  // The quantities above their usual amount that the worker was asked about; a second Ctrl+Enter
  // with the same quantities confirms them.
  const plausible = usePlausibleConfirm(orderedItems);

  const loadDay = useCallback(async () => {
    const r = await call('visits.day', { date: localToday(), siteId });
    if (r.ok) setDay(r.value);
  }, [siteId]);
  useEffect(() => {
    void loadDay();
  }, [loadDay]);

  // The undo offer ends UNDO_MINUTES after the save.
  useEffect(() => {
    if (!undoable || !lastSave) return;
    const left = lastSave.at + UNDO_MINUTES * 60_000 - Date.now();
    const timer = setTimeout(() => setUndoable(false), Math.max(0, left));
    return () => clearTimeout(timer);
  }, [undoable]);

  const toggleToday = () => {
    todayHidden = !todayHidden;
    setHidden(todayHidden);
  };
  // F4 hides or shows today's list wherever the focus is on the desk.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F4' && !e.ctrlKey && !e.altKey && !e.metaKey) {
        e.preventDefault();
        toggleToday();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

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
    plausible.clear();
    setModeState(m);
  };

  const pick = (client: ClientSummary) => {
    setSaved(null);
    setMode({ kind: 'visit', client }, true);
    const draft = putAside.get(client.id);
    if (draft) {
      putAside.delete(client.id);
      form.setValues(draft);
      setGeneral(null);
      setSaved(null);
      plausible.clear();
      setRestored(true);
    } else setRestored(false);
  };

  const toggle = (s: ServiceType) => {
    form.setFieldValue('services', (services) => (services.includes(s) ? services.filter((x) => x !== s) : [...services, s]));
    form.clearFieldError('services');
    setGeneral(null);
  };
  const setQty = (itemKey: string, direction: 'out' | 'in', value: string) => {
    form.setFieldValue('qty', (q) => withQty(q, itemKey, direction, value));
    form.clearFieldError(`qty.${itemKey}.${direction}`);
    setGeneral(null);
    plausible.clear();
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

  // Esc: an empty form is simply closed; a filled one is put aside for this client, so that
  // picking them again brings back what was typed (nothing is lost to a stray Esc).
  const cancel = () => {
    if (mode.kind === 'visit' && hasInput(form.getValues())) {
      putAside.set(mode.client.id, form.getValues());
      setMode({ kind: 'find' }, true);
      setSaved(t('desk.putAside', { code: mode.client.code }));
      return;
    }
    setMode({ kind: 'find' }, true);
  };

  const undo = async () => {
    const last = lastSave;
    if (!last || Date.now() - last.at > UNDO_MINUTES * 60_000) return;
    const r = await call('visits.void', { id: last.visitId, reason: t('desk.undoReason') });
    if (!r.ok) {
      setSaved(null);
      setGeneral(generalMessage(r.error));
      return;
    }
    lastSave = null;
    setUndoable(false);
    setSaved(t('desk.undone', { code: last.code }));
    void loadDay();
    codeRef.current?.focus();
  };

  const submit = form.onSubmit(async (draft) => {
    if (mode.kind !== 'visit') return;
    // What was typed that is not a number stays as typed, said at its field; nothing is saved.
    const bad = badQtyFields(draft.qty, orderedItems);
    if (bad.length > 0) {
      setGeneral(t('desk.fixDigits'));
      formRef.current?.querySelector<HTMLInputElement>(`[data-testid="qty-${bad[0].replace('.', '-')}"]`)?.focus();
      return;
    }
    const { lines, fields } = supplyLines(draft.qty, orderedItems);
    const services = DESK_SERVICES.filter((s) => draft.services.includes(s)).map((type) => ({
      type,
      units: 1,
      referralTo: type === 'referral' ? draft.referralTo : null,
    }));
    if (lines.length === 0 && services.length === 0) {
      setGeneral(t('desk.nothingToSave'));
      firstQtyRef.current?.focus();
      return;
    }
    // A quantity above its item's usual amount: asked once, inline; the same Ctrl+Enter again confirms.
    if (!plausible.check(lines)) return;
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
    // Every syringe size counts (10 × 2 ml is "10 syringes", not 0).
    const syringe = new Set(orderedItems.filter((i) => i.category === 'syringe').map((i) => i.key));
    const out = lines.filter((l) => l.direction === 'out' && syringe.has(l.itemKey)).reduce((a, l) => a + l.quantity, 0);
    const back = lines.filter((l) => l.direction === 'in' && syringe.has(l.itemKey)).reduce((a, l) => a + l.quantity, 0);
    setSaved(t('desk.saved', { time: r.value.time ?? '', out: formatNumber(out), back: formatNumber(back) }));
    lastSave = { visitId: r.value.id, code: mode.client.code, at: Date.now() };
    setUndoable(true);
    putAside.delete(mode.client.id);
    setMode({ kind: 'find' }, true);
    void loadDay();
  });
  const save = () => {
    if (!form.submitting) submit();
  };

  const onFormKey = (e: React.KeyboardEvent<HTMLElement>) => {
    if (isSaveKey(e)) {
      e.preventDefault();
      save();
    } else if (enterMovesOn(e)) {
      // a plain Enter moved on to the next field
    } else if (e.key === 'Escape') {
      // An open list (a select) closes first; the next Esc puts the visit aside.
      if (e.target instanceof HTMLElement && e.target.getAttribute('aria-expanded') === 'true') return;
      e.preventDefault();
      cancel();
    } else if (e.key === 'F2') {
      e.preventDefault();
      sameAsLast();
    } else {
      const s = serviceShortcut(t, e, DESK_SERVICES);
      if (s) {
        e.preventDefault();
        toggle(s);
      }
    }
  };

  const onFindKey = (e: React.KeyboardEvent<HTMLElement>) => {
    // Ctrl+Z in the empty code field: undo the last save (a void with the reason "undone at the desk").
    if (e.key.toLowerCase() === 'z' && (e.ctrlKey || e.metaKey) && !e.shiftKey && undoable && e.target instanceof HTMLInputElement && e.target.value === '') {
      e.preventDefault();
      void undo();
    }
  };

  const qtyErrors = errorsUnder(form.errors, 'qty');
  const live = (day ?? []).filter((v) => !v.voided);
  const syringeKeys = new Set(items.filter((i) => i.category === 'syringe').map((i) => i.key));
  const sum = (dir: 'out' | 'in') => live.reduce((a, v) => a + v.supplies.filter((s) => s.direction === dir && syringeKeys.has(s.itemKey)).reduce((b, s) => b + s.quantity, 0), 0);
  const siteOptions = sites.filter((s) => s.active || s.id === siteId).map((s) => ({ value: String(s.id), label: s.name }));
  const siteName = sites.find((s) => s.id === siteId)?.name;

  return (
    <Stack gap="sm" h="100%">
      {/* While a visit is typed the code field gives its room to the form (Save stays in sight at
          1024×768); Esc or Ctrl+Enter brings it back. */}
      {mode.kind !== 'visit' && (
        <Group align="flex-end" gap="md" wrap="nowrap" onKeyDown={onFindKey}>
          <div style={{ flex: '0 1 420px', minWidth: 260 }}>
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
          {mode.kind === 'find' && (
            <Text size="sm" c="dimmed" pb={8}>
              {t('desk.codeHint')}
            </Text>
          )}
        </Group>
      )}
      {saved && mode.kind === 'find' && (
        <Alert color="teal" variant="light" role="status" data-testid="desk-saved" py={8}>
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">{saved}</Text>
            {undoable && lastSave && (
              <Button size="compact-sm" variant="default" onClick={() => void undo()}>
                {t('desk.undo')} <Kbd ml={6} size="xs">Ctrl+Z</Kbd>
              </Button>
            )}
          </Group>
        </Alert>
      )}
      {general && mode.kind === 'find' && (
        <Alert color="red" role="alert" py={8}>
          {general}
        </Alert>
      )}

      {mode.kind === 'find' && (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Paper withBorder p="md" component="section" aria-labelledby="today-title">
              <Group justify="space-between" mb="xs" wrap="nowrap">
                <Title order={2} size="h4" id="today-title">
                  {t('desk.today', { date: formatDate(localToday()) })}
                  {siteName ? ` · ${siteName}` : ''}
                </Title>
                <Button size="compact-sm" variant="default" onClick={toggleToday} aria-pressed={!hidden}>
                  {hidden ? t('desk.showToday') : t('desk.hideToday')} <Kbd ml={6} size="xs">F4</Kbd>
                </Button>
              </Group>
              <Text size="sm">
                {t('desk.todayVisits', { n: formatNumber(live.length) })} · {t('desk.todaySyringes', { out: formatNumber(sum('out')), back: formatNumber(sum('in')) })}
              </Text>
              {hidden ? (
                <Text size="sm" c="dimmed" mt="xs">
                  {t('desk.todayHidden')}
                </Text>
              ) : (
                <div style={{ marginTop: 8 }}>
                  <TodayVisits visits={day ?? []} items={items} onChanged={() => void loadDay()} />
                </div>
              )}
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Paper withBorder p="md" component="section" aria-labelledby="keys-title">
              <Title order={2} size="h4" id="keys-title" mb="xs">
                {t('desk.keysTitle')}
              </Title>
              <Stack gap={4}>
                {(['pick', 'move', 'next', 'services', 'same', 'save', 'cancel', 'undo', 'today', 'lock'] as const).map((k) => (
                  <Group key={k} gap="xs" wrap="nowrap" align="flex-start">
                    <Kbd size="sm" miw={84} ta="center">
                      {t(`desk.keys.${k}.key`)}
                    </Kbd>
                    <Text size="sm">{t(`desk.keys.${k}.what`)}</Text>
                  </Group>
                ))}
              </Stack>
            </Paper>
          </Grid.Col>
        </Grid>
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
        <Grid gap="sm">
          <Grid.Col span={wide ? 8 : 9}>
            <Paper ref={formRef} withBorder p="sm" component="form" noValidate aria-label={t('desk.visitForm', { code: mode.client.code })} onKeyDown={onFormKey} onSubmit={(e) => {
              e.preventDefault();
              save();
            }}>
              <Stack gap={6}>
                {restored && (
                  <Alert color="blue" variant="light" role="status" py={4}>
                    {t('desk.restored')}
                  </Alert>
                )}
                {general && (
                  <Alert color="red" role="alert" py={6} data-testid="desk-error">
                    {general}
                  </Alert>
                )}
                <SimpleGrid cols={2} spacing="sm" style={{ alignItems: 'start' }}>
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
                      w={200}
                      searchable
                      clearable
                      data={REFERRAL_DESTINATIONS.map((d) => ({ value: d, label: t(`referral.${d}`) }))}
                      {...form.getInputProps('referralTo')}
                    />
                  )}
                  <Textarea
                    label={t('desk.note')}
                    placeholder={t('privacy.noteHint', { max: NOTE_MAX })}
                    title={t('privacy.noteHint', { max: NOTE_MAX })}
                    maxLength={NOTE_MAX}
                    autosize
                    minRows={1}
                    maxRows={2}
                    style={{ flex: 1 }}
                    {...form.getInputProps('note')}
                  />
                  <DateField label={t('desk.date')} value={draft.date} onChange={(v) => form.setFieldValue('date', v)} error={form.errors.date} w={130} />
                  <Select
                    label={t('desk.site')}
                    w={wide ? 200 : 170}
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
                {plausible.asked && (
                  <Alert color="yellow" variant="light" role="alert" py={6} data-testid="plausible">
                    {plausible.asked}
                  </Alert>
                )}
                <Group gap="sm" wrap="nowrap">
                  <Button type="submit" loading={form.submitting}>
                    {plausible.asked ? t('plausible.confirm') : t('desk.save')} <Kbd ml={6} size="xs">Ctrl+Enter</Kbd>
                  </Button>
                  <Button variant="default" onClick={sameAsLast} disabled={defaults?.fromDate === null} title={defaults?.fromDate ? t('desk.sameFrom', { date: formatDate(defaults.fromDate) }) : undefined}>
                    {t('desk.same')} <Kbd ml={6} size="xs">F2</Kbd>
                  </Button>
                  <Button variant="subtle" onClick={cancel}>
                    {t('desk.putAsideButton')} <Kbd ml={6} size="xs">Esc</Kbd>
                  </Button>
                  {defaults?.fromDate && wide && (
                    <Text size="sm" c="dimmed">
                      {t('desk.sameFrom', { date: formatDate(defaults.fromDate) })}
                    </Text>
                  )}
                </Group>
              </Stack>
            </Paper>
          </Grid.Col>
          <Grid.Col span={wide ? 4 : 3}>
            <ClientCard card={card} onHistory={() => onOpenHistory(mode.client.id)} />
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

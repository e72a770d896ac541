// A client's history: every visit (voided ones struck through, with their reason), edit and
// void with a reason; the client's own facts; and, for the manager, merging a duplicate code.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Badge, Button, Grid, Group, Modal, Paper, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CAME_VIA, INJECTS, NOTE_MAX, SEXES, type CameVia, type Injects, type Sex } from '../../../shared/domain';
import { normalizeCode } from '../../../shared/codes';
import { call } from '../api';
import { ClientPicker } from '../components/ClientPicker';
import { CodeSearch } from '../components/CodeSearch';
import { VisitEditor } from '../components/VisitEditor';
import { VoidDialog } from '../components/VoidDialog';
import { ReferralOutcomeSelect } from '../components/ReferralOutcomeSelect';
import { ClientOverdoses } from '../components/ClientOverdoses';
import { Pharmacotherapy } from '../components/Pharmacotherapy';
import { placeApiError, sameNames, generalMessage } from '../hooks/apiErrors';
import { useCatalogue } from '../hooks/useCatalogue';
import { isManager, useSession } from '../hooks/useSession';
import { formatDate, formatDateTime, formatNumber, itemLabel } from '../i18n';
import type { ClientCardData, ClientSummary, VisitRecord } from '../types';

/** "Švirkštas: išduota 10, grąžinta 12" — one phrase per item, in the order recorded. */
function supplySummary(supplies: VisitRecord['supplies'], label: (key: string) => string, t: TFunction): string[] {
  const byItem = new Map<string, string[]>();
  for (const s of supplies) {
    const parts = byItem.get(s.itemKey) ?? [];
    parts.push(`${s.direction === 'out' ? t('supplies.outLower') : t('supplies.backLower')} ${formatNumber(s.quantity)}${s.forPeers ? ` (${t('history.forPeers')})` : ''}`);
    byItem.set(s.itemKey, parts);
  }
  return [...byItem].map(([key, parts]) => `${label(key)}: ${parts.join(', ')}`);
}

function ClientFacts({ card, onSaved }: { card: ClientCardData; onSaved(): void }) {
  const { t } = useTranslation();
  const c = card.client;
  const [general, setGeneral] = useState<string | null>(null);
  const form = useForm<{ sex: Sex; birthYear: string; injects: Injects; cameVia: CameVia; referredByCode: string; note: string }>({
    initialValues: { sex: c.sex, birthYear: c.birthYear ? String(c.birthYear) : '', injects: c.injects, cameVia: card.cameVia, referredByCode: card.referredByCode ?? '', note: card.note ?? '' },
  });
  const submit = form.onSubmit(async (v) => {
    setGeneral(null);
    const r = await call('clients.update', {
      id: c.id,
      sex: v.sex,
      birthYear: v.birthYear ? Number(v.birthYear) : null,
      injects: v.injects,
      // Pharmacotherapy changes are dated in their own panel: today's status goes back as it is (no change).
      inPharmacotherapy: card.client.inPharmacotherapy,
      cameVia: v.cameVia,
      referredByCode: v.cameVia === 'peer' && v.referredByCode.trim() ? normalizeCode(v.referredByCode) : null,
      note: v.note.trim() || null,
    });
    if (!r.ok) {
      setGeneral(placeApiError(r.error, form, sameNames('sex', 'birthYear', 'injects', 'cameVia', 'referredByCode', 'note')));
      return;
    }
    notifications.show({ color: 'teal', message: t('history.clientSaved') });
    onSaved();
  });
  return (
    <Paper withBorder p="md" component="form" noValidate onSubmit={submit} aria-label={t('history.clientFacts')}>
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('history.clientFacts')}
        </Title>
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        <Group grow align="flex-start">
          <Select label={t('register.sex')} allowDeselect={false} data={SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))} {...form.getInputProps('sex')} />
          <TextInput label={t('register.birthYear')} inputMode="numeric" maxLength={4} {...form.getInputProps('birthYear')} />
        </Group>
        <Select label={t('register.injects')} allowDeselect={false} data={INJECTS.map((i) => ({ value: i, label: t(`injects.${i}`) }))} {...form.getInputProps('injects')} />
        <Select label={t('register.cameVia')} allowDeselect={false} data={CAME_VIA.map((x) => ({ value: x, label: t(`cameVia.${x}`) }))} {...form.getInputProps('cameVia')} />
        {form.values.cameVia === 'peer' && (
          <TextInput label={t('register.referredByCode')} maxLength={32} autoComplete="off" spellCheck={false} styles={{ input: { fontFamily: 'ui-monospace, monospace', textTransform: 'uppercase' } }} {...form.getInputProps('referredByCode')} />
        )}
        <Textarea label={t('register.note')} description={t('privacy.noteHint', { max: NOTE_MAX })} maxLength={NOTE_MAX} autosize minRows={1} maxRows={3} {...form.getInputProps('note')} />
        <Button type="submit" loading={form.submitting} w="fit-content">
          {t('common.save')}
        </Button>
      </Stack>
    </Paper>
  );
}

function MergePanel({ keep, onMerged }: { keep: ClientSummary; onMerged(): void }) {
  const { t } = useTranslation();
  const [other, setOther] = useState<ClientSummary | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const merge = async () => {
    if (!other) return;
    if (!reason.trim()) {
      setError(t('void.reasonRequired'));
      return;
    }
    const r = await call('clients.merge', { keepId: keep.id, mergeId: other.id, reason: reason.trim() });
    if (!r.ok) {
      setError(generalMessage(r.error));
      return;
    }
    notifications.show({ color: 'teal', message: t('history.merged', { from: other.code, into: keep.code }) });
    setOther(null);
    setReason('');
    onMerged();
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="merge-title">
      <Title order={3} size="h4" id="merge-title" mb="xs">
        {t('history.mergeTitle')}
      </Title>
      <Text size="sm" mb="xs">
        {t('history.mergeIntro', { code: keep.code })}
      </Text>
      {other ? (
        <Stack gap="xs">
          <Text size="sm">
            {t('history.mergeWhich')}{' '}
            <Text span ff="monospace" fw={700}>
              {other.code}
            </Text>
          </Text>
          <TextInput label={t('void.reason')} required maxLength={200} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={error} />
          <Group>
            <Button color="red.9" onClick={() => void merge()}>
              {t('history.mergeSubmit', { from: other.code, into: keep.code })}
            </Button>
            <Button variant="default" onClick={() => setOther(null)}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <CodeSearch label={t('history.mergeCode')} size="sm" exclude={[keep.id]} onPick={setOther} />
      )}
    </Paper>
  );
}

export function HistoryScreen({ initialClientId, onReportOverdose }: { initialClientId: number | null; onReportOverdose?(client: ClientSummary): void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { items } = useCatalogue();
  const [client, setClient] = useState<ClientSummary | null>(null);
  const [card, setCard] = useState<ClientCardData | null>(null);
  const [visits, setVisits] = useState<VisitRecord[] | null>(null);
  const [editing, setEditing] = useState<VisitRecord | null>(null);
  const [voiding, setVoiding] = useState<VisitRecord | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (id: number) => {
    const [c, h] = await Promise.all([call('clients.card', { id }), call('clients.history', { clientId: id, limit: 200, includeVoided: true })]);
    if (c.ok) {
      setCard(c.value);
      setClient(c.value.client);
    }
    if (h.ok) setVisits(h.value);
    else setError(generalMessage(h.error));
  }, []);

  useEffect(() => {
    if (initialClientId !== null) void load(initialClientId);
  }, [initialClientId, load]);

  const pick = (c: ClientSummary | null) => {
    setClient(c);
    setCard(null);
    setVisits(null);
    setError(null);
    if (c) void load(c.id);
  };

  const label = (key: string) => {
    const item = items.find((i) => i.key === key);
    return item ? itemLabel(item) : key;
  };

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('history.title')}
      </Title>
      <ClientPicker label={t('desk.code')} client={client} onChange={pick} autoFocus />
      {error && <Alert color="red">{error}</Alert>}
      {client && card && (
        <Grid gap="md">
          <Grid.Col span={8}>
            <Paper withBorder p="sm" component="section" aria-labelledby="visits-title">
              <Title order={3} size="h4" id="visits-title" mb="xs">
                {t('history.visits', { n: formatNumber(visits?.length ?? 0) })}
              </Title>
              {visits && visits.length === 0 && <Text size="sm">{t('history.noVisits')}</Text>}
              {visits && visits.length > 0 && (
                <Table verticalSpacing={4} striped aria-labelledby="visits-title">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={110}>{t('common.date')}</Table.Th>
                      <Table.Th w={120}>{t('history.kind')}</Table.Th>
                      <Table.Th>{t('history.what')}</Table.Th>
                      <Table.Th w={150}>{t('common.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {visits.map((v) => (
                      <Table.Tr key={v.id} data-testid={`visit-${v.id}`}>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <Text size="sm" td={v.voided ? 'line-through' : undefined}>
                            {formatDate(v.date)}
                            {v.time ? ` ${v.time}` : ''}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{t(`visitKind.${v.kind}`)}</Text>
                          {v.siteName && <Text size="xs">{v.siteName}</Text>}
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" td={v.voided ? 'line-through' : undefined}>
                            {[
                              ...supplySummary(v.supplies, label, t),
                              ...v.services.map((s) => `${t(`service.${s.type}`)}${s.units > 1 ? ` ×${s.units}` : ''}${s.referralTo ? ` → ${t(`referral.${s.referralTo}`)}` : ''}`),
                              ...v.tests.map((x) => t(`testType.${x.type}`)),
                            ].join(', ') || '—'}
                          </Text>
                          {!v.voided && v.clientId !== null && v.services.filter((s) => s.type === 'referral').map((s, i, all) => (
                            <Group key={i} gap={6} mt={2} wrap="nowrap">
                              {/* The destination is written just above; said again only when the visit has several. */}
                              <Text size="xs" style={{ whiteSpace: 'nowrap' }}>{t('referralOutcome.label')}{all.length > 1 ? ` (${t(`referral.${s.referralTo ?? 'other'}`)})` : ''}:</Text>
                              <ReferralOutcomeSelect visitId={v.id} date={v.date} referralTo={s.referralTo} value={s.referralOutcome} w={130} onSaved={() => client && void load(client.id)} />
                            </Group>
                          ))}
                          {v.note && (
                            <Text size="xs" fs="italic">
                              {v.note}
                            </Text>
                          )}
                          {v.voided && (
                            <Badge color="gray.8" variant="filled" size="sm">
                              {t('history.voidedBecause', { reason: v.voided.reason, at: formatDateTime(v.voided.at) })}
                            </Badge>
                          )}
                          {v.staffName && <Text size="xs">{v.staffName}</Text>}
                        </Table.Td>
                        <Table.Td>
                          {!v.voided && (
                            <Group gap={4}>
                              <Button size="compact-xs" variant="default" onClick={() => setEditing(v)} aria-label={t('history.editVisit', { date: formatDate(v.date) })}>
                                {t('common.edit')}
                              </Button>
                              <Button size="compact-xs" variant="subtle" color="red.9" onClick={() => setVoiding(v)} aria-label={t('history.voidVisit', { date: formatDate(v.date) })}>
                                {t('common.void')}
                              </Button>
                            </Group>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Paper>
          </Grid.Col>
          <Grid.Col span={4}>
            <Stack gap="sm">
              {/* What changes over time first (dated therapy, overdoses); the client's fixed facts below. */}
              <Pharmacotherapy key={`${card.client.id}:${JSON.stringify(card.pharmacotherapy)}`} clientId={card.client.id} changes={card.pharmacotherapy} onSaved={() => void load(client.id)} />
              <ClientOverdoses clientId={client.id} onReport={onReportOverdose && (() => onReportOverdose(client))} />
              <ClientFacts key={card.client.id + (card.note ?? '')} card={card} onSaved={() => void load(client.id)} />
              {isManager(user) && <MergePanel keep={client} onMerged={() => void load(client.id)} />}
            </Stack>
          </Grid.Col>
        </Grid>
      )}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={t('history.editTitle')} size="xl">
        {editing && (
          <VisitEditor
            visit={editing}
            onCancel={() => setEditing(null)}
            onSaved={() => {
              notifications.show({ color: 'teal', message: t('history.visitSaved') });
              setEditing(null);
              if (client) void load(client.id);
            }}
          />
        )}
      </Modal>
      <VoidDialog
        opened={voiding !== null}
        what={voiding ? `${formatDate(voiding.date)} · ${t(`visitKind.${voiding.kind}`)}` : ''}
        onClose={() => setVoiding(null)}
        onVoid={async (reason) => {
          const r = await call('visits.void', { id: voiding!.id, reason });
          if (r.ok && client) void load(client.id);
          return r;
        }}
      />
    </Stack>
  );
}

// Activities: advocacy meetings, trainings of clients, media publications. A meeting may have
// participants from several institutions: one row each (institution and participants), stored as
// one activity row per institution with the same date, title and site, which the reports count as
// one meeting (indicators.md `meetings`) and which this list shows and voids as one. A training
// has a topic (secondary exchange, overdose response, other) and the clients trained, by code.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Badge, Button, Grid, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_TYPES, INSTITUTIONS, LIMITS, TRAINING_TOPICS, type ActivityType, type Institution, type TrainingTopic } from '../../../shared/domain';
import { localToday } from '../../../shared/dates';
import { call, type ApiError } from '../api';
import { CodeSearch } from '../components/CodeSearch';
import { DateField } from '../components/DateField';
import { QtyInput, badQty, qty } from '../components/QtyInput';
import { VoidDialog } from '../components/VoidDialog';
import { placeApiError, sameNames } from '../hooks/apiErrors';
import { useCatalogue } from '../hooks/useCatalogue';
import { formatDate, formatNumber } from '../i18n';
import type { ActivityRecord, ClientSummary } from '../types';
import type { Result } from '../../../shared/result';

interface InstitutionRow {
  institution: Institution | null;
  participants: string;
}

interface Values {
  date: string;
  type: ActivityType;
  title: string;
  participants: string;
  institution: Institution | null;
  /** A meeting's institutions, one row each (at least one row shown). */
  rows: InstitutionRow[];
  topic: TrainingTopic | null;
  siteId: string | null;
}

/** The most institutions one meeting takes (the core's limit). */
const MAX_ROWS = 5;
const emptyRow = (): InstitutionRow => ({ institution: null, participants: '' });

/** Rows of one meeting as the reports see them: same date, type, title (trimmed, any case) and site. */
const meetingKey = (a: ActivityRecord) => `${a.date}|${a.type}|${(a.title ?? '').trim().toLocaleLowerCase('lt')}|${a.siteId ?? ''}|${a.voided}`;

/** The list's lines: a meeting's rows together, anything else one line each. */
function lines(list: readonly ActivityRecord[]): ActivityRecord[][] {
  const out: ActivityRecord[][] = [];
  const meetings = new Map<string, ActivityRecord[]>();
  for (const a of list) {
    if (a.type !== 'meeting') {
      out.push([a]);
      continue;
    }
    const key = meetingKey(a);
    const line = meetings.get(key);
    if (line) line.push(a);
    else {
      const fresh = [a];
      meetings.set(key, fresh);
      out.push(fresh);
    }
  }
  // A meeting's institutions in the order they were entered.
  return out.map((line) => (line.length > 1 ? [...line].sort((x, y) => x.id - y.id) : line));
}

export function ActivitiesScreen() {
  const { t } = useTranslation();
  const { sites } = useCatalogue();
  const [list, setList] = useState<ActivityRecord[]>([]);
  const [trained, setTrained] = useState<ClientSummary[]>([]);
  const [general, setGeneral] = useState<string | null>(null);
  const [voiding, setVoiding] = useState<ActivityRecord[] | null>(null);
  const year = localToday().slice(0, 4);
  const form = useForm<Values>({
    initialValues: { date: localToday(), type: 'meeting', title: '', participants: '', institution: null, rows: [emptyRow()], topic: null, siteId: null },
  });

  const load = useCallback(async () => {
    const r = await call('activities.list', { from: `${year}-01-01`, to: `${year}-12-31` });
    if (r.ok) setList(r.value);
  }, [year]);
  useEffect(() => {
    void load();
  }, [load]);

  const v = form.values;
  const meeting = v.type === 'meeting';
  const training = v.type === 'training';
  const rowsTotal = v.rows.reduce((sum, r) => sum + (badQty(r.participants) ? 0 : qty(r.participants)), 0);

  const submit = form.onSubmit(async (v) => {
    setGeneral(null);
    const several = meeting && v.rows.length > 1;
    if (meeting) {
      // Digits only, and with several institutions each row names its institution.
      let refused = false;
      v.rows.forEach((r, i) => {
        if (badQty(r.participants)) refused = true;
        if (several && !r.institution) {
          form.setFieldError(`rows.${i}.institution`, t('activities.institutionRequired'));
          refused = true;
        }
      });
      if (refused) return;
    } else if (badQty(v.participants)) return;
    const single = meeting ? v.rows[0] : { institution: training ? null : v.institution, participants: v.participants };
    const r = await call('activities.create', {
      date: v.date,
      type: v.type,
      title: v.title.trim() || null,
      participants: several ? 0 : qty(single.participants),
      institution: several ? null : single.institution,
      institutions: several ? v.rows.map((row) => ({ institution: row.institution!, participants: qty(row.participants) })) : [],
      siteId: v.siteId ? Number(v.siteId) : null,
      topic: training ? v.topic : null,
      trainedCodes: training ? trained.map((c) => c.code) : [],
    });
    if (!r.ok) {
      setGeneral(
        placeApiError(r.error, form, {
          ...sameNames('date', 'type', 'title', 'siteId', 'topic'),
          participants: meeting ? 'rows.0.participants' : 'participants',
          institution: meeting ? 'rows.0.institution' : 'institution',
          ...Object.fromEntries(v.rows.flatMap((_, i) => [[`institutions.${i}.institution`, `rows.${i}.institution`], [`institutions.${i}.participants`, `rows.${i}.participants`]])),
        }),
      );
      return;
    }
    notifications.show({ color: 'teal', message: t('activities.saved') });
    form.setValues({ title: '', participants: '', institution: null, rows: [emptyRow()] });
    setTrained([]);
    void load();
  });

  const setRow = (i: number, patch: Partial<InstitutionRow>) => {
    form.setFieldValue('rows', (rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    form.clearFieldError(`rows.${i}.institution`);
    form.clearFieldError(`rows.${i}.participants`);
  };
  const institutionOptions = INSTITUTIONS.map((i) => ({ value: i, label: t(`institution.${i}`) }));

  const voidAll = async (rows: ActivityRecord[], reason: string): Promise<Result<unknown>> => {
    for (const a of rows) {
      const r = await call('activities.void', { id: a.id, reason });
      if (!r.ok) {
        void load();
        return r as { ok: false; error: ApiError };
      }
    }
    void load();
    return { ok: true, value: null };
  };

  const what = (line: ActivityRecord[]) => {
    const a = line[0];
    const institutions = line.filter((x) => x.institution).map((x) => (line.length > 1 ? `${t(`institution.${x.institution}`)} ${formatNumber(x.participants)}` : t(`institution.${x.institution}`)));
    return [a.title ?? '', institutions.length > 0 ? `(${institutions.join(', ')})` : ''].filter(Boolean).join(' ');
  };

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('activities.title')}
      </Title>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Paper withBorder p="md" component="form" noValidate onSubmit={submit} aria-label={t('activities.form')}>
            <Stack gap="xs">
              {general && (
                <Alert color="red" role="alert">
                  {general}
                </Alert>
              )}
              <Group grow align="flex-start">
                <DateField label={t('common.date')} value={v.date} onChange={(d) => form.setFieldValue('date', d)} error={form.errors.date} />
                <Select label={t('activities.type')} allowDeselect={false} data={ACTIVITY_TYPES.map((a) => ({ value: a, label: t(`activityType.${a}`) }))} {...form.getInputProps('type')} />
              </Group>
              <TextInput label={t('activities.what')} maxLength={LIMITS.title} {...form.getInputProps('title')} />
              {meeting ? (
                // The first row reads as one institution and its participants; each further row is another institution of the same meeting.
                <Stack gap={4} role="group" aria-label={t('activities.institutions')}>
                  {v.rows.map((row, i) => (
                    <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
                      <Select
                        label={i === 0 ? t('activities.institution') : undefined}
                        aria-label={i === 0 ? undefined : t('activities.institutionN', { n: i + 1 })}
                        placeholder={t('activities.institution')}
                        style={{ flex: 1 }}
                        clearable={v.rows.length === 1}
                        data={institutionOptions}
                        value={row.institution}
                        error={form.errors[`rows.${i}.institution`]}
                        onChange={(x) => setRow(i, { institution: x as Institution | null })}
                      />
                      <QtyInput
                        label={i === 0 ? t('activities.participants') : null}
                        aria-label={i === 0 ? undefined : t('activities.participantsN', { n: i + 1 })}
                        w={110}
                        value={row.participants}
                        error={form.errors[`rows.${i}.participants`]}
                        onChange={(p) => setRow(i, { participants: p })}
                      />
                      {v.rows.length > 1 && (
                        <Button
                          variant="subtle"
                          color="gray"
                          px={8}
                          mt={i === 0 ? 25 : 0}
                          aria-label={t('activities.removeInstitution', { n: i + 1 })}
                          onClick={() => form.setFieldValue('rows', (rows) => rows.filter((_, j) => j !== i))}
                        >
                          ✕
                        </Button>
                      )}
                    </Group>
                  ))}
                  <Group justify="space-between">
                    <Button
                      variant="default"
                      size="compact-sm"
                      disabled={v.rows.length >= MAX_ROWS}
                      onClick={() => form.setFieldValue('rows', (rows) => [...rows, emptyRow()])}
                    >
                      {t('activities.addInstitution')}
                    </Button>
                    {v.rows.length > 1 && (
                      <Text size="sm" data-testid="meeting-total">
                        {t('activities.participantsTotal', { n: formatNumber(rowsTotal) })}
                      </Text>
                    )}
                  </Group>
                </Stack>
              ) : (
                <Group grow align="flex-start">
                  <QtyInput label={t('activities.participants')} value={v.participants} onChange={(p) => form.setFieldValue('participants', p)} error={form.errors.participants} />
                  {training ? (
                    <Select
                      label={t('activities.topic')}
                      clearable
                      data={TRAINING_TOPICS.map((x) => ({ value: x, label: t(`trainingTopic.${x}`) }))}
                      {...form.getInputProps('topic')}
                    />
                  ) : (
                    <Select label={t('activities.institution')} clearable data={institutionOptions} {...form.getInputProps('institution')} />
                  )}
                </Group>
              )}
              <Select label={t('desk.site')} clearable data={sites.filter((s) => s.active).map((s) => ({ value: String(s.id), label: s.name }))} {...form.getInputProps('siteId')} />
              {training && (
                <Stack gap={4}>
                  <CodeSearch label={t('activities.trained')} size="sm" exclude={trained.map((c) => c.id)} onPick={(c) => setTrained((ts) => [...ts, c])} />
                  <Group gap={6} data-testid="trained">
                    {trained.map((c) => (
                      <Badge key={c.id} variant="outline" size="lg" ff="monospace" rightSection={
                        <Button size="compact-xs" variant="transparent" aria-label={t('activities.removeTrained', { code: c.code })} onClick={() => setTrained((ts) => ts.filter((x) => x.id !== c.id))}>
                          ✕
                        </Button>
                      }>
                        {c.code}
                      </Badge>
                    ))}
                  </Group>
                </Stack>
              )}
              <Button type="submit" loading={form.submitting}>
                {t('common.save')}
              </Button>
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Paper withBorder p="sm" component="section" aria-labelledby="act-list">
            <Title order={3} size="h4" id="act-list" mb="xs">
              {t('activities.thisYear', { year })}
            </Title>
            {list.length === 0 ? (
              <Text size="sm">{t('common.none')}</Text>
            ) : (
              <Table striped verticalSpacing={4}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('common.date')}</Table.Th>
                    <Table.Th>{t('activities.type')}</Table.Th>
                    <Table.Th>{t('activities.what')}</Table.Th>
                    <Table.Th ta="right">{t('activities.participants')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {lines(list).map((line) => {
                    const a = line[0];
                    return (
                      <Table.Tr key={a.id} td={a.voided ? 'line-through' : undefined}>
                        <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>{formatDate(a.date)}</Table.Td>
                        <Table.Td style={{ verticalAlign: 'top' }}>
                          {t(`activityType.${a.type}`)}
                          {a.topic && <Text size="xs">{t(`trainingTopic.${a.topic}`)}</Text>}
                        </Table.Td>
                        <Table.Td style={{ verticalAlign: 'top' }}>
                          {what(line)}
                          {a.trainedCodes.length > 0 && (
                            <Text size="xs" ff="monospace">
                              {t('activities.trainedList', { codes: a.trainedCodes.join(', ') })}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td className="num" style={{ verticalAlign: 'top' }}>
                          {formatNumber(line.reduce((sum, x) => sum + x.participants, 0))}
                        </Table.Td>
                        <Table.Td style={{ verticalAlign: 'top' }}>
                          {a.voided ? (
                            <Text size="xs">{t('common.voided')}</Text>
                          ) : (
                            <Button size="compact-xs" variant="subtle" color="red.9" onClick={() => setVoiding(line)}>
                              {t('common.void')}
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
      <VoidDialog
        opened={voiding !== null}
        what={voiding ? `${formatDate(voiding[0].date)} · ${t(`activityType.${voiding[0].type}`)}` : ''}
        onClose={() => setVoiding(null)}
        onVoid={(reason) => voidAll(voiding!, reason)}
      />
    </Stack>
  );
}

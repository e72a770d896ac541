// Activities: advocacy meetings, trainings of clients for secondary exchange, media publications.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Badge, Button, Grid, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_TYPES, INSTITUTIONS, type ActivityType, type Institution } from '../../../shared/domain';
import { localToday } from '../../../shared/dates';
import { call } from '../api';
import { CodeSearch } from '../components/CodeSearch';
import { DateField } from '../components/DateField';
import { QtyInput } from '../components/QtyInput';
import { VoidDialog } from '../components/VoidDialog';
import { placeApiError, sameNames } from '../hooks/apiErrors';
import { useCatalogue } from '../hooks/useCatalogue';
import { formatDate, formatNumber } from '../i18n';
import type { ActivityRecord, ClientSummary } from '../types';

interface Values {
  date: string;
  type: ActivityType;
  title: string;
  participants: string;
  institution: Institution | null;
  siteId: string | null;
}

export function ActivitiesScreen() {
  const { t } = useTranslation();
  const { sites } = useCatalogue();
  const [list, setList] = useState<ActivityRecord[]>([]);
  const [trained, setTrained] = useState<ClientSummary[]>([]);
  const [general, setGeneral] = useState<string | null>(null);
  const [voiding, setVoiding] = useState<ActivityRecord | null>(null);
  const year = localToday().slice(0, 4);
  const form = useForm<Values>({ initialValues: { date: localToday(), type: 'meeting', title: '', participants: '', institution: null, siteId: null } });

  const load = useCallback(async () => {
    const r = await call('activities.list', { from: `${year}-01-01`, to: `${year}-12-31` });
    if (r.ok) setList(r.value);
  }, [year]);
  useEffect(() => {
    void load();
  }, [load]);

  const submit = form.onSubmit(async (v) => {
    setGeneral(null);
    const r = await call('activities.create', {
      date: v.date,
      type: v.type,
      title: v.title.trim() || null,
      participants: Number(v.participants || 0),
      institution: v.institution,
      siteId: v.siteId ? Number(v.siteId) : null,
      trainedClientIds: v.type === 'training' ? trained.map((c) => c.id) : [],
    });
    if (!r.ok) {
      setGeneral(placeApiError(r.error, form, { ...sameNames('date', 'type', 'title', 'participants', 'institution', 'siteId'), trainedClientIds: 'title' }));
      return;
    }
    notifications.show({ color: 'teal', message: t('activities.saved') });
    form.setValues({ title: '', participants: '' });
    setTrained([]);
    void load();
  });

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
                <DateField label={t('common.date')} value={form.values.date} onChange={(v) => form.setFieldValue('date', v)} error={form.errors.date} />
                <Select label={t('activities.type')} allowDeselect={false} data={ACTIVITY_TYPES.map((a) => ({ value: a, label: t(`activityType.${a}`) }))} {...form.getInputProps('type')} />
              </Group>
              <TextInput label={t('activities.what')} maxLength={200} {...form.getInputProps('title')} />
              <Group grow align="flex-start">
                <QtyInput label={t('activities.participants')} value={form.values.participants} onChange={(v) => form.setFieldValue('participants', v)} error={form.errors.participants} />
                <Select label={t('activities.institution')} clearable data={INSTITUTIONS.map((i) => ({ value: i, label: t(`institution.${i}`) }))} {...form.getInputProps('institution')} />
              </Group>
              <Select label={t('desk.site')} clearable data={sites.filter((s) => s.active).map((s) => ({ value: String(s.id), label: s.name }))} {...form.getInputProps('siteId')} />
              {form.values.type === 'training' && (
                <Stack gap={4}>
                  <CodeSearch label={t('activities.trained')} size="sm" exclude={trained.map((c) => c.id)} onPick={(c) => setTrained((ts) => [...ts, c])} />
                  <Group gap={6}>
                    {trained.map((c) => (
                      <Badge key={c.id} variant="outline" size="lg" ff="monospace" rightSection={
                        <Button size="compact-xs" variant="transparent" aria-label={t('common.remove')} onClick={() => setTrained((ts) => ts.filter((x) => x.id !== c.id))}>
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
                  {list.map((a) => (
                    <Table.Tr key={a.id} td={a.voided ? 'line-through' : undefined}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(a.date)}</Table.Td>
                      <Table.Td>{t(`activityType.${a.type}`)}</Table.Td>
                      <Table.Td>
                        {a.title ?? ''}
                        {a.institution ? ` (${t(`institution.${a.institution}`)})` : ''}
                      </Table.Td>
                      <Table.Td className="num">{formatNumber(a.participants)}</Table.Td>
                      <Table.Td>
                        {a.voided ? (
                          <Text size="xs">{t('common.voided')}</Text>
                        ) : (
                          <Button size="compact-xs" variant="subtle" color="red.9" onClick={() => setVoiding(a)}>
                            {t('common.void')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
      <VoidDialog
        opened={voiding !== null}
        what={voiding ? `${formatDate(voiding.date)} · ${t(`activityType.${voiding.type}`)}` : ''}
        onClose={() => setVoiding(null)}
        onVoid={async (reason) => {
          const r = await call('activities.void', { id: voiding!.id, reason });
          if (r.ok) void load();
          return r;
        }}
      />
    </Stack>
  );
}

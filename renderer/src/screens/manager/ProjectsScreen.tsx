// Projects: donor grants with their period and budget; a project's report is the donor report.
import { useCallback, useEffect, useState } from 'react';
import { Button, Grid, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { EditPanel } from '../../components/EditPanel';
import { call } from '../../api';
import { DateField } from '../../components/DateField';
import { placeApiError } from '../../hooks/apiErrors';
import { formatDate, formatMoney } from '../../i18n';
import type { ProjectRecord } from '../../types';

interface Values { id: number | null; title: string; donor: string; from: string; to: string; budget: string; currency: string }
const blank: Values = { id: null, title: '', donor: '', from: '', to: '', budget: '', currency: 'EUR' };

/** "56 000,50" or "56000.50" → 5600050 minor units; null when it is not an amount. */
export function parseMoney(s: string): number | null {
  const clean = s.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
  const [whole, frac = ''] = clean.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

export function ProjectsScreen() {
  const { t } = useTranslation();
  const [list, setList] = useState<ProjectRecord[]>([]);
  const [general, setGeneral] = useState<string | null>(null);
  const form = useForm<Values>({ initialValues: blank });
  const load = useCallback(async () => {
    const r = await call('projects.list', {});
    if (r.ok) setList(r.value);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const edit = (p: ProjectRecord) => {
    setGeneral(null);
    form.clearErrors();
    // A budget of 0 is "no budget" (what an empty field saves): the field shows empty again.
    form.setValues({ id: p.id, title: p.title, donor: p.donor, from: p.from, to: p.to, budget: p.budgetMinor > 0 ? (p.budgetMinor / 100).toFixed(2) : '', currency: p.currency });
  };
  const submit = form.onSubmit(async (v) => {
    setGeneral(null);
    // An empty budget field saves 0, which the app reads as "no budget entered" (the donor workbook's
    // cost per output shows "–" and says why; the list shows "–").
    const minor = parseMoney(v.budget.trim() || '0');
    if (minor === null) {
      form.setFieldError('budget', t('projects.budgetFormat'));
      return;
    }
    const r = await call('projects.save', { ...(v.id ? { id: v.id } : {}), title: v.title, donor: v.donor, from: v.from, to: v.to, budgetMinor: minor, currency: v.currency.trim().toUpperCase() });
    if (!r.ok) {
      setGeneral(placeApiError(r.error, form, { title: 'title', donor: 'donor', from: 'from', to: 'to', budgetMinor: 'budget', currency: 'currency' }));
      return;
    }
    notifications.show({ color: 'teal', message: t('projects.saved', { title: r.value.title }) });
    form.setValues(blank);
    void load();
  });
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('projects.title')}
      </Title>
      <Grid gap="md">
        <Grid.Col span={8}>
          <Paper withBorder p="sm">
            {list.length === 0 ? (
              <Text size="sm">{t('common.none')}</Text>
            ) : (
              <Table striped verticalSpacing={4} aria-label={t('projects.title')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('projects.name')}</Table.Th>
                    <Table.Th>{t('projects.donor')}</Table.Th>
                    <Table.Th>{t('projects.period')}</Table.Th>
                    <Table.Th ta="right">{t('projects.budget')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>{p.title}</Table.Td>
                      <Table.Td>{p.donor}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {formatDate(p.from)} – {formatDate(p.to)}
                      </Table.Td>
                      <Table.Td className="num">{p.budgetMinor > 0 ? formatMoney(p.budgetMinor, p.currency) : '–'}</Table.Td>
                      <Table.Td>
                        <Button size="compact-xs" variant="default" onClick={() => edit(p)} aria-label={t('projects.editOne', { title: p.title })}>
                          {t('common.edit')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={4}>
          <EditPanel
            label={t('projects.form')}
            title={form.values.id ? t('projects.edit') : t('projects.add')}
            error={general}
            submitting={form.submitting}
            onSubmit={submit}
            onCancel={form.values.id !== null ? () => form.setValues(blank) : undefined}
          >
            <TextInput label={t('projects.name')} required maxLength={200} {...form.getInputProps('title')} />
            <TextInput label={t('projects.donor')} required maxLength={120} {...form.getInputProps('donor')} />
            <Group grow align="flex-start">
              <DateField label={t('common.from')} required value={form.values.from} onChange={(v) => form.setFieldValue('from', v)} error={form.errors.from} />
              <DateField label={t('common.to')} required value={form.values.to} onChange={(v) => form.setFieldValue('to', v)} error={form.errors.to} />
            </Group>
            <Group grow align="flex-start">
              <TextInput label={t('projects.budget')} inputMode="decimal" {...form.getInputProps('budget')} />
              <TextInput label={t('projects.currency')} maxLength={3} {...form.getInputProps('currency')} />
            </Group>
          </EditPanel>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

// The catalogue of items handed out and taken back, with the stock level that warns.
import { useState } from 'react';
import { Badge, Button, Checkbox, Grid, Paper, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { EditPanel } from '../../components/EditPanel';
import { call } from '../../api';
import { QtyInput } from '../../components/QtyInput';
import { placeApiError, sameNames } from '../../hooks/apiErrors';
import { useCatalogue } from '../../hooks/useCatalogue';
import { formatNumber, itemLabel } from '../../i18n';
import type { ItemRecord } from '../../types';

const CATEGORIES = ['syringe', 'needle', 'alcohol_pad', 'disinfectant', 'condom', 'other'] as const;
interface Values { id: number | null; key: string; category: ItemRecord['category']; labelLt: string; labelEn: string; lowStockThreshold: string; active: boolean }
const blank: Values = { id: null, key: '', category: 'other', labelLt: '', labelEn: '', lowStockThreshold: '', active: true };

export function CatalogueScreen() {
  const { t } = useTranslation();
  const { items, reload } = useCatalogue();
  const [general, setGeneral] = useState<string | null>(null);
  const form = useForm<Values>({ initialValues: blank });
  const edit = (i: ItemRecord) => {
    setGeneral(null);
    form.clearErrors();
    form.setValues({ id: i.id, key: i.key, category: i.category, labelLt: i.labelLt, labelEn: i.labelEn, lowStockThreshold: i.lowStockThreshold === null ? '' : String(i.lowStockThreshold), active: i.active });
  };
  const submit = form.onSubmit(async (v) => {
    setGeneral(null);
    const r = await call('items.save', {
      ...(v.id ? { id: v.id } : {}),
      key: v.key,
      category: v.category,
      labelLt: v.labelLt,
      labelEn: v.labelEn,
      lowStockThreshold: v.lowStockThreshold === '' ? null : Number(v.lowStockThreshold),
      active: v.active,
    });
    if (!r.ok) {
      setGeneral(placeApiError(r.error, form, sameNames('key', 'category', 'labelLt', 'labelEn', 'lowStockThreshold')));
      return;
    }
    notifications.show({ color: 'teal', message: t('catalogue.saved', { name: itemLabel(r.value) }) });
    form.setValues(blank);
    void reload();
  });
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('catalogue.title')}
      </Title>
      <Grid gap="md">
        <Grid.Col span={8}>
          <Paper withBorder p="sm">
            <Table striped verticalSpacing={3} aria-label={t('catalogue.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('catalogue.label')}</Table.Th>
                  <Table.Th>{t('catalogue.category')}</Table.Th>
                  <Table.Th>{t('catalogue.key')}</Table.Th>
                  <Table.Th ta="right">{t('catalogue.lowStock')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>
                      {itemLabel(i)} {!i.active && <Badge color="gray.7">{t('common.inactive')}</Badge>}
                    </Table.Td>
                    <Table.Td>{t(`category.${i.category}`)}</Table.Td>
                    <Table.Td ff="monospace" fz="sm">
                      {i.key}
                    </Table.Td>
                    <Table.Td className="num">{i.lowStockThreshold === null ? '—' : formatNumber(i.lowStockThreshold)}</Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="default" onClick={() => edit(i)} aria-label={t('catalogue.editOne', { name: itemLabel(i) })}>
                        {t('common.edit')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        </Grid.Col>
        <Grid.Col span={4}>
          <EditPanel
            label={t('catalogue.form')}
            title={form.values.id ? t('catalogue.edit') : t('catalogue.add')}
            error={general}
            submitting={form.submitting}
            onSubmit={submit}
            onCancel={form.values.id !== null ? () => form.setValues(blank) : undefined}
          >
            <TextInput label={t('catalogue.labelLt')} required maxLength={80} {...form.getInputProps('labelLt')} />
            <TextInput label={t('catalogue.labelEn')} required maxLength={80} {...form.getInputProps('labelEn')} />
            <TextInput label={t('catalogue.key')} description={t('catalogue.keyHint')} required disabled={form.values.id !== null} maxLength={40} {...form.getInputProps('key')} />
            <Select label={t('catalogue.category')} allowDeselect={false} data={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} {...form.getInputProps('category')} />
            <QtyInput label={t('catalogue.lowStock')} value={form.values.lowStockThreshold} onChange={(v) => form.setFieldValue('lowStockThreshold', v)} error={form.errors.lowStockThreshold} />
            <Checkbox label={t('common.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
          </EditPanel>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

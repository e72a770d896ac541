// Stock: the balance of every item (received minus what went out, from the last count on),
// and for the manager, receipts and counts.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Badge, Button, Grid, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { localToday } from '../../../shared/dates';
import { call } from '../api';
import { DateField } from '../components/DateField';
import { QtyInput } from '../components/QtyInput';
import { placeApiError, sameNames, generalMessage } from '../hooks/apiErrors';
import { useCatalogue } from '../hooks/useCatalogue';
import { isManager, useSession } from '../hooks/useSession';
import { formatDate, formatNumber, itemLabel } from '../i18n';
import type { StockBalance } from '../types';

function MovementForm({ kind, onSaved }: { kind: 'receive' | 'count'; onSaved(b: StockBalance[]): void }) {
  const { t } = useTranslation();
  const { items } = useCatalogue();
  const [general, setGeneral] = useState<string | null>(null);
  const form = useForm({ initialValues: { date: localToday(), itemKey: '', quantity: '', source: '' } });
  const submit = form.onSubmit(async (v) => {
    setGeneral(null);
    if (!v.itemKey) {
      form.setFieldError('itemKey', t('stock.itemRequired'));
      return;
    }
    const r =
      kind === 'receive'
        ? await call('stock.receive', { date: v.date, itemKey: v.itemKey, quantity: Number(v.quantity || 0), source: v.source.trim() || null })
        : await call('stock.count', { date: v.date, itemKey: v.itemKey, quantity: Number(v.quantity || 0) });
    if (!r.ok) {
      setGeneral(placeApiError(r.error, form, sameNames('date', 'itemKey', 'quantity', 'source')));
      return;
    }
    notifications.show({ color: 'teal', message: t(kind === 'receive' ? 'stock.received' : 'stock.counted') });
    form.setValues({ quantity: '', source: '' });
    onSaved(r.value);
  });
  return (
    <Paper withBorder p="md" component="form" noValidate onSubmit={submit} aria-label={t(`stock.${kind}Title`)}>
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t(`stock.${kind}Title`)}
        </Title>
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        <DateField label={t('common.date')} value={form.values.date} onChange={(v) => form.setFieldValue('date', v)} error={form.errors.date} />
        <Select label={t('stock.item')} required searchable data={items.filter((i) => i.active).map((i) => ({ value: i.key, label: itemLabel(i) }))} {...form.getInputProps('itemKey')} />
        <QtyInput label={kind === 'receive' ? t('stock.quantityReceived') : t('stock.quantityCounted')} value={form.values.quantity} onChange={(v) => form.setFieldValue('quantity', v)} error={form.errors.quantity} />
        {kind === 'receive' && <TextInput label={t('stock.source')} maxLength={120} {...form.getInputProps('source')} />}
        <Button type="submit" loading={form.submitting}>
          {t(`stock.${kind}Submit`)}
        </Button>
      </Stack>
    </Paper>
  );
}

export function StockScreen() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [balance, setBalance] = useState<StockBalance[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await call('stock.balance', {});
    if (r.ok) setBalance(r.value);
    else setError(generalMessage(r.error));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const manager = isManager(user);
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('stock.title')}
      </Title>
      {error && <Alert color="red">{error}</Alert>}
      <Grid gap="md">
        <Grid.Col span={manager ? 8 : 12}>
          <Paper withBorder p="sm">
            <Table striped verticalSpacing={4} aria-label={t('stock.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('stock.item')}</Table.Th>
                  <Table.Th ta="right">{t('stock.receivedCol')}</Table.Th>
                  <Table.Th ta="right">{t('stock.distributed')}</Table.Th>
                  <Table.Th>{t('stock.lastCount')}</Table.Th>
                  <Table.Th ta="right">{t('stock.balance')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {balance?.map((b) => (
                  <Table.Tr key={b.itemKey}>
                    <Table.Td>{itemLabel(b)}</Table.Td>
                    <Table.Td className="num">{formatNumber(b.received)}</Table.Td>
                    <Table.Td className="num">{formatNumber(b.distributed)}</Table.Td>
                    <Table.Td>{b.lastCount ? `${formatDate(b.lastCount.date)}: ${formatNumber(b.lastCount.quantity)}` : '—'}</Table.Td>
                    <Table.Td className="num" fw={700}>
                      {formatNumber(b.balance)}{' '}
                      {b.low && (
                        <Badge color="red.9" variant="filled" size="sm">
                          {t('stock.low')}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          {!manager && (
            <Text size="sm" mt="xs">
              {t('stock.managerOnly')}
            </Text>
          )}
        </Grid.Col>
        {manager && (
          <Grid.Col span={4}>
            <Stack gap="sm">
              <MovementForm kind="receive" onSaved={setBalance} />
              <MovementForm kind="count" onSaved={setBalance} />
            </Stack>
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}

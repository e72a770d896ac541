// Sites: the cabinet, outreach places, secondary-exchange points, the arrest house, a mobile unit.
import { useState } from 'react';
import { Badge, Button, Checkbox, Grid, Paper, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { EditPanel } from '../../components/EditPanel';
import { SITE_KINDS, type SiteKind } from '../../../../shared/domain';
import { call } from '../../api';
import { placeApiError, sameNames } from '../../hooks/apiErrors';
import { useCatalogue } from '../../hooks/useCatalogue';
import type { SiteRecord } from '../../types';

interface Values { id: number | null; name: string; kind: SiteKind; active: boolean }
const blank: Values = { id: null, name: '', kind: 'cabinet', active: true };

export function SitesScreen() {
  const { t } = useTranslation();
  const { sites, reload } = useCatalogue();
  const [general, setGeneral] = useState<string | null>(null);
  const form = useForm<Values>({ initialValues: blank });
  const edit = (s: SiteRecord) => {
    setGeneral(null);
    form.setValues({ id: s.id, name: s.name, kind: s.kind, active: s.active });
    form.clearErrors();
  };
  const submit = form.onSubmit(async (v) => {
    setGeneral(null);
    const r = await call('sites.save', { ...(v.id ? { id: v.id } : {}), name: v.name, kind: v.kind, active: v.active });
    if (!r.ok) {
      setGeneral(placeApiError(r.error, form, sameNames('name', 'kind', 'active')));
      return;
    }
    notifications.show({ color: 'teal', message: t('sites.saved', { name: r.value.name }) });
    form.setValues(blank);
    void reload();
  });
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('sites.title')}
      </Title>
      <Grid gap="md">
        <Grid.Col span={8}>
          <Paper withBorder p="sm">
            <Table striped verticalSpacing={4} aria-label={t('sites.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('sites.name')}</Table.Th>
                  <Table.Th>{t('sites.kind')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sites.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      {s.name} {!s.active && <Badge color="gray.7">{t('common.inactive')}</Badge>}
                    </Table.Td>
                    <Table.Td>{t(`siteKind.${s.kind}`)}</Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="default" onClick={() => edit(s)} aria-label={t('sites.editOne', { name: s.name })}>
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
            label={t('sites.form')}
            title={form.values.id ? t('sites.edit') : t('sites.add')}
            error={general}
            submitting={form.submitting}
            onSubmit={submit}
            onCancel={form.values.id !== null ? () => form.setValues(blank) : undefined}
          >
            <TextInput label={t('sites.name')} required maxLength={80} {...form.getInputProps('name')} />
            <Select label={t('sites.kind')} allowDeselect={false} data={SITE_KINDS.map((k) => ({ value: k, label: t(`siteKind.${k}`) }))} {...form.getInputProps('kind')} />
            <Checkbox label={t('common.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
          </EditPanel>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

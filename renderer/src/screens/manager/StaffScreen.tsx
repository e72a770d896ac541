// Staff accounts: add, change role, set a new password, disable (disabling re-keys the database
// so the old password no longer opens it).
import { useState } from 'react';
import { Alert, Badge, Button, Grid, Group, Modal, Paper, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../../shared/domain';
import { call, errorText } from '../../api';
import { placeApiError, sameNames, generalMessage } from '../../hooks/apiErrors';
import { useCatalogue } from '../../hooks/useCatalogue';
import { useSession } from '../../hooks/useSession';
import type { StaffRecord } from '../../types';

function AddStaff({ onAdded }: { onAdded(): void }) {
  const { t } = useTranslation();
  const [general, setGeneral] = useState<string | null>(null);
  const form = useForm<{ userName: string; displayName: string; role: Role; password: string }>({ initialValues: { userName: '', displayName: '', role: 'social_worker', password: '' } });
  const submit = form.onSubmit(async (v) => {
    setGeneral(null);
    const r = await call('staff.add', v);
    if (!r.ok) {
      setGeneral(placeApiError(r.error, form, sameNames('userName', 'displayName', 'role', 'password')));
      return;
    }
    notifications.show({ color: 'teal', message: t('staff.added', { name: r.value.displayName }) });
    form.reset();
    onAdded();
  });
  return (
    <Paper withBorder p="md" component="form" noValidate onSubmit={submit} aria-label={t('staff.addTitle')}>
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('staff.addTitle')}
        </Title>
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        <TextInput label={t('setup.userName')} required autoComplete="off" {...form.getInputProps('userName')} />
        <TextInput label={t('setup.displayName')} required autoComplete="off" {...form.getInputProps('displayName')} />
        <Select label={t('staff.role')} allowDeselect={false} data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} {...form.getInputProps('role')} />
        <PasswordInput label={t('staff.firstPassword')} description={t('staff.passwordHint')} required autoComplete="new-password" {...form.getInputProps('password')} />
        <Button type="submit" loading={form.submitting}>
          {t('staff.add')}
        </Button>
      </Stack>
    </Paper>
  );
}

function SetPassword({ staff, onClose }: { staff: StaffRecord; onClose(): void }) {
  const { t } = useTranslation();
  const [pw, setPw] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const r = await call('staff.setPassword', { id: staff.id, newPassword: pw });
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    notifications.show({ color: 'teal', message: t('password.changed') });
    onClose();
  };
  return (
    <form
        noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack>
        <PasswordInput label={t('password.new')} required data-autofocus autoComplete="new-password" value={pw} onChange={(e) => setPw(e.currentTarget.value)} error={error} />
        <Button type="submit">{t('password.submit')}</Button>
      </Stack>
    </form>
  );
}

export function StaffScreen() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { staff, reload } = useCatalogue();
  const [error, setError] = useState<string | null>(null);
  const [pwFor, setPwFor] = useState<StaffRecord | null>(null);
  const [disabling, setDisabling] = useState<StaffRecord | null>(null);

  const setRole = async (s: StaffRecord, role: Role) => {
    setError(null);
    const r = await call('staff.setRole', { id: s.id, role });
    if (!r.ok) setError(generalMessage(r.error));
    void reload();
  };
  const disable = async (s: StaffRecord) => {
    setError(null);
    const r = await call('staff.disable', { id: s.id });
    setDisabling(null);
    if (!r.ok) setError(generalMessage(r.error));
    else notifications.show({ color: 'teal', message: t('staff.disabled', { name: s.displayName }) });
    void reload();
  };

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('staff.title')}
      </Title>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Grid gap="md">
        {/* At 1024×768 the new-account form goes below the list instead of under its buttons. */}
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Paper withBorder p="sm">
            <Table striped verticalSpacing={4} aria-label={t('staff.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('staff.name')}</Table.Th>
                  <Table.Th>{t('setup.userName')}</Table.Th>
                  <Table.Th>{t('staff.role')}</Table.Th>
                  <Table.Th>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {staff.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      {s.displayName} {!s.active && <Badge color="gray.7">{t('common.inactive')}</Badge>}
                    </Table.Td>
                    <Table.Td ff="monospace">{s.userName}</Table.Td>
                    <Table.Td>
                      {s.active ? (
                        <Select
                          aria-label={t('staff.roleOf', { name: s.displayName })}
                          size="xs"
                          w={210}
                          allowDeselect={false}
                          value={s.role}
                          disabled={s.id === user.id}
                          data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
                          onChange={(v) => v && void setRole(s, v as Role)}
                        />
                      ) : (
                        <Text size="sm">{t(`role.${s.role}`)}</Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {s.active && (
                        <Group gap={4}>
                          <Button size="compact-xs" variant="default" onClick={() => setPwFor(s)}>
                            {t('staff.setPassword')}
                          </Button>
                          {s.id !== user.id && (
                            <Button size="compact-xs" variant="subtle" color="red.9" onClick={() => setDisabling(s)}>
                              {t('staff.disable')}
                            </Button>
                          )}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <AddStaff onAdded={() => void reload()} />
        </Grid.Col>
      </Grid>
      <Modal opened={pwFor !== null} onClose={() => setPwFor(null)} title={pwFor ? t('staff.passwordFor', { name: pwFor.displayName }) : ''}>
        {pwFor && <SetPassword staff={pwFor} onClose={() => setPwFor(null)} />}
      </Modal>
      <Modal opened={disabling !== null} onClose={() => setDisabling(null)} title={t('staff.disable')}>
        {disabling && (
          <Stack>
            <Text>{t('staff.disableConfirm', { name: disabling.displayName })}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDisabling(null)}>
                {t('common.cancel')}
              </Button>
              <Button color="red.9" onClick={() => void disable(disabling)}>
                {t('staff.disable')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

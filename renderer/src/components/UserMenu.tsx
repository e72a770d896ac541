// The user menu: who is logged in, lock (Ctrl+L), change password, log out.
import { useState } from 'react';
import { Alert, Button, Kbd, Menu, Modal, PasswordInput, Stack, Text, UnstyledButton } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { placeApiError } from '../hooks/apiErrors';
import { useSession } from '../hooks/useSession';

function ChangePassword({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [general, setGeneral] = useState<string | null>(null);
  const form = useForm({
    initialValues: { oldPassword: '', newPassword: '', repeat: '' },
    validate: { repeat: (v, all) => (v === all.newPassword ? null : t('setup.mismatch')) },
  });
  const submit = form.onSubmit(async (v) => {
    setGeneral(null);
    const r = await call('session.changePassword', { oldPassword: v.oldPassword, newPassword: v.newPassword });
    if (!r.ok) {
      setGeneral(placeApiError(r.error, form, { oldPassword: 'oldPassword', newPassword: 'newPassword', password: 'oldPassword' }));
      return;
    }
    notifications.show({ color: 'teal', message: t('password.changed') });
    onClose();
  });
  return (
    <form noValidate onSubmit={submit}>
      <Stack>
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        <PasswordInput label={t('password.old')} required autoComplete="current-password" data-autofocus {...form.getInputProps('oldPassword')} />
        <PasswordInput label={t('password.new')} required autoComplete="new-password" {...form.getInputProps('newPassword')} />
        <PasswordInput label={t('password.repeat')} required autoComplete="new-password" {...form.getInputProps('repeat')} />
        <Button type="submit" loading={form.submitting}>
          {t('password.submit')}
        </Button>
      </Stack>
    </form>
  );
}

export function UserMenu() {
  const { t } = useTranslation();
  const { user, lock, logout } = useSession();
  const [changing, setChanging] = useState(false);
  return (
    <>
      <Menu position="bottom-end" width={240} shadow="md">
        <Menu.Target>
          <UnstyledButton aria-label={t('user.menu', { name: user.displayName })} px="sm" py={4} style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4 }}>
            <Text size="sm" fw={600} lh={1.2}>
              {user.displayName}
            </Text>
            <Text size="xs" c="dimmed" lh={1.2}>
              {t(`role.${user.role}`)}
            </Text>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => void lock()} rightSection={<Kbd size="xs">Ctrl+L</Kbd>}>
            {t('user.lock')}
          </Menu.Item>
          <Menu.Item onClick={() => setChanging(true)}>{t('user.changePassword')}</Menu.Item>
          <Menu.Divider />
          <Menu.Item color="red.9" onClick={() => void logout()}>
            {t('user.logout')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={changing} onClose={() => setChanging(false)} title={t('user.changePassword')}>
        <ChangePassword onClose={() => setChanging(false)} />
      </Modal>
    </>
  );
}

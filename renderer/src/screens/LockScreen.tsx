// The locked screen: no client data, only who may unlock and a way to log out instead.
import { useState } from 'react';
import { Button, Card, Center, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { call, errorText } from '../api';
import { LanguageSwitch } from './LanguageSwitch';
import type { StaffInfo } from '../types';

export function LockScreen({ user, onUnlocked, onLogout }: { user: StaffInfo | null; onUnlocked(): void; onLogout(): void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    const r = await call('session.unlock', { password });
    setBusy(false);
    if (!r.ok) {
      setPassword('');
      setError(r.error.code === 'auth' ? t('lock.wrong') : errorText(r.error));
      return;
    }
    onUnlocked();
  };
  return (
    <Center mih="100vh" p="md" bg="gray.1">
      <Card withBorder shadow="sm" w={420} padding="xl">
        <Group justify="space-between" mb="md">
          <Title order={1} size="h2">
            {t('app.name')}
          </Title>
          <LanguageSwitch />
        </Group>
        <form
        noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack>
            <Title order={2} size="h3">
              {t('lock.title')}
            </Title>
            <Text>{user ? t('lock.who', { name: user.displayName }) : t('lock.intro')}</Text>
            <PasswordInput label={t('lock.password')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={error} autoFocus required autoComplete="current-password" />
            <Button type="submit" loading={busy}>
              {t('lock.unlock')}
            </Button>
            <Button variant="subtle" onClick={onLogout}>
              {t('lock.logout')}
            </Button>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}

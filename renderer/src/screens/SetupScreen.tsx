import { useState } from 'react';
import { Alert, Button, Card, Center, Checkbox, Code, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { generalMessage } from '../hooks/apiErrors';
import { call } from '../api';
import { LanguageSwitch } from './LanguageSwitch';

export function SetupScreen({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { userName: '', displayName: '', password: '', repeat: '' },
    validate: { repeat: (v, all) => (v === all.password ? null : t('setup.mismatch')) },
  });

  const submit = form.onSubmit(async (v) => {
    setError(null);
    const r = await call('session.setup', { userName: v.userName, displayName: v.displayName || v.userName, password: v.password });
    if (!r.ok) {
      if (r.error.field) form.setFieldError(r.error.field, r.error.message);
      else setError(generalMessage(r.error));
      return;
    }
    setRecoveryKey(r.value.recoveryKey);
  });

  return (
    <Center mih="100vh" p="md">
      <Card withBorder shadow="sm" w={480} padding="xl">
        <Group justify="space-between" mb="md">
          <Title order={1} size="h2">{t('app.name')}</Title>
          <LanguageSwitch />
        </Group>
        {recoveryKey === null ? (
          <form noValidate onSubmit={submit}>
            <Stack>
              <Title order={2} size="h3">{t('setup.title')}</Title>
              <Text c="dimmed">{t('setup.intro')}</Text>
              {error && <Alert color="red" role="alert">{error}</Alert>}
              <TextInput label={t('setup.userName')} required autoFocus autoComplete="off" {...form.getInputProps('userName')} />
              <TextInput label={t('setup.displayName')} autoComplete="off" {...form.getInputProps('displayName')} />
              <PasswordInput label={t('setup.password')} required autoComplete="new-password" {...form.getInputProps('password')} />
              <PasswordInput label={t('setup.passwordRepeat')} required autoComplete="new-password" {...form.getInputProps('repeat')} />
              <Button type="submit" loading={form.submitting}>{t('setup.create')}</Button>
            </Stack>
          </form>
        ) : (
          <Stack>
            <Title order={2} size="h3">{t('setup.recoveryTitle')}</Title>
            <Text>{t('setup.recoveryIntro')}</Text>
            <Code block fz="xl" ta="center" data-testid="recovery-key">{recoveryKey}</Code>
            <Checkbox label={t('setup.recoveryConfirm')} checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} />
            <Button disabled={!confirmed} onClick={onDone}>{t('setup.continue')}</Button>
          </Stack>
        )}
      </Card>
    </Center>
  );
}

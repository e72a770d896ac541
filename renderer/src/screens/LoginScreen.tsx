import { useState } from 'react';
import { Alert, Button, Card, Center, Group, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { generalMessage } from '../hooks/apiErrors';
import type { ChannelOutput } from '../../../shared/api';
import { call } from '../api';
import { LanguageSwitch } from './LanguageSwitch';

export function LoginScreen({ status, onDone }: { status: ChannelOutput<'session.status'>; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(status.problem);
  const form = useForm({ initialValues: { userName: '', password: '' } });
  const submit = form.onSubmit(async (v) => {
    setError(null);
    const r = await call('session.login', v);
    if (!r.ok) {
      setError(generalMessage(r.error));
      form.setFieldValue('password', '');
      return;
    }
    onDone();
  });
  return (
    <Center mih="100vh" p="md">
      <Card withBorder shadow="sm" w={420} padding="xl">
        <Group justify="space-between" mb="md">
          <Title order={1} size="h2">{t('app.name')}</Title>
          <LanguageSwitch />
        </Group>
        <form noValidate onSubmit={submit}>
          <Stack>
            <Title order={2} size="h3">{t('login.title')}</Title>
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <TextInput label={t('login.userName')} required autoFocus autoComplete="username" {...form.getInputProps('userName')} />
            <PasswordInput label={t('login.password')} required autoComplete="current-password" {...form.getInputProps('password')} />
            <Button type="submit" loading={form.submitting}>{t('login.submit')}</Button>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}

import { useState } from 'react';
import { Alert, Anchor, Button, Card, Center, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { generalMessage } from '../hooks/apiErrors';
import type { ChannelOutput } from '../../../shared/api';
import { call, errorText } from '../api';
import { LanguageSwitch } from './LanguageSwitch';

/**
 * Forgotten password: the recovery key shown once at the first run opens the database, and
 * the account gets a new password.
 */
function RecoverForm({ onDone, onBack }: { onDone(): void; onBack(): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { recoveryKey: '', userName: '', newPassword: '', repeat: '' },
    validate: { repeat: (v, all) => (v === all.newPassword ? null : t('setup.mismatch')) },
  });
  const submit = form.onSubmit(async (v) => {
    setError(null);
    const r = await call('session.recover', { recoveryKey: v.recoveryKey.trim(), userName: v.userName, newPassword: v.newPassword });
    if (!r.ok) {
      if (r.error.code === 'auth') setError(t('recover.wrongKey'));
      else if (r.error.field && ['recoveryKey', 'userName', 'newPassword'].includes(r.error.field)) form.setFieldError(r.error.field, errorText(r.error));
      else setError(generalMessage(r.error));
      return;
    }
    onDone();
  });
  return (
    <form noValidate onSubmit={submit}>
      <Stack>
        <Title order={2} size="h3">
          {t('recover.title')}
        </Title>
        <Text size="sm">{t('recover.intro')}</Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <TextInput label={t('recover.key')} required autoFocus autoComplete="off" spellCheck={false} placeholder="XXXX-XXXX-…" styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} {...form.getInputProps('recoveryKey')} />
        <TextInput label={t('login.userName')} required autoComplete="username" {...form.getInputProps('userName')} />
        <PasswordInput label={t('password.new')} description={t('recover.passwordHint')} required autoComplete="new-password" {...form.getInputProps('newPassword')} />
        <PasswordInput label={t('password.repeat')} required autoComplete="new-password" {...form.getInputProps('repeat')} />
        <Button type="submit" loading={form.submitting}>
          {t('recover.submit')}
        </Button>
        <Anchor component="button" type="button" size="sm" onClick={onBack}>
          {t('recover.back')}
        </Anchor>
      </Stack>
    </form>
  );
}

export function LoginScreen({ status, onDone, onRescue }: { status: ChannelOutput<'session.status'>; onDone: () => void; onRescue?: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(status.problem);
  const [recovering, setRecovering] = useState(false);
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
        {recovering ? (
          <RecoverForm onDone={onDone} onBack={() => setRecovering(false)} />
        ) : (
          <form noValidate onSubmit={submit}>
            <Stack>
              <Title order={2} size="h3">{t('login.title')}</Title>
              {error && <Alert color="red" role="alert">{error}</Alert>}
              <TextInput label={t('login.userName')} required autoFocus autoComplete="username" {...form.getInputProps('userName')} />
              <PasswordInput label={t('login.password')} required autoComplete="current-password" {...form.getInputProps('password')} />
              <Button type="submit" loading={form.submitting}>{t('login.submit')}</Button>
              <Anchor component="button" type="button" size="sm" onClick={() => setRecovering(true)}>
                {t('login.forgot')}
              </Anchor>
              {onRescue && (
                <Anchor component="button" type="button" size="sm" onClick={onRescue}>
                  {t('login.toRescue')}
                </Anchor>
              )}
            </Stack>
          </form>
        )}
      </Card>
    </Center>
  );
}

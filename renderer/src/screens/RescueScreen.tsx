// The database cannot be opened (damaged, or not the keyring's): say so plainly and offer the
// latest good backup. Never a crash, never a silent reset: the damaged file is kept beside
// the restored one. No login is possible here, so the backup is opened with a manager's
// user name and password as they were when the backup was taken.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Center, Code, Group, PasswordInput, Radio, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '../../../shared/api';
import { call, errorText } from '../api';
import { generalMessage } from '../hooks/apiErrors';
import { formatBytes, formatDateTime } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';

type BackupList = ChannelOutput<'session.rescueList'>;

export function RescueScreen({ problem, onRestored, onLogin }: { problem: string | null; onRestored(): void; onLogin(): void }) {
  const { t } = useTranslation();
  const [list, setList] = useState<BackupList | null>(null);
  const [file, setFile] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);
  // Asked for only when the core says today's access cannot be read (the keyring is missing or damaged).
  const [needRecovery, setNeedRecovery] = useState(false);
  const form = useForm({ initialValues: { userName: '', password: '', recoveryKey: '' } });

  const load = useCallback(async () => {
    setSearching(true);
    const r = await call('session.rescueList', {});
    setSearching(false);
    if (!r.ok) {
      setGeneral(generalMessage(r.error));
      return;
    }
    setList(r.value);
    // The newest first: the latest good backup is the one offered.
    setFile((f) => (f && r.value.backups.some((b) => b.file === f) ? f : (r.value.backups[0]?.file ?? null)));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const submit = form.onSubmit(async (v) => {
    setGeneral(null);
    if (!file) return;
    const recoveryKey = needRecovery && v.recoveryKey.trim() !== '' ? v.recoveryKey : undefined;
    const r = await call('session.rescueRestore', { file, userName: v.userName, password: v.password, ...(recoveryKey ? { recoveryKey } : {}) });
    if (!r.ok) {
      if (r.error.code === 'auth' && r.error.field === 'recoveryKey') {
        setNeedRecovery(true);
        if (recoveryKey) form.setFieldError('recoveryKey', t('rescue.wrongRecovery'));
        else setGeneral(t('rescue.recoveryNeeded'));
        return;
      }
      form.setFieldValue('password', '');
      if (r.error.code === 'auth' && r.error.field === 'password') setGeneral(t('rescue.validNow'));
      else if (r.error.code === 'auth') setGeneral(t('rescue.wrongPassword'));
      else if (r.error.code === 'forbidden') setGeneral(t('rescue.managerOnly'));
      else if (r.error.field === 'userName' || r.error.field === 'password') form.setFieldError(r.error.field, errorText(r.error));
      else setGeneral(generalMessage(r.error));
      return;
    }
    onRestored();
  });

  const backups = list?.backups ?? [];
  return (
    <Center mih="100vh" p="md">
      <Card withBorder shadow="sm" w={760} padding="xl">
        <Group justify="space-between" mb="md">
          <Title order={1} size="h2">
            {t('app.name')}
          </Title>
          <LanguageSwitch />
        </Group>
        <Stack gap="sm">
          <Title order={2} size="h3">
            {t('rescue.title')}
          </Title>
          <Alert color="red" title={t('rescue.whatTitle')}>
            <Text size="sm">{t('rescue.what')}</Text>
            {problem && (
              <Text size="sm" mt={4} c="dimmed" data-testid="rescue-problem">
                {problem}
              </Text>
            )}
          </Alert>
          <Text size="sm">{t('rescue.nothingLost')}</Text>
          {list && backups.length === 0 && (
            <Alert color="yellow" title={t('rescue.noneTitle')}>
              <Text size="sm">{t('rescue.none', { folder: list.folder })}</Text>
              <Button mt="xs" size="compact-sm" variant="default" loading={searching} onClick={() => void load()}>
                {t('rescue.searchAgain')}
              </Button>
            </Alert>
          )}
          {backups.length > 0 && (
            <form noValidate onSubmit={submit}>
              <Stack gap="sm">
                <Text size="sm">
                  {t('rescue.found')} <Code>{list?.folder}</Code>
                </Text>
                <Radio.Group value={file} onChange={setFile} label={t('rescue.choose')}>
                  <Table verticalSpacing={4} mt={4} aria-label={t('rescue.choose')}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w={40} />
                        <Table.Th>{t('backups.takenAt')}</Table.Th>
                        <Table.Th>{t('backups.kind')}</Table.Th>
                        <Table.Th ta="right">{t('backups.size')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {backups.slice(0, 8).map((b, i) => (
                        <Table.Tr key={b.file}>
                          <Table.Td>
                            <Radio value={b.file} aria-label={t('rescue.pick', { when: formatDateTime(b.modifiedAt, true) })} />
                          </Table.Td>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>
                            {formatDateTime(b.modifiedAt, true)}{' '}
                            {i === 0 && (
                              <Badge size="sm" variant="outline" color="teal.9">
                                {t('rescue.latest')}
                              </Badge>
                            )}
                          </Table.Td>
                          <Table.Td>{t(`backups.kindName.${b.kind}`)}</Table.Td>
                          <Table.Td className="num" style={{ whiteSpace: 'nowrap' }}>
                            {formatBytes(b.bytes)}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Radio.Group>
                <Text size="sm">{t('rescue.passwordHint')}</Text>
                {general && (
                  <Alert color="red" role="alert">
                    {general}
                  </Alert>
                )}
                <Group grow align="flex-start">
                  <TextInput label={t('login.userName')} required autoComplete="username" autoFocus {...form.getInputProps('userName')} />
                  <PasswordInput label={t('rescue.password')} required autoComplete="current-password" {...form.getInputProps('password')} />
                </Group>
                {needRecovery && (
                  <TextInput
                    label={t('rescue.recoveryKey')}
                    required
                    autoComplete="off"
                    spellCheck={false}
                    placeholder="XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"
                    data-testid="rescue-recovery-key"
                    autoFocus
                    {...form.getInputProps('recoveryKey')}
                  />
                )}
                <Group justify="space-between">
                  <Button type="submit" loading={form.submitting} disabled={!file}>
                    {t('rescue.restore')}
                  </Button>
                  <Anchor component="button" type="button" size="sm" onClick={onLogin}>
                    {t('rescue.toLogin')}
                  </Anchor>
                </Group>
              </Stack>
            </form>
          )}
          {!list && general && (
            <Alert color="red" role="alert">
              {general}
            </Alert>
          )}
          {backups.length === 0 && (
            <Anchor component="button" type="button" size="sm" onClick={onLogin} ta="left">
              {t('rescue.toLogin')}
            </Anchor>
          )}
        </Stack>
      </Card>
    </Center>
  );
}

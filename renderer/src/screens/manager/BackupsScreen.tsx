// Backups (manager): the folder they go to (a USB stick or a network drive), a backup now,
// the list of copies, and a restore. Automatic copies are taken daily and on quit by the app
// itself; a restore keeps the replaced file beside it and asks for a new login.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Code, Grid, Group, Modal, Paper, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '../../../../shared/api';
import { call, errorText } from '../../api';
import { BusyBar } from '../../components/BusyBar';
import { generalMessage } from '../../hooks/apiErrors';
import { useSession } from '../../hooks/useSession';
import { formatBytes, formatDateTime } from '../../i18n';
import { chooseFolder } from '../../files';

type BackupList = ChannelOutput<'backup.list'>;
type Backup = BackupList['backups'][number];

function RestoreDialog({ backup, onClose }: { backup: Backup | null; onClose(): void }) {
  const { t } = useTranslation();
  const { logout } = useSession();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setPassword('');
    setError(null);
    onClose();
  };
  const submit = async () => {
    if (!backup) return;
    if (!password) {
      setError(t('backups.passwordRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    const r = await call('backup.restore', { file: backup.file, password });
    setBusy(false);
    if (!r.ok) {
      setPassword('');
      setError(r.error.code === 'auth' ? t('backups.wrongPassword') : r.error.field ? errorText(r.error) : generalMessage(r.error));
      return;
    }
    notifications.show({ color: 'teal', autoClose: 10_000, message: t('backups.restored', { when: formatDateTime(backup.modifiedAt, true) }) });
    // The restored database may know other accounts: log in again (loginAgain is always true).
    await logout();
  };
  return (
    <Modal opened={backup !== null} onClose={close} title={t('backups.restoreTitle')} size="lg">
      {backup && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack>
            <Text size="sm">{t('backups.restoreIntro', { when: formatDateTime(backup.modifiedAt, true) })}</Text>
            <Text size="sm">{t('backups.restoreKept')}</Text>
            <PasswordInput label={t('rescue.password')} required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={error} data-autofocus autoComplete="current-password" />
            {busy && <BusyBar label={t('backups.restoring')} job="backup.restore" />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close} disabled={busy}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red.9" loading={busy}>
                {t('backups.restoreSubmit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

export function BackupsScreen() {
  const { t } = useTranslation();
  const [list, setList] = useState<BackupList | null>(null);
  const [folder, setFolder] = useState('');
  const [folderError, setFolderError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [taking, setTaking] = useState(false);
  const [restoring, setRestoring] = useState<Backup | null>(null);

  const load = useCallback(async () => {
    const r = await call('backup.list', {});
    if (!r.ok) {
      setError(generalMessage(r.error));
      return;
    }
    setList(r.value);
    setFolder((f) => f || r.value.folder);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const saveFolder = async () => {
    setFolderError(null);
    setError(null);
    if (!folder.trim()) {
      setFolderError(t('backups.folderRequired'));
      return;
    }
    setSaving(true);
    const r = await call('backup.setFolder', { folder: folder.trim() });
    setSaving(false);
    if (!r.ok) {
      if (r.error.field === 'folder') setFolderError(errorText(r.error));
      else setError(generalMessage(r.error));
      return;
    }
    setFolder(r.value.folder);
    notifications.show({ color: 'teal', message: t('backups.folderSaved', { folder: r.value.folder }) });
    void load();
  };

  const takeNow = async () => {
    setError(null);
    setTaking(true);
    const r = await call('backup.now', {});
    setTaking(false);
    if (!r.ok) {
      setError(generalMessage(r.error));
      return;
    }
    notifications.show({ color: 'teal', message: t('backups.taken', { size: formatBytes(r.value.bytes) }) });
    void load();
  };

  const backups = list?.backups ?? [];
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('backups.title')}
      </Title>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={8}>
          <Paper withBorder p="sm">
            <Group justify="space-between" mb="xs">
              <Title order={3} size="h4">
                {t('backups.listTitle', { n: backups.length })}
              </Title>
              <Button onClick={() => void takeNow()} loading={taking}>
                {t('backups.now')}
              </Button>
            </Group>
            {taking && <BusyBar label={t('backups.taking')} job="backup.now" />}
            {list && (
              <Text size="xs" c="dimmed" mb={4}>
                {t('backups.in')} <Code>{list.folder}</Code>
              </Text>
            )}
            {list && backups.length === 0 ? (
              <Text size="sm">{t('backups.none')}</Text>
            ) : (
              <Table striped verticalSpacing={4} aria-label={t('backups.listLabel')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('backups.takenAtFile')}</Table.Th>
                    <Table.Th>{t('backups.kind')}</Table.Th>
                    <Table.Th ta="right">{t('backups.size')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {backups.map((b) => (
                    <Table.Tr key={b.file}>
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {formatDateTime(b.modifiedAt, true)}
                        </Text>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {b.name}
                        </Text>
                        {!b.hasKeyring && (
                          <Text size="xs" c="red.9">
                            {t('backups.noKeyring')}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={b.kind === 'manual' ? 600 : 400}>
                          {t(`backups.kindName.${b.kind}`)}
                        </Text>
                      </Table.Td>
                      <Table.Td className="num" style={{ whiteSpace: 'nowrap' }}>
                        {formatBytes(b.bytes)}
                      </Table.Td>
                      <Table.Td ta="right">
                        <Button size="compact-xs" variant="default" disabled={!b.hasKeyring} onClick={() => setRestoring(b)} aria-label={t('backups.restoreOne', { when: formatDateTime(b.modifiedAt, true) })}>
                          {t('backups.restore')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={4}>
          <Stack gap="sm">
            <Paper
              withBorder
              p="md"
              component="form"
              noValidate
              aria-label={t('backups.folderTitle')}
              onSubmit={(e) => {
                e.preventDefault();
                void saveFolder();
              }}
            >
              <Stack gap="xs">
                <Title order={3} size="h4">
                  {t('backups.folderTitle')}
                </Title>
                <Text size="sm">{t('backups.folderIntro')}</Text>
                <TextInput
                  label={t('backups.folder')} description={t('backups.folderHint')} value={folder} onChange={(e) => setFolder(e.currentTarget.value)} error={folderError} spellCheck={false}
                  rightSectionWidth={window.dialogs ? 110 : undefined}
                  rightSection={window.dialogs ? (
                    <Button size="compact-sm" variant="default" onClick={() => void chooseFolder().then((f) => f && setFolder(f))}>
                      {t('backups.choose')}
                    </Button>
                  ) : undefined}
                />
                <Group>
                  <Button type="submit" loading={saving}>
                    {t('backups.folderSave')}
                  </Button>
                </Group>
              </Stack>
            </Paper>
            <Paper withBorder p="md">
              <Title order={3} size="h5" mb={4}>
                {t('backups.autoTitle')}
              </Title>
              <Text size="sm">{t('backups.auto')}</Text>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
      <RestoreDialog backup={restoring} onClose={() => setRestoring(null)} />
    </Stack>
  );
}

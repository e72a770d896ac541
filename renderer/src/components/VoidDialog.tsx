// Voiding a record: nothing is deleted; a reason is required and goes to the audit log.
import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorText, type ApiError } from '../api';
import type { Result } from '../../../shared/result';

export function VoidDialog({ opened, what, onClose, onVoid }: { opened: boolean; what: string; onClose(): void; onVoid(reason: string): Promise<Result<unknown>> }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setReason('');
    setError(null);
    onClose();
  };
  const submit = async () => {
    if (!reason.trim()) {
      setError(t('void.reasonRequired'));
      return;
    }
    setBusy(true);
    const r = await onVoid(reason.trim());
    setBusy(false);
    if (!r.ok) {
      setError(errorText(r.error as ApiError));
      return;
    }
    close();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('void.title')}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm">{t('void.intro', { what })}</Text>
          <TextInput label={t('void.reason')} required maxLength={200} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={error} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red.9" loading={busy}>
              {t('void.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

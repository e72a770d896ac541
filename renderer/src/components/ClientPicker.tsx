// Choosing the client a screen works on: the code field, registration of an unknown code
// (when allowed), and the chosen client with a way to change it.
import { forwardRef, useState } from 'react';
import { Button, Group, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CodeSearch } from './CodeSearch';
import { RegisterClient } from './RegisterClient';
import type { ClientSummary } from '../types';

export interface ClientPickerProps {
  label: string;
  client: ClientSummary | null;
  onChange(client: ClientSummary | null): void;
  allowRegister?: boolean;
  autoFocus?: boolean;
  extra?: React.ReactNode;
}

export const ClientPicker = forwardRef<HTMLInputElement, ClientPickerProps>(function ClientPicker({ label, client, onChange, allowRegister, autoFocus, extra }, ref) {
  const { t } = useTranslation();
  const [registering, setRegistering] = useState<string | null>(null);
  if (registering !== null) {
    return (
      <RegisterClient
        initialCode={registering}
        onRegistered={(c) => {
          setRegistering(null);
          onChange(c);
        }}
        onPickExisting={(c) => {
          setRegistering(null);
          onChange(c);
        }}
        onCancel={() => setRegistering(null)}
      />
    );
  }
  if (client) {
    return (
      <Paper withBorder px="md" py="xs">
        <Group justify="space-between">
          <Group gap="sm">
            <Text size="sm" c="dimmed">
              {label}:
            </Text>
            <Text ff="monospace" fw={700} fz="lg" data-testid="picked-client">
              {client.code}
            </Text>
          </Group>
          <Button variant="default" size="compact-sm" onClick={() => onChange(null)}>
            {t('picker.change')}
          </Button>
        </Group>
      </Paper>
    );
  }
  return (
    <Group align="flex-end" gap="md" wrap="nowrap">
      <div style={{ flex: '0 0 380px' }}>
        <CodeSearch ref={ref} label={label} autoFocus={autoFocus} onPick={onChange} onRegister={allowRegister ? setRegistering : undefined} />
      </div>
      {extra}
    </Group>
  );
});

// The side panel of the manager's list screens: a titled form with the core's general error
// above its fields, Save, and Cancel while an existing record is being edited.
import type { FormEvent, ReactNode } from 'react';
import { Alert, Button, Group, Paper, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface EditPanelProps {
  /** The form's accessible name. */
  label: string;
  title: string;
  error: string | null;
  submitting: boolean;
  onSubmit(event?: FormEvent<HTMLFormElement>): void;
  /** Shown while an existing record is edited: back to a blank form. */
  onCancel?: () => void;
  children: ReactNode;
}

export function EditPanel({ label, title, error, submitting, onSubmit, onCancel, children }: EditPanelProps) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" component="form" noValidate onSubmit={onSubmit} aria-label={label}>
      <Stack gap="xs">
        <Title order={3} size="h4">
          {title}
        </Title>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {children}
        <Group>
          <Button type="submit" loading={submitting}>
            {t('common.save')}
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

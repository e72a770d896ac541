// A long operation under way: what is being done, the seconds so far, and a bar. The core
// answers in one go, so the bar runs until the answer (or shows the share read, when known).
import { useEffect, useState } from 'react';
import { Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function BusyBar({ label, fraction }: { label: string; fraction?: number }) {
  const { t } = useTranslation();
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const timer = window.setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 500);
    return () => window.clearInterval(timer);
  }, []);
  const known = fraction !== undefined;
  const percent = known ? Math.round(Math.min(1, Math.max(0, fraction)) * 100) : 100;
  return (
    <Stack gap={4} role="status" aria-live="polite">
      <Group justify="space-between" gap="xs">
        <Text size="sm">{label}</Text>
        <Text size="xs" c="dimmed">
          {known ? `${percent} %` : t('busy.seconds', { n: seconds })}
        </Text>
      </Group>
      <Progress value={percent} striped={!known} animated={!known} aria-label={label} size="md" />
    </Stack>
  );
}

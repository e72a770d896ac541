// A long operation under way: what is being done and a bar. For a long job of the core (a
// channel marked `long`: reports, workbooks, imports, exports, backups) the bar shows the job's
// own phase and share done, as the core reports it, and a Stop button while it can still be
// stopped without anything written. Without progress notices (the browser bridge) the bar runs
// with the seconds so far until the answer comes.
import { useEffect, useState } from 'react';
import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Channel } from '../../../shared/api';
import { call } from '../api';
import { noticeSchema } from '../../../shared/notices';

interface JobProgress {
  phase: string;
  done: number;
  total: number;
}

/** The latest progress of a long job of the core while the component is shown. */
function useJobProgress(job: Channel | undefined): JobProgress | null {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  useEffect(() => {
    if (!job || !window.notices) return;
    return window.notices.subscribe((raw) => {
      const n = noticeSchema.safeParse(raw);
      if (n.success && n.data.type === 'progress' && n.data.channel === job) setProgress({ phase: n.data.phase, done: n.data.done, total: n.data.total });
    });
  }, [job]);
  return progress;
}

export function BusyBar({ label, fraction, job }: { label: string; fraction?: number; job?: Channel }) {
  const { t } = useTranslation();
  const [seconds, setSeconds] = useState(0);
  const [stopping, setStopping] = useState(false);
  const progress = useJobProgress(job);
  useEffect(() => {
    const started = Date.now();
    const timer = window.setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 500);
    return () => window.clearInterval(timer);
  }, []);
  const share = progress && progress.total > 0 ? progress.done / progress.total : fraction;
  const known = share !== undefined;
  const percent = known ? Math.round(Math.min(1, Math.max(0, share)) * 100) : 100;
  const phase = progress ? t(`busy.phase.${progress.phase}`, { defaultValue: progress.phase }) : null;
  const stop = async () => {
    setStopping(true);
    await call('session.cancelJob', {});
  };
  return (
    <Stack gap={4} role="status" aria-live="polite">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm">
          {label}
          {phase ? ` — ${phase}` : ''}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed">
            {known ? `${percent} %` : t('busy.seconds', { n: seconds })}
          </Text>
          {job && (!progress || progress.done < progress.total) && (
            <Button size="compact-xs" variant="default" onClick={() => void stop()} disabled={stopping}>
              {stopping ? t('busy.stopping') : t('busy.cancel')}
            </Button>
          )}
        </Group>
      </Group>
      <Progress value={percent} striped={!known} animated={!known} aria-label={label} size="md" />
    </Stack>
  );
}

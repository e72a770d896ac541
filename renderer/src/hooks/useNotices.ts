// Notices of work behind the window, from the main process (Electron's preload exposes
// window.notices): the day's backup running and ending, or the core's thread having stopped.
// Shown as one notification that updates in place; without the preload (the browser bridge) none.
import { useEffect } from 'react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { noticeSchema } from '../../../shared/notices';

declare global {
  interface Window {
    notices?: { subscribe(listener: (notice: unknown) => void): () => void };
  }
}

const BACKUP = 'slenkstis-backup';

export function useNotices(onStopped: () => void): void {
  const { t } = useTranslation();
  useEffect(() => {
    if (!window.notices) return;
    return window.notices.subscribe((raw) => {
      const parsed = noticeSchema.safeParse(raw);
      if (!parsed.success || parsed.data.type === 'progress') return;
      const n = parsed.data;
      if (n.type === 'stopped') {
        notifications.show({ color: 'red', autoClose: false, message: t('notice.coreStopped') });
        onStopped();
        return;
      }
      if (n.state === 'running') {
        notifications.show({ id: BACKUP, loading: true, autoClose: false, withCloseButton: false, message: t(n.onQuit ? 'notice.backupOnQuit' : 'notice.backupRunning') });
      } else if (n.state === 'done') {
        notifications.update({ id: BACKUP, loading: false, color: 'teal', autoClose: 4000, withCloseButton: true, message: t('notice.backupDone') });
      } else {
        notifications.update({ id: BACKUP, loading: false, color: 'red', autoClose: false, withCloseButton: true, message: t('notice.backupFailed') });
      }
    });
  }, [t, onStopped]);
}

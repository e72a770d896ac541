// The session as screens: first run, login, the lock screen, the restore offer when the
// database cannot be read, and the app itself. A locked session unmounts the whole app:
// nothing of a client stays on screen.
import { useCallback, useEffect, useState } from 'react';
import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { call, onCoreLocked, onCoreUnreadable } from './api';
import { currentLanguage, setLanguage } from './i18n';
import { SetupScreen } from './screens/SetupScreen';
import { LoginScreen } from './screens/LoginScreen';
import { LockScreen } from './screens/LockScreen';
import { RescueScreen } from './screens/RescueScreen';
import { Shell } from './Shell';
import { forgetDeskDraft } from './screens/DeskScreen';
import type { SessionStatus, StaffInfo } from './types';
import { useNotices } from './hooks/useNotices';

export function App() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<SessionStatus | null>(null);
  // Who was working when the screen locked (the core does not tell while locked).
  const [lastUser, setLastUser] = useState<StaffInfo | null>(null);
  // On the restore offer, the manager may still choose to try the login.
  const [loginAnyway, setLoginAnyway] = useState(false);

  const refresh = useCallback(async () => {
    const r = await call('session.status', {});
    if (!r.ok) return;
    setStatus(r.value);
    if (r.value.user) setLastUser(r.value.user);
    if (r.value.state === 'logged_out' || r.value.state === 'no_database') forgetDeskDraft();
  }, []);

  useEffect(() => {
    void refresh();
    // The language chosen on this computer wins over the core's default.
    if (localStorage.getItem('slenkstis.language')) void call('session.setLanguage', { language: currentLanguage() });
    const offLocked = onCoreLocked(() => void refresh());
    const offUnreadable = onCoreUnreadable(() => {
      setLoginAnyway(false);
      void refresh();
    });
    return () => {
      offLocked();
      offUnreadable();
    };
  }, [refresh]);

  // The day's backup behind the window; a stopped core logs everyone out (its session is gone).
  useNotices(refresh);

  useEffect(() => {
    if (!status || localStorage.getItem('slenkstis.language')) return;
    if (status.language !== currentLanguage()) setLanguage(status.language);
  }, [status]);

  const lock = useCallback(async () => {
    await call('session.lock', {});
    await refresh();
  }, [refresh]);

  const logout = useCallback(async () => {
    forgetDeskDraft();
    await call('session.logout', {});
    setLastUser(null);
    await refresh();
  }, [refresh]);

  if (!status) {
    return (
      <Center h="100vh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  switch (status.state) {
    case 'no_database':
      return <SetupScreen onDone={refresh} />;
    case 'locked':
      return <LockScreen user={lastUser} onUnlocked={refresh} onLogout={logout} />;
    case 'ready':
      if (status.user) return <Shell user={status.user} idleLockMinutes={status.idleLockMinutes} lock={lock} logout={logout} />;
      return <LoginScreen status={status} onDone={refresh} />;
    case 'unreadable':
      if (loginAnyway) return <LoginScreen status={status} onDone={refresh} onRescue={() => setLoginAnyway(false)} />;
      return <RescueScreen problem={status.problem} onRestored={refresh} onLogin={() => setLoginAnyway(true)} />;
    default:
      return <LoginScreen status={status} onDone={refresh} />;
  }
}

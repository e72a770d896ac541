import { useCallback, useEffect, useState } from 'react';
import { Center, Loader } from '@mantine/core';
import type { ChannelOutput } from '../../shared/api';
import { call } from './api';
import { SetupScreen } from './screens/SetupScreen';
import { LoginScreen } from './screens/LoginScreen';

type Status = ChannelOutput<'session.status'>;

export function App() {
  const [status, setStatus] = useState<Status | null>(null);
  const refresh = useCallback(async () => {
    const r = await call('session.status', {});
    if (r.ok) setStatus(r.value);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (!status) {
    return (
      <Center h="100vh">
        <Loader aria-label="…" />
      </Center>
    );
  }
  if (status.state === 'no_database') return <SetupScreen onDone={refresh} />;
  return <LoginScreen status={status} onDone={refresh} />;
}

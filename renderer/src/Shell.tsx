// The app after login: header with the user menu, navigation by role, and one screen at a time.
import { Suspense, lazy, useCallback, useEffect, useMemo, useState } from 'react';
import { AppShell, Center, Group, Loader, NavLink, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { call } from './api';
import { SessionContext, isManager, isMedical, type SessionValue } from './hooks/useSession';
import { CatalogueProvider } from './hooks/useCatalogue';
import { useIdleLock } from './hooks/useIdleLock';
import { LanguageSwitch } from './screens/LanguageSwitch';
import { UserMenu } from './components/UserMenu';
import { DeskScreen } from './screens/DeskScreen';
import { MedicalScreen } from './screens/MedicalScreen';
import { OutreachScreen } from './screens/OutreachScreen';
import { SecondaryScreen } from './screens/SecondaryScreen';
import { ActivitiesScreen } from './screens/ActivitiesScreen';
import { StockScreen } from './screens/StockScreen';
import { HistoryScreen } from './screens/HistoryScreen';
import { OverdoseScreen } from './screens/OverdoseScreen';
import { FollowupScreen } from './screens/FollowupScreen';
import type { ClientSummary, Settings, StaffInfo } from './types';

// The manager's screens load when first opened: the window starts with the desk's code only
// (the reports' charts and the data screen's schemas were a third of what it parsed at start).
const StaffScreen = lazy(() => import('./screens/manager/StaffScreen').then((m) => ({ default: m.StaffScreen })));
const SitesScreen = lazy(() => import('./screens/manager/SitesScreen').then((m) => ({ default: m.SitesScreen })));
const CatalogueScreen = lazy(() => import('./screens/manager/CatalogueScreen').then((m) => ({ default: m.CatalogueScreen })));
const SettingsScreen = lazy(() => import('./screens/manager/SettingsScreen').then((m) => ({ default: m.SettingsScreen })));
const ProjectsScreen = lazy(() => import('./screens/manager/ProjectsScreen').then((m) => ({ default: m.ProjectsScreen })));
const ReportsScreen = lazy(() => import('./screens/manager/ReportsScreen').then((m) => ({ default: m.ReportsScreen })));
const DataScreen = lazy(() => import('./screens/manager/DataScreen').then((m) => ({ default: m.DataScreen })));
const BackupsScreen = lazy(() => import('./screens/manager/BackupsScreen').then((m) => ({ default: m.BackupsScreen })));
const AuditScreen = lazy(() => import('./screens/manager/AuditScreen').then((m) => ({ default: m.AuditScreen })));

export type ScreenKey =
  | 'desk' | 'medical' | 'followup' | 'outreach' | 'secondary' | 'overdoses' | 'activities' | 'stock' | 'history'
  | 'reports' | 'data' | 'backups' | 'audit' | 'staff' | 'sites' | 'catalogue' | 'settings' | 'projects';

const WORK: ScreenKey[] = ['desk', 'medical', 'followup', 'outreach', 'secondary', 'overdoses', 'activities', 'stock', 'history'];
const MANAGE: ScreenKey[] = ['reports', 'data', 'backups', 'audit', 'staff', 'sites', 'catalogue', 'settings', 'projects'];

export function Shell({ user, idleLockMinutes, lock, logout }: { user: StaffInfo; idleLockMinutes: number; lock(): Promise<void>; logout(): Promise<void> }) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [screen, setScreen] = useState<ScreenKey>('desk');
  const [historyClient, setHistoryClient] = useState<number | null>(null);
  // The client an overdose report is opened for (from the client's history); none from the navigation.
  const [overdoseClient, setOverdoseClient] = useState<ClientSummary | null>(null);

  const reloadSettings = useCallback(async () => {
    const r = await call('settings.get', {});
    if (r.ok) setSettings(r.value);
  }, []);
  useEffect(() => {
    void reloadSettings();
  }, [reloadSettings]);

  useIdleLock(settings?.idleLockMinutes ?? idleLockMinutes, () => void lock());

  const session = useMemo<SessionValue | null>(() => (settings ? { user, settings, reloadSettings, lock, logout } : null), [user, settings, reloadSettings, lock, logout]);

  const visible = (k: ScreenKey) => (k === 'medical' ? isMedical(user) : MANAGE.includes(k) ? isManager(user) : true);
  const go = (k: ScreenKey) => {
    if (k !== 'history') setHistoryClient(null);
    setOverdoseClient(null);
    setScreen(k);
  };
  const openHistory = (id: number) => {
    setHistoryClient(id);
    setScreen('history');
  };
  const reportOverdose = (client: ClientSummary) => {
    setOverdoseClient(client);
    setScreen('overdoses');
  };

  if (!session) {
    return (
      <Center h="100vh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }

  const link = (k: ScreenKey) =>
    visible(k) && (
      <NavLink
        key={k}
        component="button"
        label={t(`nav.${k}`)}
        active={screen === k}
        aria-current={screen === k ? 'page' : undefined}
        onClick={() => go(k)}
        variant="filled"
        py={7}
        style={{ borderRadius: 4 }}
      />
    );

  return (
    <SessionContext.Provider value={session}>
      <CatalogueProvider>
        <AppShell header={{ height: 52 }} navbar={{ width: { base: 170, lg: 200 }, breakpoint: 0 }} padding="sm">
          <AppShell.Header>
            <Group h="100%" px="md" justify="space-between" wrap="nowrap">
              <Group gap="sm" wrap="nowrap">
                <Title order={1} size="h3">
                  {t('app.name')}
                </Title>
                {session.settings.cabinetName && (
                  <Text c="dimmed" truncate="end" maw={360}>
                    {session.settings.cabinetName}
                  </Text>
                )}
              </Group>
              <Group gap="md" wrap="nowrap">
                <LanguageSwitch />
                <UserMenu />
              </Group>
            </Group>
          </AppShell.Header>
          <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.label')}>
            <ScrollArea>
              <Stack gap={2}>
                {WORK.map(link)}
                {isManager(user) && (
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="md" mb={2} px="sm">
                    {t('nav.manage')}
                  </Text>
                )}
                {MANAGE.map(link)}
              </Stack>
            </ScrollArea>
          </AppShell.Navbar>
          <AppShell.Main>
            <Suspense
              fallback={
                <Center p="xl">
                  <Loader />
                </Center>
              }
            >
              {screen === 'desk' && (
                <DeskScreen
                  onOpenHistory={(id) => {
                    setHistoryClient(id);
                    setScreen('history');
                  }}
                />
              )}
              {screen === 'medical' && <MedicalScreen />}
              {screen === 'followup' && <FollowupScreen onOpenHistory={openHistory} />}
              {screen === 'outreach' && <OutreachScreen />}
              {screen === 'secondary' && <SecondaryScreen />}
              {screen === 'overdoses' && <OverdoseScreen key={overdoseClient?.id ?? 'none'} initialClient={overdoseClient} />}
              {screen === 'activities' && <ActivitiesScreen />}
              {screen === 'stock' && <StockScreen />}
              {screen === 'history' && <HistoryScreen initialClientId={historyClient} onReportOverdose={reportOverdose} />}
              {screen === 'reports' && <ReportsScreen />}
              {screen === 'data' && <DataScreen />}
              {screen === 'backups' && <BackupsScreen />}
              {screen === 'audit' && <AuditScreen />}
              {screen === 'staff' && <StaffScreen />}
              {screen === 'sites' && <SitesScreen />}
              {screen === 'catalogue' && <CatalogueScreen />}
              {screen === 'settings' && <SettingsScreen />}
              {screen === 'projects' && <ProjectsScreen />}
            </Suspense>
          </AppShell.Main>
        </AppShell>
      </CatalogueProvider>
    </SessionContext.Provider>
  );
}

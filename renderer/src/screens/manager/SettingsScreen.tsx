// The cabinet's settings: its name, the code pattern, the idle lock, test intervals, the
// regular-client rule, coverage limits, the quantity above which the forms ask for a
// confirmation, and the default language.
import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Paper, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { call } from '../../api';
import { QtyInput, badQty } from '../../components/QtyInput';
import { placeApiError, sameNames } from '../../hooks/apiErrors';
import { useSession } from '../../hooks/useSession';

const TEMPLATES = ['donor', 'municipal', 'full'] as const;
const NUMBERS = ['idleLockMinutes', 'regularMinVisitDays', 'testDueMonths', 'followupWeeks', 'pwidPopulationEstimate', 'coverageLowBelow', 'coverageHighFrom', 'confirmQuantityAbove'] as const;
type NumberKey = (typeof NUMBERS)[number];

export function SettingsScreen() {
  const { t } = useTranslation();
  const { settings, reloadSettings } = useSession();
  const [general, setGeneral] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      cabinetName: settings.cabinetName,
      codePattern: settings.codePattern,
      language: settings.language as string,
      workbookOmitZeroRows: { ...settings.workbookOmitZeroRows },
      ...(Object.fromEntries(NUMBERS.map((k) => [k, settings[k] === null ? '' : String(settings[k])])) as Record<NumberKey, string>),
    },
  });
  const submit = form.onSubmit(async (v) => {
    setGeneral(null);
    if (NUMBERS.some((k) => badQty(v[k]))) {
      setGeneral(t('desk.fixDigits'));
      return;
    }
    const num = (k: NumberKey) => (v[k].trim() === '' ? undefined : Number(v[k]));
    const r = await call('settings.update', {
      cabinetName: v.cabinetName,
      codePattern: v.codePattern,
      language: v.language === 'en' ? 'en' : 'lt',
      idleLockMinutes: num('idleLockMinutes'),
      regularMinVisitDays: num('regularMinVisitDays'),
      testDueMonths: num('testDueMonths'),
      followupWeeks: num('followupWeeks'),
      pwidPopulationEstimate: v.pwidPopulationEstimate === '' ? null : Number(v.pwidPopulationEstimate),
      coverageLowBelow: num('coverageLowBelow'),
      coverageHighFrom: num('coverageHighFrom'),
      // Empty: each item's own amount from the cabinet's history.
      confirmQuantityAbove: v.confirmQuantityAbove.trim() === '' ? null : Number(v.confirmQuantityAbove),
      workbookOmitZeroRows: v.workbookOmitZeroRows,
    });
    if (!r.ok) {
      setGeneral(placeApiError(r.error, form, sameNames('cabinetName', 'codePattern', 'language', ...NUMBERS)));
      return;
    }
    notifications.show({ color: 'teal', message: t('settings.saved') });
    void reloadSettings();
  });
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('settings.title')}
      </Title>
      <Paper withBorder p="md" component="form" noValidate onSubmit={submit} maw={900} aria-label={t('settings.title')}>
        <Stack gap="sm">
          {general && (
            <Alert color="red" role="alert">
              {general}
            </Alert>
          )}
          <SimpleGrid cols={2} spacing="md">
            <TextInput label={t('settings.cabinetName')} maxLength={120} {...form.getInputProps('cabinetName')} />
            <Select label={t('settings.language')} allowDeselect={false} data={[{ value: 'lt', label: t('language.lt') }, { value: 'en', label: t('language.en') }]} {...form.getInputProps('language')} />
            <TextInput label={t('settings.codePattern')} description={t('settings.codePatternHint')} styles={{ input: { fontFamily: 'ui-monospace, monospace' } }} maxLength={200} {...form.getInputProps('codePattern')} />
            {NUMBERS.map((k) => (
              <QtyInput key={k} label={t(`settings.${k}`)} description={t(`settings.${k}Hint`)} value={form.values[k]} onChange={(val) => form.setFieldValue(k, val)} error={form.errors[k]} />
            ))}
          </SimpleGrid>
          <Checkbox.Group label={t('settings.workbookOmitZeroRows')} description={t('settings.workbookOmitZeroRowsHint')}
            value={TEMPLATES.filter((k) => form.values.workbookOmitZeroRows[k])}
            onChange={(on) => form.setFieldValue('workbookOmitZeroRows', { donor: on.includes('donor'), municipal: on.includes('municipal'), full: on.includes('full') })}>
            <Group mt="xs">
              {TEMPLATES.map((k) => (
                <Checkbox key={k} value={k} label={t(`reports.template.${k}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <Button type="submit" loading={form.submitting} w="fit-content">
            {t('common.save')}
          </Button>
        </Stack>
      </Paper>
    </Stack>
  );
}

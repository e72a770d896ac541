// The doctor's or nurse's screen: wound cleaning, dressing, blood sampling and other medical
// services; tests with a result per infection, now or later; pre- and post-test counselling.
// For a client by code, or for a person who gives no code (an anonymous medical contact), where
// it happens: in the cabinet, in outreach, or in the arrest house (an arrestee or an officer),
// so that each test counts in its own part of "tests by setting".
import { useEffect, useRef, useState } from 'react';
import { Alert, Box, Button, Grid, Group, Kbd, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { listFields, placeApiError, sameNames } from '../hooks/apiErrors';
import { NOTE_MAX, TESTED_PERSONS, TEST_TYPES, type MedicalService, type ServiceType, type TestType, type TestedPerson } from '../../../shared/domain';
import { localToday } from '../../../shared/dates';
import { call } from '../api';
import { ClientCard } from '../components/ClientCard';
import { ClientPicker } from '../components/ClientPicker';
import { DateField } from '../components/DateField';
import { AllPendingResults, PendingResults } from '../components/PendingResults';
import { CareSteps } from '../components/CareSteps';
import { QtyInput, badQty, qty } from '../components/QtyInput';
import { ServiceToggles, serviceShortcut } from '../components/ServiceToggles';
import { enterMovesOn, isSaveKey } from '../saveKeys';
import { TestResults, noResults, type Results } from '../components/TestResults';
import { useCatalogue } from '../hooks/useCatalogue';
import { useDefaultSite } from '../hooks/useDefaultSite';
import type { ClientCardData, ClientSummary } from '../types';

type Subject = { kind: 'client'; client: ClientSummary } | { kind: 'anonymous' } | null;
interface TestDraft {
  key: number;
  type: TestType;
  testedPerson: TestedPerson;
  results: Results;
}
interface Values {
  units: Partial<Record<MedicalService, string>>;
  counselling: ServiceType[];
  tests: TestDraft[];
  note: string;
  date: string;
}

const COUNSELLING = ['pre_test_counselling', 'post_test_counselling'] as const;
// In the order the doctor works: the wound first, the blood sample, anything else.
const MEDICAL_ORDER = ['wound_care', 'dressing', 'blood_sampling', 'gp_other'] as const satisfies readonly MedicalService[];
// Where the doctor or nurse works: the visit's kind (what "tests by setting" reads) and the sites
// offered for it. A test at the cabinet is a medical visit; in outreach an outreach contact; in
// the arrest house an arrest-house visit, of a client or of an arrestee or officer without a code.
const SETTINGS = {
  cabinet: { kind: 'medical', sites: ['cabinet', 'mobile'] },
  outreach: { kind: 'outreach', sites: ['outreach_place'] },
  arrest_house: { kind: 'arrest_house', sites: ['arrest_house'] },
} as const;
type Setting = keyof typeof SETTINGS;
const SETTING_NAMES = Object.keys(SETTINGS) as Setting[];
let testKey = 0;
let lastSetting: Setting = 'cabinet';
const blank = (date: string): Values => ({ units: {}, counselling: [], tests: [], note: '', date });

export function MedicalScreen() {
  const { t } = useTranslation();
  const { sites } = useCatalogue();
  const [subject, setSubject] = useState<Subject>(null);
  // The visit being typed; the core's errors land on its fields (placeApiError).
  const form = useForm<Values>({ initialValues: blank(localToday()) });
  const [setting, setSettingState] = useState<Setting>(lastSetting);
  const sitePerSetting = {
    cabinet: useDefaultSite(sites, SETTINGS.cabinet.sites, 'medical'),
    outreach: useDefaultSite(sites, SETTINGS.outreach.sites, 'medical.outreach'),
    arrest_house: useDefaultSite(sites, SETTINGS.arrest_house.sites, 'medical.arrest_house'),
  };
  const [siteId, setSiteId] = sitePerSetting[setting];
  const setSetting = (v: Setting) => {
    lastSetting = v;
    setSettingState(v);
    // A person without a code at the arrest house is most often an arrestee.
    if (v === 'arrest_house') form.setFieldValue('tests', (tests) => tests.map((x) => (x.testedPerson === 'other' ? { ...x, testedPerson: 'arrestee' } : x)));
  };
  const [general, setGeneral] = useState<string | null>(null);
  const [card, setCard] = useState<ClientCardData | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const firstRef = useRef<HTMLInputElement>(null);
  const pickerRef = useRef<HTMLInputElement>(null);
  const clientId = subject?.kind === 'client' ? subject.client.id : null;

  useEffect(() => {
    setCard(null);
    if (clientId === null) return;
    let live = true;
    void call('clients.card', { id: clientId }).then((r) => live && r.ok && setCard(r.value));
    return () => {
      live = false;
    };
  }, [clientId, reloadKey]);

  useEffect(() => {
    if (subject) firstRef.current?.focus();
    else pickerRef.current?.focus();
  }, [subject]);

  // A new visit keeps the date; everything else starts empty.
  const reset = () => {
    form.setValues(blank(form.getValues().date));
    form.clearErrors();
    setGeneral(null);
  };
  const toggleCounselling = (s: ServiceType) => form.setFieldValue('counselling', (c) => (c.includes(s) ? c.filter((x) => x !== s) : [...c, s]));

  const choose = (s: Subject) => {
    reset();
    setSubject(s);
  };

  const submit = form.onSubmit(async ({ units, counselling, tests, note, date }) => {
    if (!subject) return;
    // A number of times typed with something other than digits stays as typed and is said at its field.
    if (MEDICAL_ORDER.some((s) => badQty(units[s] ?? ''))) {
      setGeneral(t('desk.fixDigits'));
      return;
    }
    const services = [
      ...MEDICAL_ORDER.filter((s) => qty(units[s] ?? '') > 0).map((type) => ({ type, units: qty(units[type] ?? ''), referralTo: null })),
      ...COUNSELLING.filter((s) => counselling.includes(s)).map((type) => ({ type, units: 1, referralTo: null })),
    ];
    if (services.length === 0 && tests.length === 0) {
      setGeneral(t('medical.nothingToSave'));
      firstRef.current?.focus();
      return;
    }
    setGeneral(null);
    const r = await call('visits.create', {
      date,
      clientId: subject.kind === 'client' ? subject.client.id : null,
      anonymousCount: 1,
      kind: SETTINGS[setting].kind,
      siteId,
      services,
      tests: tests.map((x) => ({ type: x.type, testedPerson: subject.kind === 'client' ? 'client' : x.testedPerson, results: x.results })),
      note: note.trim() || null,
    });
    if (!r.ok) {
      // A service line goes to its units (counselling to the toggles), a test to its card.
      setGeneral(
        placeApiError(r.error, form, {
          ...sameNames('date', 'siteId', 'note'),
          ...listFields('services', services.map((s) => ((COUNSELLING as readonly string[]).includes(s.type) ? 'counselling' : `units.${s.type}`))),
          ...listFields('tests', tests.map((_, i) => `tests.${i}`)),
        }),
      );
      return;
    }
    notifications.show({ color: 'teal', message: t('medical.saved') });
    reset();
    setReloadKey((k) => k + 1);
    if (subject.kind === 'anonymous') setSubject(null);
    else firstRef.current?.focus();
  });
  const save = () => {
    if (!form.submitting) submit();
  };

  const onKey = (e: React.KeyboardEvent<HTMLElement>) => {
    if (isSaveKey(e)) {
      e.preventDefault();
      save();
    } else if (enterMovesOn(e)) {
      // a plain Enter moved on to the next field
    } else {
      const s = serviceShortcut(t, e, COUNSELLING);
      if (s) {
        e.preventDefault();
        toggleCounselling(s);
      }
    }
  };
  const siteOptions = sites.filter((s) => (s.active && (SETTINGS[setting].sites as readonly string[]).includes(s.kind)) || s.id === siteId).map((s) => ({ value: String(s.id), label: s.name }));

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('medical.title')}
      </Title>
      {subject?.kind === 'anonymous' ? (
        <Paper withBorder px="md" py="xs">
          <Group justify="space-between">
            <Text fw={700}>{t('medical.anonymous')}</Text>
            <Button variant="default" size="compact-sm" onClick={() => choose(null)}>
              {t('picker.change')}
            </Button>
          </Group>
        </Paper>
      ) : (
        <ClientPicker
          ref={pickerRef}
          label={t('desk.code')}
          client={subject?.kind === 'client' ? subject.client : null}
          onChange={(c) => choose(c ? { kind: 'client', client: c } : null)}
          allowRegister
          autoFocus
          extra={
            <Button variant="default" onClick={() => choose({ kind: 'anonymous' })}>
              {t('medical.anonymousButton')}
            </Button>
          }
        />
      )}
      {!subject && <AllPendingResults />}
      {subject && (
        <Grid gap="md">
          <Grid.Col span={subject.kind === 'client' ? 8 : 12}>
            <Paper withBorder p="md" component="form" noValidate aria-label={t('medical.form')} onKeyDown={onKey} onSubmit={(e) => {
              e.preventDefault();
              save();
            }}>
              <Stack gap="sm">
                {general && (
                  <Alert color="red" role="alert">
                    {general}
                  </Alert>
                )}
                <Group gap="sm" align="flex-end" wrap="nowrap">
                  <div>
                    <Text size="sm" fw={500} mb={2} id="medical-setting">
                      {t('medical.setting')}
                    </Text>
                    <SegmentedControl
                      aria-labelledby="medical-setting"
                      value={setting}
                      onChange={(v) => setSetting(v as Setting)}
                      data={SETTING_NAMES.map((v) => ({ value: v, label: t(`medical.settingName.${v}`) }))}
                    />
                  </div>
                  <Select
                    label={t('desk.site')}
                    w={220}
                    value={siteId === null ? null : String(siteId)}
                    data={siteOptions}
                    error={form.errors.siteId}
                    placeholder={t('desk.noSite')}
                    onChange={(v) => {
                      form.clearFieldError('siteId');
                      setSiteId(v ? Number(v) : null);
                    }}
                  />
                </Group>
                <Text fw={700} size="sm">
                  {t('medical.services')}
                </Text>
                <SimpleGrid cols={4} spacing="sm">
                  {MEDICAL_ORDER.map((s, i) => (
                    <QtyInput
                      key={s}
                      ref={i === 0 ? firstRef : undefined}
                      label={t(`service.${s}`)}
                      value={form.values.units[s] ?? ''}
                      error={form.errors[`units.${s}`]}
                      onChange={(v) => form.setFieldValue(`units.${s}`, v)}
                    />
                  ))}
                </SimpleGrid>
                <ServiceToggles label={t('medical.counselling')} services={COUNSELLING} selected={form.values.counselling} onToggle={toggleCounselling} />
                {form.errors.counselling && (
                  <Text size="sm" c="red.9" role="alert">
                    {form.errors.counselling}
                  </Text>
                )}
                <Group justify="space-between">
                  <Text fw={700} size="sm">
                    {t('medical.tests')}
                  </Text>
                  <Button
                    variant="default"
                    size="compact-sm"
                    onClick={() => form.insertListItem('tests', { key: ++testKey, type: 'combined', testedPerson: subject.kind === 'client' ? 'client' : setting === 'arrest_house' ? 'arrestee' : 'other', results: noResults() })}
                  >
                    {t('medical.addTest')}
                  </Button>
                </Group>
                {form.values.tests.length === 0 ? <Text size="sm">{t('medical.noTests')}</Text> : <Text size="xs">{t('medical.resultsLater')}</Text>}
                {form.values.tests.map((x, i) => (
                  <Paper key={x.key} withBorder p="xs" bg="gray.0">
                    <Stack gap={6}>
                      <Group gap="sm" align="flex-end">
                        <Select
                          label={t('medical.testType', { n: i + 1 })}
                          w={300}
                          allowDeselect={false}
                          value={x.type}
                          data={TEST_TYPES.map((tt) => ({ value: tt, label: t(`testType.${tt}`) }))}
                          onChange={(v) => v && form.setFieldValue(`tests.${i}`, { ...x, type: v as TestType, results: noResults() })}
                        />
                        {subject.kind === 'anonymous' && (
                          <Select
                            label={t('medical.testedPerson')}
                            w={180}
                            allowDeselect={false}
                            value={x.testedPerson}
                            data={TESTED_PERSONS.filter((p) => p !== 'client').map((p) => ({ value: p, label: t(`testedPerson.${p}`) }))}
                            onChange={(v) => v && form.setFieldValue(`tests.${i}.testedPerson`, v as TestedPerson)}
                          />
                        )}
                        <Button variant="subtle" color="red.9" onClick={() => form.removeListItem('tests', i)}>
                          {t('common.remove')}
                        </Button>
                      </Group>
                      <TestResults type={x.type} value={x.results} idPrefix={`new-test-${x.key}`} onChange={(r) => form.setFieldValue(`tests.${i}.results`, r)} />
                      {form.errors[`tests.${i}`] && (
                        <Text size="sm" c="red.9" role="alert">
                          {form.errors[`tests.${i}`]}
                        </Text>
                      )}
                    </Stack>
                  </Paper>
                ))}
                <Group align="flex-start" gap="sm" wrap="nowrap">
                  <Textarea label={t('desk.note')} placeholder={t('privacy.noteHint', { max: NOTE_MAX })} title={t('privacy.noteHint', { max: NOTE_MAX })} maxLength={NOTE_MAX} autosize minRows={1} maxRows={3} style={{ flex: 1 }} {...form.getInputProps('note')} />
                  <DateField label={t('desk.date')} value={form.values.date} onChange={(v) => form.setFieldValue('date', v)} error={form.errors.date} w={140} />
                  <Button type="submit" loading={form.submitting} mt={25}>
                    {t('medical.save')} <Kbd ml={6} size="xs">Ctrl+Enter</Kbd>
                  </Button>
                </Group>
              </Stack>
            </Paper>
            {subject.kind === 'client' && (
              <Box mt="sm">
                <PendingResults clientId={subject.client.id} reloadKey={reloadKey} onChanged={() => setReloadKey((k) => k + 1)} />
              </Box>
            )}

          </Grid.Col>
          {subject.kind === 'client' && (
            <Grid.Col span={4}>
              <Stack gap="sm">
                <ClientCard card={card} />
                <CareSteps clientId={subject.client.id} reloadKey={reloadKey} />
              </Stack>
            </Grid.Col>
          )}
        </Grid>
      )}
    </Stack>
  );
}

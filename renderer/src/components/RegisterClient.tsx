// Registering a new client: the code (typed, or built from the parents' first names, sex and
// birth year — names used here and never sent anywhere), and the likely duplicates before saving.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Checkbox, Fieldset, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { saveKeys } from '../saveKeys';
import { buildDefaultCode, normalizeCode, parseDefaultCode } from '../../../shared/codes';
import { CAME_VIA, INJECTS, NOTE_MAX, SEXES, type CameVia, type Injects, type Sex } from '../../../shared/domain';
import { call } from '../api';
import { placeApiError } from '../hooks/apiErrors';
import { formatDate } from '../i18n';
import type { ClientSummary } from '../types';

interface Values {
  code: string;
  sex: Sex;
  birthYear: string;
  injects: Injects;
  inPharmacotherapy: boolean;
  /** How the client came; 'unknown' unless the worker asks (it costs the desk no key). */
  cameVia: CameVia;
  /** The peer's code, only when they came through a peer. */
  referredByCode: string;
  note: string;
  confirmNotDuplicate: boolean;
}

export interface RegisterClientProps {
  initialCode: string;
  onRegistered(c: ClientSummary): void;
  /** A likely duplicate turned out to be the client: go on with that one. */
  onPickExisting(c: ClientSummary): void;
  onCancel(): void;
}

export function RegisterClient({ initialCode, onRegistered, onPickExisting, onCancel }: RegisterClientProps) {
  const { t } = useTranslation();
  const parsed = parseDefaultCode(normalizeCode(initialCode));
  const form = useForm<Values>({
    initialValues: {
      code: normalizeCode(initialCode),
      sex: parsed?.sex ?? 'unknown',
      birthYear: parsed ? String(parsed.birthYear) : '',
      injects: 'unknown',
      inPharmacotherapy: false,
      cameVia: 'unknown',
      referredByCode: '',
      note: '',
      confirmNotDuplicate: false,
    },
  });
  // The builder's names stay in this component's memory only.
  const [mother, setMother] = useState('');
  const [father, setFather] = useState('');
  const [duplicates, setDuplicates] = useState<ClientSummary[]>([]);
  const [general, setGeneral] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const motherRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  const typedFullCode = parsed !== null;
  useEffect(() => {
    // A full code typed at the desk needs only the rest; otherwise start with the builder.
    if (typedFullCode) codeRef.current?.focus();
    else motherRef.current?.focus();
  }, [typedFullCode]);

  /** Once a parent's name is typed, the code follows the names, sex and birth year. */
  const rebuild = (m: string, f: string, sex: Sex, y: string) => {
    if ((m === '' && f === '') || sex === 'unknown' || !/^\d{4}$/.test(y)) return;
    form.setFieldValue('code', buildDefaultCode({ motherFirstName: m, fatherFirstName: f, sex, birthYear: Number(y) }));
  };

  const code = normalizeCode(form.values.code);
  const sex = form.values.sex;
  const birthYear = form.values.birthYear;
  useEffect(() => {
    let live = true;
    if (code.length < 4) {
      setDuplicates([]);
      return;
    }
    const year = /^\d{4}$/.test(birthYear) ? Number(birthYear) : null;
    void call('clients.duplicates', { code, sex, birthYear: year }).then((r) => {
      if (live) setDuplicates(r.ok ? r.value : []);
    });
    return () => {
      live = false;
    };
  }, [code, sex, birthYear]);

  const submit = async () => {
    setGeneral(null);
    const v = form.values;
    if (/\S/.test(v.birthYear) && !/^\d{4}$/.test(v.birthYear)) {
      form.setFieldError('birthYear', t('register.yearFormat'));
      return;
    }
    setSaving(true);
    const r = await call('clients.register', {
      code: normalizeCode(v.code),
      sex: v.sex,
      birthYear: v.birthYear ? Number(v.birthYear) : null,
      injects: v.injects,
      inPharmacotherapy: v.inPharmacotherapy,
      cameVia: v.cameVia,
      referredByCode: v.cameVia === 'peer' && v.referredByCode.trim() ? normalizeCode(v.referredByCode) : null,
      note: v.note.trim() || null,
      confirmNotDuplicate: v.confirmNotDuplicate,
    });
    setSaving(false);
    if (!r.ok) {
      setGeneral(placeApiError(r.error, form, { code: 'code', sex: 'sex', birthYear: 'birthYear', injects: 'injects', cameVia: 'cameVia', referredByCode: 'referredByCode', note: 'note' }));
      return;
    }
    onRegistered(r.value);
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="register-title">
      <form
        noValidate
        {...saveKeys(submit, onCancel)}
      >
        <Stack gap="sm">
          <Title order={2} size="h3" id="register-title">
            {t('register.title')}
          </Title>
          {general && (
            <Alert color="red" role="alert">
              {general}
            </Alert>
          )}
          <Fieldset legend={t('register.builder')} p="sm">
            <Text size="sm" mb="xs">
              {t('register.builderHint')}
            </Text>
            <SimpleGrid cols={4} spacing="sm">
              <TextInput
                ref={motherRef}
                label={t('register.mother')}
                value={mother}
                autoComplete="off"
                onChange={(e) => {
                  setMother(e.currentTarget.value);
                  rebuild(e.currentTarget.value, father, form.values.sex, form.values.birthYear);
                }}
              />
              <TextInput
                label={t('register.father')}
                value={father}
                autoComplete="off"
                onChange={(e) => {
                  setFather(e.currentTarget.value);
                  rebuild(mother, e.currentTarget.value, form.values.sex, form.values.birthYear);
                }}
              />
              <Select
                label={t('register.sex')}
                data={SEXES.map((x) => ({ value: x, label: t(`sex.${x}`) }))}
                allowDeselect={false}
                {...form.getInputProps('sex')}
                onChange={(v) => {
                  const sex = (v ?? 'unknown') as Sex;
                  form.setFieldValue('sex', sex);
                  rebuild(mother, father, sex, form.values.birthYear);
                }}
              />
              <TextInput
                label={t('register.birthYear')}
                inputMode="numeric"
                maxLength={4}
                autoComplete="off"
                {...form.getInputProps('birthYear')}
                onChange={(e) => {
                  const y = e.currentTarget.value.replace(/\D/g, '');
                  form.setFieldValue('birthYear', y);
                  rebuild(mother, father, form.values.sex, y);
                }}
              />
            </SimpleGrid>
            <Text size="xs" mt={6} c="dimmed">
              {t('register.namesNotSaved')}
            </Text>
          </Fieldset>
          <TextInput
            ref={codeRef}
            label={t('register.code')}
            description={t('register.codeHint')}
            required
            w={420}
            autoComplete="off"
            spellCheck={false}
            styles={{ input: { fontFamily: 'ui-monospace, monospace', fontWeight: 700, letterSpacing: '0.08em', fontSize: 'var(--mantine-font-size-lg)' } }}
            {...form.getInputProps('code')}
            onChange={(e) => {
              const v = e.currentTarget.value;
              const p = parseDefaultCode(normalizeCode(v));
              form.setValues(p ? { code: v, sex: p.sex, birthYear: String(p.birthYear) } : { code: v });
            }}
          />
          {duplicates.length > 0 && (
            <Alert color="orange" variant="light" title={t('register.duplicatesTitle')} role="alert" data-testid="duplicates">
              <Stack gap={4}>
                <Text size="sm">{t('register.duplicatesHint')}</Text>
                {duplicates.map((d) => (
                  <Group key={d.id} gap="sm">
                    <Text size="sm">
                      <Text span ff="monospace" fw={700}>
                        {d.code}
                      </Text>{' '}
                      — {t(`sex.${d.sex}`)}
                      {d.birthYear ? `, ${d.birthYear}` : ''}
                      {d.lastVisit ? ` · ${t('search.lastVisit', { date: formatDate(d.lastVisit) })}` : ''}
                    </Text>
                    <Button size="compact-sm" variant="outline" onClick={() => onPickExisting(d)}>
                      {t('register.isThisClient', { code: d.code })}
                    </Button>
                  </Group>
                ))}
                <Checkbox mt={4} label={t('register.confirmNew')} {...form.getInputProps('confirmNotDuplicate', { type: 'checkbox' })} />
              </Stack>
            </Alert>
          )}
          <Group gap="lg" align="flex-end">
            <div>
              <Text size="sm" fw={500} mb={4} id="injects-label">
                {t('register.injects')}
              </Text>
              <SegmentedControl
                aria-labelledby="injects-label"
                data={INJECTS.map((i) => ({ value: i, label: t(`injects.${i}`) }))}
                {...form.getInputProps('injects')}
              />
            </div>
            <Checkbox label={t('register.inPharmacotherapy')} {...form.getInputProps('inPharmacotherapy', { type: 'checkbox' })} mb={8} />
          </Group>
          {/* How they came: 'unknown' unless asked, so the common path costs no key; Tab reaches it after the therapy box. */}
          <Group gap="sm" align="flex-end" wrap="nowrap">
            <Select
              label={t('register.cameVia')}
              w={250}
              allowDeselect={false}
              data={CAME_VIA.map((c) => ({ value: c, label: t(`cameVia.${c}`) }))}
              {...form.getInputProps('cameVia')}
              onChange={(v) => {
                form.setFieldValue('cameVia', (v ?? 'unknown') as CameVia);
                form.clearFieldError('referredByCode');
              }}
            />
            {form.values.cameVia === 'peer' && (
              <TextInput
                label={t('register.referredByCode')}
                w={190}
                autoComplete="off"
                spellCheck={false}
                maxLength={32}
                styles={{ input: { fontFamily: 'ui-monospace, monospace', letterSpacing: '0.08em', textTransform: 'uppercase' } }}
                {...form.getInputProps('referredByCode')}
              />
            )}
            <Textarea
              label={t('register.note')}
              description={t('privacy.noteHint', { max: NOTE_MAX })}
              maxLength={NOTE_MAX}
              style={{ flex: 1 }}
              autosize
              minRows={1}
              maxRows={3}
              {...form.getInputProps('note')}
            />
          </Group>
          <Group>
            <Button type="submit" loading={saving}>
              {t('register.submit')}
            </Button>
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
            <Text size="sm" c="dimmed">
              {t('register.keys')}
            </Text>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

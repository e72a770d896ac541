import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../i18n';
import { call } from '../api';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      aria-label={t('language.label')}
      size="xs"
      transitionDuration={0}
      value={i18n.language}
      onChange={(v) => {
        setLanguage(v as Language);
        void call('session.setLanguage', { language: v as Language });
      }}
      data={[
        { value: 'lt', label: t('language.lt') },
        { value: 'en', label: t('language.en') },
      ]}
    />
  );
}

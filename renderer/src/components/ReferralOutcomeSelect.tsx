// What became of a referral, recorded later (from the client's history or the follow-up list):
// arrived, did not arrive, or unknown (nothing recorded). Saved as soon as it is chosen.
import { useState } from 'react';
import { Select } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { REFERRAL_OUTCOMES, type ReferralDestination, type ReferralOutcome } from '../../../shared/domain';
import { call, errorText } from '../api';
import { formatDate } from '../i18n';

export function ReferralOutcomeSelect({ visitId, date, referralTo, value, onSaved, w = 150 }: {
  visitId: number; date: string; referralTo: ReferralDestination | null; value: ReferralOutcome | null; onSaved(): void; w?: number;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const to = t(`referral.${referralTo ?? 'other'}`);
  return (
    <Select
      size="xs"
      w={w}
      aria-label={t('referralOutcome.aria', { to, date: formatDate(date) })}
      allowDeselect={false}
      value={value ?? 'unknown'}
      error={error}
      data={[{ value: 'unknown', label: t('referralOutcome.unknown') }, ...REFERRAL_OUTCOMES.map((o) => ({ value: o, label: t(`referralOutcome.${o}`) }))]}
      onChange={async (v) => {
        const outcome = v === 'arrived' || v === 'not_arrived' ? v : null;
        const r = await call('referrals.setOutcome', { visitId, referralTo, outcome });
        if (!r.ok) {
          setError(errorText(r.error));
          return;
        }
        setError(null);
        notifications.show({ color: 'teal', message: t('referralOutcome.saved') });
        onSaved();
      }}
    />
  );
}

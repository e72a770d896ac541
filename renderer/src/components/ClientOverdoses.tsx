// A client's overdose reports in their history (voided ones struck through), and the way to
// report a new one with the client already chosen (the overdose screen opens prefilled).
import { useEffect, useState } from 'react';
import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '../../../shared/api';
import { localToday } from '../../../shared/dates';
import { call } from '../api';
import { formatDate } from '../i18n';

type OverdoseRecord = ChannelOutput<'overdoses.list'>[number];

/** Records start in 1990 (the core's date rule): the client's whole history. */
const EVER = '1990-01-01';

export function ClientOverdoses({ clientId, onReport }: { clientId: number; onReport?(): void }) {
  const { t } = useTranslation();
  const [list, setList] = useState<OverdoseRecord[] | null>(null);
  useEffect(() => {
    let live = true;
    void call('overdoses.list', { from: EVER, to: localToday(), clientId }).then((r) => live && setList(r.ok ? r.value : []));
    return () => {
      live = false;
    };
  }, [clientId]);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="client-overdoses">
      <Stack gap={6}>
        <Title order={3} size="h4" id="client-overdoses">
          {t('overdose.ofClient')}
        </Title>
        {list && list.length === 0 && <Text size="sm">{t('overdose.noneOfClient')}</Text>}
        {list?.map((o) => (
          <Text key={o.id} size="sm" td={o.voided ? 'line-through' : undefined}>
            {formatDate(o.date)} · {t(`overdose.outcomeName.${o.outcome}`)}
            {o.naloxoneGiven === 'yes' ? ` · ${t('overdose.naloxoneShort')}` : ''}
          </Text>
        ))}
        {onReport && (
          <Button variant="default" size="compact-sm" w="fit-content" onClick={onReport}>
            {t('overdose.report')}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

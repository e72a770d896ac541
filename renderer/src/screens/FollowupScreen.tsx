// The morning's follow-up list (spec/domain.md): who needs the team today. Medical staff and
// managers see why — regular clients not seen for weeks, positive results not yet given, tests
// due, referrals without an outcome (recorded here, in place), HCV antibody positives without an
// RNA test. The desk sees the clients alone and asks them to see the doctor: the core never
// sends it the reason (db/services/followup.ts).
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ChannelOutput } from '../../../shared/api';
import type { Infection } from '../../../shared/domain';
import { call, errorText } from '../api';
import { formatDate, formatNumber } from '../i18n';
import { ReferralOutcomeSelect } from '../components/ReferralOutcomeSelect';

type Followup = ChannelOutput<'followup.list'>;
type MedicalRow = Extract<Followup, { view: 'medical' }>['clients'][number];
type Reason = MedicalRow['reasons'][number];

const infections = (t: TFunction, list: readonly Infection[]) => list.map((i) => t(`infection.${i}`)).join(', ');

function reasonText(t: TFunction, r: Reason, weeks: number): string {
  switch (r.kind) {
    case 'not_seen':
      return t('followup.reason.not_seen', { weeks });
    case 'result_not_given':
      return t('followup.reason.result_not_given', { infections: infections(t, r.infections), date: formatDate(r.resultDate) });
    case 'test_due':
      return t('followup.reason.test_due', { infections: infections(t, r.infections) });
    case 'referral_no_outcome':
      return t('followup.reason.referral_no_outcome', { date: formatDate(r.date), to: t(`referral.${r.referralTo ?? 'other'}`) });
    case 'hcv_rna_missing':
      return t('followup.reason.hcv_rna_missing', { date: formatDate(r.date) });
  }
}

export function FollowupScreen({ onOpenHistory }: { onOpenHistory(clientId: number): void }) {
  const { t } = useTranslation();
  const [list, setList] = useState<Followup | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await call('followup.list', {});
    if (r.ok) {
      setList(r.value);
      setError(null);
    } else setError(errorText(r.error));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const codeButton = (clientId: number, code: string) => (
    <Button variant="subtle" size="compact-sm" ff="monospace" aria-label={t('followup.openHistory', { code })} onClick={() => onOpenHistory(clientId)}>
      {code}
    </Button>
  );

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h3">
          {t('followup.title')}
        </Title>
        <Button variant="default" size="compact-sm" onClick={() => void load()}>
          {t('followup.refresh')}
        </Button>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {list && list.clients.length === 0 && <Text>{t('followup.none')}</Text>}
      {list && list.clients.length > 0 && (
        <Paper withBorder p="sm" component="section" aria-labelledby="followup-count">
          <Text fw={700} size="sm" id="followup-count" mb={4}>
            {t('followup.count', { n: formatNumber(list.clients.length) })}
          </Text>
          {list.view === 'desk' ? (
            <>
              <Text size="sm" mb="xs">
                {t('followup.deskIntro')}
              </Text>
              <Table verticalSpacing={2} striped aria-labelledby="followup-count">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={160}>{t('followup.code')}</Table.Th>
                    <Table.Th>{t('followup.why')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.clients.map((c) => (
                    <Table.Tr key={c.clientId}>
                      <Table.Td>{codeButton(c.clientId, c.clientCode)}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{t('followup.askDoctor')}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          ) : (
            <Table verticalSpacing={4} striped aria-labelledby="followup-count">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={150}>{t('followup.code')}</Table.Th>
                  <Table.Th w={130}>{t('followup.lastVisit')}</Table.Th>
                  <Table.Th>{t('followup.why')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.clients.map((c) => (
                  <Table.Tr key={c.clientId} data-testid={`followup-${c.clientCode}`}>
                    <Table.Td style={{ verticalAlign: 'top' }}>{codeButton(c.clientId, c.clientCode)}</Table.Td>
                    <Table.Td style={{ verticalAlign: 'top', whiteSpace: 'nowrap' }}>
                      <Text size="sm">{c.lastVisit ? formatDate(c.lastVisit) : '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        {c.reasons.map((r, i) => (
                          <Group key={i} gap="xs" wrap="nowrap" justify="space-between">
                            <Text size="sm">{reasonText(t, r, list.notSeenWeeks)}</Text>
                            {r.kind === 'referral_no_outcome' && (
                              <ReferralOutcomeSelect visitId={r.visitId} date={r.date} referralTo={r.referralTo} value={null} onSaved={() => void load()} />
                            )}
                          </Group>
                        ))}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      )}
    </Stack>
  );
}

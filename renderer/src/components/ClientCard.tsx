// The client card beside the visit form: who this is (by code only), how often they come, what
// went out and came back, the last tests and what is due.
import { Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber } from '../i18n';
import type { ClientCardData } from '../types';
import { INFECTIONS } from '../../../shared/domain';
import { localToday } from '../../../shared/dates';
import { pharmacotherapyOn } from './Pharmacotherapy';

function Fact({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </div>
  );
}

export function ClientCard({ card, onHistory }: { card: ClientCardData | null; onHistory?: () => void }) {
  const { t } = useTranslation();
  if (!card) {
    return (
      <Paper withBorder p="md" aria-busy="true">
        <Text c="dimmed">{t('card.loading')}</Text>
      </Paper>
    );
  }
  const c = card.client;
  // Pharmacotherapy is dated: the card says since when.
  const therapy = pharmacotherapyOn(card.pharmacotherapy, localToday());
  const therapyText = c.inPharmacotherapy ? (therapy?.status ? t('card.inPharmacotherapySince', { date: formatDate(therapy.date) }) : t('card.inPharmacotherapy')) : null;
  return (
    <Paper withBorder p="md" component="section" aria-label={t('card.title')} data-testid="client-card">
      <Stack gap="sm">
        <Group justify="space-between" gap={4}>
          <Title order={2} size="h3" ff="monospace">
            {c.code}
          </Title>
          {onHistory && (
            <Button variant="subtle" size="compact-sm" onClick={onHistory}>
              {t('card.history')}
            </Button>
          )}
        </Group>
        <Text size="sm">
          {[t(`sex.${c.sex}`), c.birthYear ? t('card.born', { year: c.birthYear }) : null, t(`injects.${c.injects}`), therapyText]
            .filter(Boolean)
            .join(' · ')}
        </Text>
        {/* One column when the card is narrow (1024×768), so dates are never broken in two. */}
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="xs" verticalSpacing={4}>
          <Fact label={t('card.firstVisit')} value={card.firstVisit ? formatDate(card.firstVisit) : '—'} />
          <Fact label={t('card.lastVisit')} value={c.lastVisit ? formatDate(c.lastVisit) : '—'} />
          <Fact label={t('card.visitsThisMonth')} value={formatNumber(card.visitsThisMonth)} />
        </SimpleGrid>
        <Table withRowBorders={false} verticalSpacing={0} horizontalSpacing={4} aria-label={t('card.syringes')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th fz="xs" fw={400} c="dimmed">
                {t('card.syringes')}
              </Table.Th>
              <Table.Th fz="xs" fw={400} c="dimmed" ta="right">
                {t('supplies.out')}
              </Table.Th>
              <Table.Th fz="xs" fw={400} c="dimmed" ta="right">
                {t('supplies.back')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <Table.Tr>
              <Table.Td fz="sm">{t('card.thisMonth')}</Table.Td>
              <Table.Td className="num" fw={600}>
                {formatNumber(card.syringesOutThisMonth)}
              </Table.Td>
              <Table.Td className="num" fw={600}>
                {formatNumber(card.syringesInThisMonth)}
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td fz="sm">{t('card.inAll')}</Table.Td>
              <Table.Td className="num" fw={600}>
                {formatNumber(card.syringesOutTotal)}
              </Table.Td>
              <Table.Td className="num" fw={600}>
                {formatNumber(card.syringesInTotal)}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <div>
          <Text size="xs" c="dimmed" mb={2}>
            {t('card.lastTests')}
          </Text>
          <Stack gap={2}>
            {INFECTIONS.map((inf) => {
              const last = card.lastTests[inf];
              return (
                <Text size="sm" key={inf}>
                  <b>{t(`infection.${inf}`)}:</b>{' '}
                  {last
                    ? `${formatDate(last.date)} — ${card.resultsHidden ? t('card.resultHidden') : last.result ? t(`result.${last.result}`) : t('result.pending')}`
                    : t('card.neverTested')}
                </Text>
              );
            })}
          </Stack>
        </div>
        {card.flags.length > 0 && (
          <Group gap={6}>
            {card.flags.map((f) => (
              <Badge key={f} color={f === 'results_pending' ? 'blue.9' : 'orange.9'} variant="filled" h="auto" py={2} styles={{ label: { whiteSpace: 'normal', overflow: 'visible' } }}>
                {t(`flag.${f}`)}
              </Badge>
            ))}
          </Group>
        )}
        {card.note && (
          <div>
            <Text size="xs" c="dimmed">
              {t('card.note')}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {card.note}
            </Text>
          </div>
        )}
      </Stack>
    </Paper>
  );
}

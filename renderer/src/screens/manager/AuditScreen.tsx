// The audit log (manager): every change, newest first, a page at a time; each entry's before
// and after on request; and a check of the database file and of the audit chain (an edited,
// removed or inserted entry shows).
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Code, Group, List, Modal, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '../../../../shared/api';
import { call } from '../../api';
import { BusyBar } from '../../components/BusyBar';
import { generalMessage } from '../../hooks/apiErrors';
import { formatDateTime, formatNumber } from '../../i18n';

type Entry = ChannelOutput<'audit.list'>[number];
type Verify = ChannelOutput<'audit.verify'>;

const PAGE = 50;

const pretty = (json: string | null): string => {
  if (json === null) return '—';
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
};

export function AuditScreen() {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  // The beforeId of each page shown so far: the first page has none.
  const [pages, setPages] = useState<Array<number | null>>([null]);
  const [error, setError] = useState<string | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verify, setVerify] = useState<Verify | null>(null);
  const [open, setOpen] = useState<Entry | null>(null);
  const beforeId = pages[pages.length - 1];

  const load = useCallback(async (before: number | null) => {
    const r = await call('audit.list', { limit: PAGE, beforeId: before });
    if (!r.ok) {
      setError(generalMessage(r.error));
      return;
    }
    setEntries(r.value);
  }, []);
  useEffect(() => {
    void load(beforeId);
  }, [load, beforeId]);

  const runVerify = async () => {
    setVerifying(true);
    setVerify(null);
    setError(null);
    const r = await call('audit.verify', {});
    setVerifying(false);
    if (!r.ok) {
      setError(generalMessage(r.error));
      return;
    }
    setVerify(r.value);
  };

  const label = (group: 'auditAction' | 'auditEntity', key: string) => t(`${group}.${key}`, { defaultValue: key });
  const first = entries?.[0]?.id;
  const last = entries?.[entries.length - 1]?.id;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h3">
          {t('audit.title')}
        </Title>
        <Button onClick={() => void runVerify()} loading={verifying}>
          {t('audit.verify')}
        </Button>
      </Group>
      {verifying && <BusyBar label={t('audit.verifying')} />}
      {verify &&
        (verify.problems.length === 0 ? (
          <Alert color="teal" title={t('audit.okTitle')} data-testid="verify-result" withCloseButton onClose={() => setVerify(null)}>
            {t('audit.ok')}
          </Alert>
        ) : (
          <Alert color="red" title={t('audit.problemsTitle', { n: verify.problems.length })} role="alert" data-testid="verify-result" withCloseButton onClose={() => setVerify(null)}>
            <Text size="sm">
              {t('audit.integrity')}: {verify.integrity ? t('audit.good') : t('audit.bad')} · {t('audit.chain')}: {verify.auditChain ? t('audit.good') : t('audit.bad')}
            </Text>
            <List size="sm" mt={4}>
              {verify.problems.slice(0, 20).map((p) => (
                <List.Item key={p}>{p}</List.Item>
              ))}
            </List>
          </Alert>
        ))}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Paper withBorder p="sm">
        <Group justify="space-between" mb="xs">
          <Text size="sm" data-testid="audit-range">
            {first !== undefined && last !== undefined ? t('audit.range', { from: formatNumber(last), to: formatNumber(first) }) : t('common.none')}
          </Text>
          <Group gap="xs">
            <Button size="compact-sm" variant="default" disabled={pages.length <= 1} onClick={() => setPages((p) => p.slice(0, -1))}>
              {t('audit.newer')}
            </Button>
            <Button
              size="compact-sm"
              variant="default"
              disabled={!entries || entries.length < PAGE || last === 1}
              onClick={() => last !== undefined && setPages((p) => [...p, last])}
            >
              {t('audit.older')}
            </Button>
          </Group>
        </Group>
        <Table striped verticalSpacing={3} aria-label={t('audit.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th ta="right">{t('audit.number')}</Table.Th>
              <Table.Th>{t('audit.at')}</Table.Th>
              <Table.Th>{t('audit.user')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.entity')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries?.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td className="num">{e.id}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                <Table.Td>{e.userName}</Table.Td>
                <Table.Td>{label('auditAction', e.action)}</Table.Td>
                <Table.Td>
                  {label('auditEntity', e.entity)}
                  {e.entityId !== null && (
                    <Text span size="sm" c="dimmed">
                      {' '}
                      #{e.entityId}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {(e.before !== null || e.after !== null) && (
                    <Button size="compact-xs" variant="default" onClick={() => setOpen(e)} aria-label={t('audit.showOne', { n: e.id })}>
                      {t('audit.details')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open ? t('audit.entryTitle', { n: open.id }) : ''} size="xl">
        {open && (
          <Stack gap="xs">
            <Text size="sm">
              {formatDateTime(open.at)} · {open.userName} · {label('auditAction', open.action)} · {label('auditEntity', open.entity)}
            </Text>
            <Group grow align="flex-start">
              <Stack gap={4}>
                <Text size="sm" fw={700}>
                  {t('audit.before')}
                </Text>
                <ScrollArea.Autosize mah={420}>
                  <Code block>{pretty(open.before)}</Code>
                </ScrollArea.Autosize>
              </Stack>
              <Stack gap={4}>
                <Text size="sm" fw={700}>
                  {t('audit.after')}
                </Text>
                <ScrollArea.Autosize mah={420}>
                  <Code block>{pretty(open.after)}</Code>
                </ScrollArea.Autosize>
              </Stack>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

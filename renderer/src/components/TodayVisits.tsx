// Today's visits of one site, newest first, each editable or voidable where it is (the same editor
// and void dialog as the client history). Seen at the desk, so it says what was given and taken
// back and which services, never a test or its result.
import { useState } from 'react';
import { Button, Group, Modal, ScrollArea, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call } from '../api';
import { formatNumber, itemLabel } from '../i18n';
import { isMedical, useSession } from '../hooks/useSession';
import { MEDICAL_SERVICES } from '../../../shared/domain';
import { VisitEditor } from './VisitEditor';
import { VoidDialog } from './VoidDialog';
import type { ItemRecord, VisitRecord } from '../types';

// The core refuses a social worker's change to a visit with medical lines or tests: no button for it.
const hasMedicalLines = (v: VisitRecord): boolean => v.tests.length > 0 || v.services.some((s) => (MEDICAL_SERVICES as readonly string[]).includes(s.type));

/** "Švirkštas 2 ml 10 / 12 · Spiritinė servetėlė 10 · Konsultavimas": out / back per item, then services. */
export function visitLine(t: TFunction, v: VisitRecord, items: readonly ItemRecord[]): string {
  const byItem = new Map<string, { out: number; in: number }>();
  for (const s of v.supplies) {
    const q = byItem.get(s.itemKey) ?? { out: 0, in: 0 };
    q[s.direction] += s.quantity;
    byItem.set(s.itemKey, q);
  }
  const supplies = [...byItem].map(([key, q]) => {
    const item = items.find((i) => i.key === key);
    const name = item ? itemLabel(item) : key;
    return q.in > 0 ? t('today.outBack', { item: name, out: formatNumber(q.out), back: formatNumber(q.in) }) : `${name} ${formatNumber(q.out)}`;
  });
  const services = v.services.map((s) => t(`service.${s.type}`));
  return [...supplies, ...services].join(' · ') || '—';
}

export function TodayVisits({ visits, items, onChanged }: { visits: readonly VisitRecord[]; items: readonly ItemRecord[]; onChanged(): void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [editing, setEditing] = useState<VisitRecord | null>(null);
  const [voiding, setVoiding] = useState<VisitRecord | null>(null);
  const mayChange = (v: VisitRecord) => !v.voided && (isMedical(user) || !hasMedicalLines(v));

  if (visits.length === 0) return <Text size="sm">{t('today.none')}</Text>;
  return (
    <>
      <ScrollArea.Autosize mah={360} type="auto">
        <Table verticalSpacing={3} horizontalSpacing={6} aria-label={t('today.list')} data-testid="today-visits">
          <Table.Tbody>
            {visits.map((v) => (
              <Table.Tr key={v.id} data-testid="today-visit" opacity={v.voided ? 0.6 : 1}>
                <Table.Td w={52} fz="sm" className="num">
                  {v.time ?? ''}
                </Table.Td>
                <Table.Td w={120} ff="monospace" fw={700} fz="sm" td={v.voided ? 'line-through' : undefined}>
                  {v.clientCode ?? t('today.anonymous', { n: v.anonymousCount })}
                </Table.Td>
                <Table.Td fz="sm" td={v.voided ? 'line-through' : undefined}>
                  {v.kind !== 'cabinet' && <Text span size="xs" fw={700} mr={6}>{t(`visitKind.${v.kind}`)}</Text>}
                  {visitLine(t, v, items)}
                  {v.voided && (
                    <Text span size="xs" fw={700} ml={6}>
                      {t('today.voided', { reason: v.voided.reason })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td w={150}>
                  {mayChange(v) && (
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <Button size="compact-xs" variant="default" aria-label={t('today.edit', { time: v.time ?? '', code: v.clientCode ?? '' })} onClick={() => setEditing(v)}>
                        {t('common.edit')}
                      </Button>
                      <Button size="compact-xs" variant="subtle" color="red.9" aria-label={t('today.void', { time: v.time ?? '', code: v.clientCode ?? '' })} onClick={() => setVoiding(v)}>
                        {t('common.void')}
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={t('history.editTitle')} size="xl">
        {editing && (
          <VisitEditor
            visit={editing}
            onCancel={() => setEditing(null)}
            onSaved={() => {
              notifications.show({ color: 'teal', message: t('history.visitSaved') });
              setEditing(null);
              onChanged();
            }}
          />
        )}
      </Modal>
      <VoidDialog
        opened={voiding !== null}
        what={voiding ? `${voiding.time ?? ''} ${voiding.clientCode ?? ''}`.trim() : ''}
        onClose={() => setVoiding(null)}
        onVoid={async (reason) => {
          const r = await call('visits.void', { id: voiding!.id, reason });
          if (r.ok) onChanged();
          return r;
        }}
      />
    </>
  );
}

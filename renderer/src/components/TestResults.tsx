// Results of one test, one choice per infection the test type covers; "pending" until known.
import { Group, SegmentedControl, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { TEST_INFECTIONS, TEST_RESULTS, type Infection, type TestResult, type TestType } from '../../../shared/domain';

export type Results = Record<Infection, TestResult | null>;
export const noResults = (): Results => ({ hiv: null, hbv: null, hcv: null });

export function TestResults({ type, value, onChange, idPrefix }: { type: TestType; value: Results; onChange(r: Results): void; idPrefix: string }) {
  const { t } = useTranslation();
  const infections = TEST_INFECTIONS[type];
  if (infections.length === 0) return <Text size="sm">{t('medical.noInfectionResult')}</Text>;
  return (
    <Group gap="xs">
      {infections.map((inf) => (
        <Group key={inf} gap={6} wrap="nowrap">
          <Text size="sm" fw={700} id={`${idPrefix}-${inf}`} w={34}>
            {t(`infection.${inf}`)}
          </Text>
          <SegmentedControl
            size="xs"
            transitionDuration={0}
            aria-labelledby={`${idPrefix}-${inf}`}
            value={value[inf] ?? 'pending'}
            onChange={(v) => onChange({ ...value, [inf]: v === 'pending' ? null : (v as TestResult) })}
            data={[{ value: 'pending', label: t('result.pendingShort') }, ...TEST_RESULTS.map((r) => ({ value: r, label: t(`result.${r}`) }))]}
          />
        </Group>
      ))}
    </Group>
  );
}

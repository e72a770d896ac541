// The figures of a report, grouped as in spec/indicators.md, each with its definition on
// hover; split figures shown as their parts, indented under the figure's name. With onExplain,
// each figure and each part is a button that opens the records behind it (ExplainDrawer), and a
// split figure's name opens all its parts at once.
import type { ReactNode } from 'react';
import { Badge, Paper, SimpleGrid, Stack, Table, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { INDICATORS, type IndicatorDef, type IndicatorGroup, type IndicatorKey } from '../../../shared/indicators';
import { PART_LABELS } from '../../../shared/indicator-parts';
import type { ReportOutput } from '../../../shared/report-schemas';
import { useCatalogue } from '../hooks/useCatalogue';
import { currentLanguage, formatNumber, itemLabel } from '../i18n';

// Two columns on the screen, the groups in the order of indicators.md.
export const COLUMNS = [
  ['reach', 'commodities', 'overdose', 'advocacy'],
  ['social', 'medical', 'testing', 'care', 'secondary'],
] as const satisfies ReadonlyArray<readonly IndicatorGroup[]>;
// Every group is shown: a group added to the catalogue and not placed here does not compile.
type Unplaced = Exclude<IndicatorGroup, (typeof COLUMNS)[number][number]>;
export const everyGroupPlaced: [Unplaced] extends [never] ? true : never = true;

/** Why a figure is empty (indicators.md: null when it cannot be computed). */
const NULL_REASON: Record<string, string> = {
  nsp_coverage: 'reports.noEstimate',
  syringes_per_pwid_year: 'reports.noEstimate',
  syringe_return_rate: 'reports.nothingDistributed',
  syringes_per_participant: 'reports.noParticipants',
  syringes_per_participant_month: 'reports.noParticipants',
  needles_syringes_per_pwid_year: 'reports.noEstimate',
  referral_arrival_rate: 'reports.noReferrals',
};

function Label({ def }: { def: IndicatorDef }) {
  const lang = currentLanguage();
  return (
    <Tooltip label={def.definition[lang]} multiline w={340} openDelay={300} withinPortal>
      <Text span size="sm" style={{ textDecoration: 'underline dotted var(--mantine-color-gray-5)', textUnderlineOffset: 3, cursor: 'help' }}>
        {def.label[lang]}
      </Text>
    </Tooltip>
  );
}

/** Opens the records behind a figure, or one part of it (null: the whole figure). */
export type OnExplain = (key: IndicatorKey, part: string | null) => void;

/** The figure as a button when it can be explained; its text stays the number (the tests read it). */
function Explainable({ onExplain, what, children, keyOf, part }: { onExplain?: OnExplain; what: string; children: ReactNode; keyOf: IndicatorKey; part: string | null }) {
  const { t } = useTranslation();
  if (!onExplain) return <>{children}</>;
  return (
    <UnstyledButton className="explain-link" onClick={() => onExplain(keyOf, part)} title={t('explain.open')} aria-label={`${what} — ${t('explain.open')}`}>
      {children}
    </UnstyledButton>
  );
}

function FigureRows({ def, report, onExplain, testIds }: { def: IndicatorDef<IndicatorKey>; report: ReportOutput; onExplain?: OnExplain; testIds: string }) {
  const { t } = useTranslation();
  const { items } = useCatalogue();
  const lang = currentLanguage();
  const value = report.indicators[def.key];
  if (value === null || value === undefined) {
    return (
      <Table.Tr>
        <Table.Td>
          <Label def={def} />
        </Table.Td>
        <Table.Td className="num" data-testid={`${testIds}-${def.key}`}>
          <Text span size="xs" c="dimmed" mr={6}>
            {t(NULL_REASON[def.key] ?? 'reports.notComputed')}
          </Text>
          <Explainable onExplain={onExplain} keyOf={def.key} part={null} what={`${def.label[lang]}: —`}>
            —
          </Explainable>
        </Table.Td>
      </Table.Tr>
    );
  }
  if (typeof value === 'number') {
    const level = def.key === 'syringes_per_pwid_year' ? report.rules.coverage_level : null;
    return (
      <Table.Tr>
        <Table.Td>
          <Label def={def} />
        </Table.Td>
        <Table.Td className="num" fw={600} data-testid={`${testIds}-${def.key}`} style={{ whiteSpace: 'nowrap' }}>
          {level && (
            <Badge size="sm" mr={6} variant="outline" color={level === 'low' ? 'red.9' : level === 'high' ? 'teal.9' : 'yellow.9'}>
              {t(`reports.coverage.${level}`)}
            </Badge>
          )}
          <Explainable onExplain={onExplain} keyOf={def.key} part={null} what={`${def.label[lang]}: ${formatNumber(value, def.decimal ? 1 : 0)}`}>
            {formatNumber(value, def.decimal ? 1 : 0)}
          </Explainable>
        </Table.Td>
      </Table.Tr>
    );
  }
  const partLabel = (part: string): string => {
    if (def.parts === 'catalogue') {
      const item = items.find((i) => i.key === part);
      return item ? itemLabel(item) : part;
    }
    return PART_LABELS[def.key]?.[part]?.[lang] ?? part;
  };
  const parts = def.parts === 'catalogue' ? Object.keys(value) : (def.parts ?? Object.keys(value));
  return (
    <>
      <Table.Tr>
        <Table.Td colSpan={2}>
          <Label def={def} />
          {onExplain && (
            <UnstyledButton className="explain-link explain-all" ml={8} onClick={() => onExplain(def.key, null)} aria-label={`${def.label[lang]} — ${t('explain.openAll')}`}>
              <Text span size="xs">
                {t('explain.allParts')}
              </Text>
            </UnstyledButton>
          )}
        </Table.Td>
      </Table.Tr>
      {parts.map((part) => (
        <Table.Tr key={part}>
          <Table.Td pl="xl">
            <Text span size="sm">
              {partLabel(part)}
            </Text>
          </Table.Td>
          <Table.Td className="num" data-testid={`${testIds}-${def.key}.${part}`}>
            <Explainable onExplain={onExplain} keyOf={def.key} part={part} what={`${def.label[lang]}, ${partLabel(part)}: ${formatNumber(value[part] ?? 0)}`}>
              {formatNumber(value[part] ?? 0)}
            </Explainable>
          </Table.Td>
        </Table.Tr>
      ))}
    </>
  );
}

/** printed: the copy the print stylesheet shows (ReportPrint), with ids and test ids of its own. */
export function IndicatorTable({ report, onExplain, printed = false }: { report: ReportOutput; onExplain?: OnExplain; printed?: boolean }) {
  const { t } = useTranslation();
  const idPrefix = printed ? 'print-group' : 'group';
  return (
    <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm" className="indicator-grid">
      {COLUMNS.map((groups) => (
        <Stack key={groups[0]} gap="sm">
          {groups.map((g) => (
            <Paper key={g} withBorder p="sm" component="section" aria-labelledby={`${idPrefix}-${g}`} className="indicator-group">
              <Title order={3} size="h5" id={`${idPrefix}-${g}`} mb={4}>
                {t(`reports.group.${g}`)}
              </Title>
              <Table verticalSpacing={2} striped aria-labelledby={`${idPrefix}-${g}`}>
                <Table.Tbody>
                  {INDICATORS.filter((d) => d.group === g).map((def) => (
                    <FigureRows key={def.key} def={def} report={report} onExplain={onExplain} testIds={printed ? 'print-value' : 'value'} />
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          ))}
        </Stack>
      ))}
    </SimpleGrid>
  );
}

// One answer out of a short closed list, as a row of radio buttons: every answer in sight, Tab
// enters the group, the arrows choose, Enter moves on to the next field (saveKeys). A group may
// start with nothing chosen when the answer must be asked, never guessed.
import { Group, Radio } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface ChoiceProps<V extends string> {
  label: string;
  values: readonly V[];
  value: V | null;
  onChange(value: V): void;
  /** The i18n key prefix of the answers' names: `${prefix}.${value}`. */
  names: string;
  error?: React.ReactNode;
  required?: boolean;
  'data-testid'?: string;
}

export function Choice<V extends string>({ label, values, value, onChange, names, error, required, ...rest }: ChoiceProps<V>) {
  const { t } = useTranslation();
  return (
    <Radio.Group label={label} value={value} onChange={(v) => onChange(v as V)} error={error} withAsterisk={required} {...rest}>
      <Group gap="md" mt={4} wrap="wrap">
        {values.map((v) => (
          <Radio key={v} value={v} label={t(`${names}.${v}`)} size="sm" />
        ))}
      </Group>
    </Radio.Group>
  );
}

// A date field in the locale's format that holds a YYYY-MM-DD string (STYLE.md: dates are text).
import { DateInput, DatesProvider } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { dateInputFormat, dayjsLocale } from '../i18n';

export interface DateFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: React.ReactNode;
  required?: boolean;
  w?: number | string;
  description?: string;
}

export function DateField({ label, value, onChange, error, required, w, description }: DateFieldProps) {
  useTranslation(); // re-render on language change
  return (
    <DatesProvider settings={{ locale: dayjsLocale(), firstDayOfWeek: 1 }}>
      <DateInput
        label={label}
        description={description}
        value={value || null}
        onChange={(v) => onChange(v ?? '')}
        valueFormat={dateInputFormat()}
        error={error}
        required={required}
        w={w}
        popoverProps={{ withinPortal: true }}
      />
    </DatesProvider>
  );
}

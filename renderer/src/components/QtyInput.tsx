// A whole-number field for quantities, right-aligned, empty means none. It shows exactly what was
// typed: a character that is not a digit is never dropped or rewritten ("2,5" does not become 25,
// "l2" does not become 2), it is refused at the field with a sentence under it, and the forms do
// not save while a field says so (badQty). Letters typed here are text, never shortcuts.
import { forwardRef } from 'react';
import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface QtyInputProps {
  label: React.ReactNode;
  value: string;
  onChange(value: string): void;
  error?: React.ReactNode;
  w?: number | string;
  'aria-label'?: string;
  'data-testid'?: string;
  size?: 'xs' | 'sm' | 'md';
  description?: React.ReactNode;
  /** Where the "digits only" sentence goes: under the field (default), or nowhere when the caller shows it (a table's name cell). */
  ownError?: 'below' | 'caller';
  onKeyDown?: React.KeyboardEventHandler<HTMLInputElement>;
}

const DIGITS = /^\d*$/;

/** Whether what was typed is not a whole number: anything but digits (spaces around are forgiven). */
export const badQty = (s: string): boolean => !DIGITS.test(s.trim());

/** The number in a quantity field; empty is zero. Only for text that passed badQty. */
export const qty = (s: string): number => (s.trim() === '' ? 0 : Number.parseInt(s.trim(), 10));

export const QtyInput = forwardRef<HTMLInputElement, QtyInputProps>(function QtyInput({ label, value, onChange, error, w, size, description, ownError = 'below', ...rest }, ref) {
  const { t } = useTranslation();
  const bad = badQty(value);
  const shown = bad ? (ownError === 'below' ? t('qty.digitsOnly') : true) : error;
  return (
    <TextInput
      ref={ref}
      className="qty-input"
      label={label}
      description={description}
      value={value}
      inputMode="numeric"
      autoComplete="off"
      spellCheck={false}
      maxLength={9}
      data-qty="true"
      aria-invalid={bad || !!error || undefined}
      size={size}
      w={w}
      error={shown}
      onChange={(e) => onChange(e.currentTarget.value)}
      onFocus={(e) => e.currentTarget.select()}
      {...rest}
    />
  );
});

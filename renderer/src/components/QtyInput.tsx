// A whole-number field for quantities: digits only, right-aligned, empty means none. Plain
// text underneath so that typing is never second-guessed and letters can serve as shortcuts.
import { forwardRef } from 'react';
import { TextInput } from '@mantine/core';

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
}

export const QtyInput = forwardRef<HTMLInputElement, QtyInputProps>(function QtyInput({ label, value, onChange, error, w, size, description, ...rest }, ref) {
  return (
    <TextInput
      ref={ref}
      className="qty-input"
      label={label}
      description={description}
      value={value}
      inputMode="numeric"
      autoComplete="off"
      maxLength={6}
      data-qty="true"
      size={size}
      w={w}
      error={error}
      onChange={(e) => onChange(e.currentTarget.value.replace(/\D/g, ''))}
      onFocus={(e) => e.currentTarget.select()}
      {...rest}
    />
  );
});

/** The number in a quantity field; empty is zero. */
export const qty = (s: string): number => (s === '' ? 0 : Number.parseInt(s, 10));

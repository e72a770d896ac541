// Social services and test counselling as toggles, each with a one-letter shortcut (shown on
// the toggle, taken from the language's catalogue so that the letter matches the word): Alt+letter
// from any field of the form, the plain letter on a button.
import { Group, Kbd, UnstyledButton, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ServiceType } from '../../../shared/domain';

export const DESK_SERVICES = ['information', 'consultation', 'health_education', 'referral', 'pre_test_counselling', 'post_test_counselling'] as const satisfies readonly ServiceType[];
export type DeskService = (typeof DESK_SERVICES)[number];

export const shortcutOf = (t: TFunction, type: ServiceType): string => t(`serviceKey.${type}`).toLowerCase();

/** The service a letter stands for, if any. */
export function serviceForKey(t: TFunction, key: string, among: readonly ServiceType[]): ServiceType | null {
  if (key.length !== 1) return null;
  const k = key.toLowerCase();
  return among.find((s) => shortcutOf(t, s) === k) ?? null;
}

/**
 * Whether a plain letter typed at this element may act as a shortcut: only where a letter means
 * nothing else (buttons, toggles, check boxes). In every field — quantities too — a letter is
 * text: "10k" typed in a quantity is refused there, it does not switch on a consultation.
 */
export function letterIsShortcut(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return true;
  if (target instanceof HTMLInputElement) return target.type === 'checkbox' || target.type === 'radio';
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return false;
  if (target.isContentEditable || target.getAttribute('role') === 'combobox') return false;
  return true;
}

/**
 * The service a key press toggles: Alt+letter from anywhere in the form (the letter read from the
 * key's place, so a keyboard layout or Alt's own characters do not change it), or the plain
 * letter on a button or toggle. Null when the press is not a service shortcut.
 */
export function serviceShortcut(t: TFunction, e: React.KeyboardEvent, among: readonly ServiceType[]): ServiceType | null {
  if (e.ctrlKey || e.metaKey) return null;
  if (e.altKey) return e.code.startsWith('Key') ? serviceForKey(t, e.code.slice(3), among) : null;
  return e.key.length === 1 && letterIsShortcut(e.target) ? serviceForKey(t, e.key, among) : null;
}

export function ServiceToggles({ services, selected, onToggle, label }: { services: readonly ServiceType[]; selected: readonly ServiceType[]; onToggle(s: ServiceType): void; label: string }) {
  const { t } = useTranslation();
  return (
    <div role="group" aria-label={label}>
      <Text size="sm" fw={700} mb={4}>
        {label}
      </Text>
      <Group gap={6}>
        {services.map((s) => {
          const on = selected.includes(s);
          const key = shortcutOf(t, s).toUpperCase();
          return (
            <UnstyledButton
              key={s}
              className="service-toggle"
              data-checked={on}
              aria-pressed={on}
              aria-keyshortcuts={`Alt+${key} ${key}`}
              onClick={() => onToggle(s)}
              px={8}
              py={4}
              style={{ border: '1px solid var(--mantine-color-gray-5)', borderRadius: 4, whiteSpace: 'nowrap' }}
            >
              <Group gap={6} wrap="nowrap">
                <Kbd size="xs" title={`Alt+${key}`}>
                  {key}
                </Kbd>
                <Text size="sm" fw={on ? 700 : 500} c="inherit">
                  {on ? '✓ ' : ''}
                  {t(`service.${s}`)}
                </Text>
              </Group>
            </UnstyledButton>
          );
        })}
      </Group>
    </div>
  );
}

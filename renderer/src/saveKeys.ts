// A form that saves on submit and on Ctrl+Enter from any field (Cmd+Enter on a Mac), and,
// when given, cancels on Escape: the same keys on every recording screen.
import type { FormEvent, KeyboardEvent } from 'react';

export function saveKeys(save: () => Promise<unknown> | void, cancel?: () => void) {
  return {
    onSubmit(e: FormEvent<HTMLElement>) {
      e.preventDefault();
      void save();
    },
    onKeyDown(e: KeyboardEvent<HTMLElement>) {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void save();
      } else if (cancel && e.key === 'Escape') {
        e.preventDefault();
        cancel();
      }
    },
  };
}

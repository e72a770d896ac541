// Locks the app after the cabinet's idle minutes without keyboard or mouse, and on Ctrl+L:
// clients see the screen at the desk.
import { useEffect, useRef } from 'react';

const ACTIVITY = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;

export function useIdleLock(idleMinutes: number, lock: () => void): void {
  const last = useRef(Date.now());
  const lockRef = useRef(lock);
  lockRef.current = lock;

  useEffect(() => {
    const touch = () => {
      last.current = Date.now();
    };
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        lockRef.current();
      }
    };
    for (const ev of ACTIVITY) window.addEventListener(ev, touch, { passive: true, capture: true });
    window.addEventListener('keydown', onKey);
    const limit = Math.max(1, idleMinutes) * 60_000;
    const timer = window.setInterval(() => {
      if (Date.now() - last.current >= limit) lockRef.current();
    }, 5_000);
    return () => {
      for (const ev of ACTIVITY) window.removeEventListener(ev, touch, { capture: true });
      window.removeEventListener('keydown', onKey);
      window.clearInterval(timer);
    };
  }, [idleMinutes]);
}

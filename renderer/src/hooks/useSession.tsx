// Who is logged in, the cabinet's settings, and the session actions every screen may need.
import { createContext, useContext } from 'react';
import type { Settings, StaffInfo } from '../types';
import { MEDICAL_ROLES } from '../../../shared/domain';

export interface SessionValue {
  user: StaffInfo;
  settings: Settings;
  reloadSettings(): Promise<void>;
  lock(): Promise<void>;
  logout(): Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the app shell');
  return s;
}

export const isMedical = (user: StaffInfo): boolean => (MEDICAL_ROLES as readonly string[]).includes(user.role);
export const isManager = (user: StaffInfo): boolean => user.role === 'manager';

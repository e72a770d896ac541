// Catalogue items, sites and staff: loaded once after login, reloaded after a manager changes them.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { call } from '../api';
import type { ItemRecord, SiteRecord, StaffRecord } from '../types';

export interface CatalogueValue {
  items: ItemRecord[];
  sites: SiteRecord[];
  staff: StaffRecord[];
  loaded: boolean;
  reload(): Promise<void>;
}

const CatalogueContext = createContext<CatalogueValue | null>(null);

export function CatalogueProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ItemRecord[]>([]);
  const [sites, setSites] = useState<SiteRecord[]>([]);
  const [staff, setStaff] = useState<StaffRecord[]>([]);
  const [loaded, setLoaded] = useState(false);
  const reload = useCallback(async () => {
    const [i, s, st] = await Promise.all([call('items.list', {}), call('sites.list', {}), call('staff.list', {})]);
    if (i.ok) setItems(i.value);
    if (s.ok) setSites(s.value);
    if (st.ok) setStaff(st.value);
    setLoaded(true);
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  const value = useMemo(() => ({ items, sites, staff, loaded, reload }), [items, sites, staff, loaded, reload]);
  return <CatalogueContext.Provider value={value}>{children}</CatalogueContext.Provider>;
}

export function useCatalogue(): CatalogueValue {
  const c = useContext(CatalogueContext);
  if (!c) throw new Error('useCatalogue outside CatalogueProvider');
  return c;
}

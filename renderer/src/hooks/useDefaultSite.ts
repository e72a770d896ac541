// The site a screen records at by default: the one last used for that screen on this computer,
// else the first active site of the wanted kinds.
import { useEffect, useState } from 'react';
import type { SiteKind } from '../../../shared/domain';
import type { SiteRecord } from '../types';

export function useDefaultSite(sites: readonly SiteRecord[], kinds: readonly SiteKind[], storageKey: string): [number | null, (id: number | null) => void] {
  const [siteId, setSiteId] = useState<number | null>(() => {
    const saved = Number(localStorage.getItem(`slenkstis.site.${storageKey}`));
    return Number.isInteger(saved) && saved > 0 ? saved : null;
  });
  useEffect(() => {
    if (sites.length === 0) return;
    if (siteId !== null && sites.some((s) => s.id === siteId && s.active)) return;
    const first = sites.find((s) => s.active && kinds.includes(s.kind));
    setSiteId(first ? first.id : null);
    // kinds is a constant list per screen
  }, [sites, siteId, kinds]);
  const set = (id: number | null) => {
    setSiteId(id);
    if (id === null) localStorage.removeItem(`slenkstis.site.${storageKey}`);
    else localStorage.setItem(`slenkstis.site.${storageKey}`, String(id));
  };
  return [siteId, set];
}

export function HistoryScreen(_p: { initialClientId: number | null }) { return null; }

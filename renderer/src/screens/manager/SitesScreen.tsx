export function SitesScreen() { return null; }

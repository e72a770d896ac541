export function OutreachScreen() { return null; }

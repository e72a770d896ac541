export function SecondaryScreen() { return null; }

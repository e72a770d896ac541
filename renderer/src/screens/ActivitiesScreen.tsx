export function ActivitiesScreen() { return null; }

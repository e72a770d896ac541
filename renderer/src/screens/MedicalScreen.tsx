export function MedicalScreen() { return null; }

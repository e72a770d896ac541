// What only medical staff may write inside operations every role may call (visits.create/update/
// void, outreach.create/void, all access 'any'): medical services and tests. Who may call a
// channel at all is the channel map's (shared/api.ts), checked by Core.call: not repeated here.
import { MEDICAL_SERVICES, type ServiceType } from '../../shared/domain';
import { requireMedical, type Ctx } from './context';

interface Content {
  services: readonly { type: ServiceType }[];
  tests: readonly unknown[];
}

const medicalTypes = new Set<ServiceType>(MEDICAL_SERVICES);

export const isMedicalService = (type: ServiceType): boolean => medicalTypes.has(type);

/** Whether a visit (new or stored) has lines only medical staff may change: medical services or tests. */
export const hasMedicalLines = (v: Content): boolean => v.tests.length > 0 || v.services.some((s) => isMedicalService(s.type));

/** New content of a visit: each medical service and each test needs a medical account (the field names the first). */
export function requireMedicalContent(ctx: Ctx, v: Content): void {
  v.services.forEach((s, i) => {
    if (isMedicalService(s.type)) requireMedical(ctx, 'record_services', `services.${i}.type`, { key: 'medical_services' });
  });
  v.tests.forEach((_t, i) => requireMedical(ctx, 'record_tests', `tests.${i}.type`, { key: 'medical_tests' }));
}

// Reading visits: a stored visit with its supply, service, test and secondary-exchange lines, as
// the record every channel that answers visits gives (visits.get/day, clients.history,
// clients.lastVisitDefaults, tests.setResults, secondary.record).
import type { InferResult } from 'kysely';
import { qb } from '../store';
import type { ChannelOutput } from '../../shared/api';
import { isMedical, notFound, type Ctx } from './context';
import { compiledById } from './compiled';

export type VisitRecord = ChannelOutput<'visits.get'>;

/** A visit with the names beside it; callers add the where, order and limit (one statement per shape). */
export const visitRows = qb
  .selectFrom('visits as v')
  .leftJoin('clients as c', 'c.id', 'v.client_id')
  .leftJoin('sites as s', 's.id', 'v.site_id')
  .leftJoin('staff as st', 'st.id', 'v.staff_id')
  .selectAll('v')
  .select(['c.code as client_code', 's.name as site_name', 'st.display_name as staff_name']);

export type VisitRow = InferResult<typeof visitRows>[number];

// The lines of one visit: read for every visit of a list, so compiled once each.
const supplyLines = compiledById((visitId) =>
  qb.selectFrom('supply_lines as s').innerJoin('items as i', 'i.id', 's.item_id')
    .select(['i.key as itemKey', 's.direction', 's.quantity', 's.for_peers'])
    .where('s.visit_id', '=', visitId).orderBy('s.id'));
const serviceLines = compiledById((visitId) => qb.selectFrom('service_lines').select(['type', 'units', 'referral_to', 'referral_outcome']).where('visit_id', '=', visitId).orderBy('id'));
const testLines = compiledById((visitId) => qb.selectFrom('tests').selectAll().where('visit_id', '=', visitId).orderBy('id'));
const secondaryReport = compiledById((visitId) =>
  qb.selectFrom('secondary_reports').select(['point_site_id', 'peers_street', 'peers_points']).where('visit_id', '=', visitId));

export function toVisitRecord(ctx: Ctx, row: VisitRow): VisitRecord {
  const st = ctx.store;
  const supplies = st.all(supplyLines(row.id));
  const services = st.all(serviceLines(row.id));
  const tests = st.all(testLines(row.id));
  const sec = st.get(secondaryReport(row.id));
  // Results are medical data: other roles get the test without them.
  const seesResults = isMedical(ctx);
  return {
    id: row.id,
    date: row.date,
    time: row.time,
    clientId: row.client_id,
    clientCode: row.client_code,
    anonymousCount: row.anonymous_count,
    kind: row.kind,
    siteId: row.site_id,
    siteName: row.site_name,
    staffName: row.staff_name,
    supplies: supplies.map((s) => ({ itemKey: s.itemKey, direction: s.direction, quantity: s.quantity, forPeers: s.for_peers === 1 })),
    services: services.map((s) => ({ type: s.type, units: s.units, referralTo: s.referral_to, referralOutcome: s.referral_outcome })),
    tests: tests.map((t) => ({
      // An HCV RNA test follows only a positive antibody result: to the desk it is an HCV test.
      id: t.id, type: seesResults || t.type !== 'hcv_rna' ? t.type : 'hcv', testedPerson: t.tested_person, resultDate: t.result_date,
      results: seesResults ? { hiv: t.hiv_result, hbv: t.hbv_result, hcv: t.hcv_result } : { hiv: null, hbv: null, hcv: null },
    })),
    secondary: sec ? { pointId: sec.point_site_id, peersStreet: sec.peers_street, peersPoints: sec.peers_points } : null,
    trainedSecondary: row.trained_secondary === 1,
    note: row.note,
    voided: row.voided_at ? { at: row.voided_at, reason: row.void_reason ?? '' } : null,
  };
}

/** One visit's record; not_found when there is none. */
export function visitRecord(ctx: Ctx, id: number): VisitRecord {
  const row = ctx.store.get(visitRows.where('v.id', '=', id));
  if (!row) notFound('visit');
  return toVisitRecord(ctx, row);
}

// A visit must record something (issue 15: a double Enter at the desk saved an empty visit that
// counted a client and a visit day): refused in insertVisit, the one write path, whoever calls.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../db/core';
import { attempt, must, newCabinet } from './helpers';

let core: Core;
let cabinetId: number;
let clientId: number;

beforeAll(async () => {
  const cab = await newCabinet({ today: () => '2026-11-20' });
  core = cab.core;
  cabinetId = cab.cabinet.id;
  clientId = (await must(core, 'clients.register', { code: 'ONJO11985', sex: 'male', birthYear: 1985 })).id;
});

describe('a visit with nothing on it', () => {
  it('is refused at the desk with a sentence naming what to enter, and nothing is written', async () => {
    const r = await attempt(core, 'visits.create', { date: '2026-11-20', clientId, siteId: cabinetId, note: 'tik pastaba' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('validation');
      expect(r.error.field).toBe('supplies');
      expect(r.error.message).toMatch(/Tuščio apsilankymo išsaugoti negalima/);
    }
    expect(await must(core, 'visits.day', { date: '2026-11-20' })).toHaveLength(0);
  });

  it('is refused on an edit that takes every line away', async () => {
    const v = await must(core, 'visits.create', { date: '2026-11-20', clientId, siteId: cabinetId, services: [{ type: 'consultation', units: 1 }] });
    const r = await attempt(core, 'visits.update', { id: v.id, date: v.date, clientId, siteId: cabinetId, services: [] });
    expect(r.ok).toBe(false);
    expect((await must(core, 'visits.get', { id: v.id })).services).toHaveLength(1);
  });

  it('is allowed for an outreach contact: meeting a client is a contact even when nothing changed hands', async () => {
    const place = await must(core, 'sites.save', { name: 'Stotis', kind: 'outreach_place' });
    const me = (await must(core, 'staff.list', {}))[0];
    const s = await must(core, 'outreach.create', { date: '2026-11-20', placeId: place.id, workerIds: [me.id], contacts: [{ clientId }] });
    expect(s.knownContacts).toBe(1);
  });

  it('one line of anything is enough: a service, a test, a supply', async () => {
    for (const input of [
      { services: [{ type: 'information' as const, units: 1 }] },
      { supplies: [{ itemKey: 'condom', direction: 'out' as const, quantity: 2 }] },
      { kind: 'medical' as const, tests: [{ type: 'rapid_hiv' as const }] },
    ]) {
      expect((await attempt(core, 'visits.create', { date: '2026-11-20', clientId, siteId: cabinetId, ...input })).ok).toBe(true);
    }
  });
});

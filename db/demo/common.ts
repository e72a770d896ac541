// What every demo scenario needs: staff records, sites, codes and dates, through the same
// services the app uses where there is one.
import { audit, type Actor } from '../audit';
import { qb } from '../store';
import { setPasswords, type Vault } from '../vault';
import { makeCtx, nowIso, type Ctx } from '../services/context';
import { saveSite } from '../services/sites';
import { buildDefaultCode } from '../../shared/codes';
import type { Role, SiteKind } from '../../shared/domain';
import { addDays } from '../../shared/dates';
import type { Random } from './random';

/** A member of a demo cabinet's staff. */
export interface DemoPerson {
  userName: string;
  displayName: string;
  role: Role;
}

export interface DemoStaff {
  id: number;
  userName: string;
  role: Role;
  /** The context under which this worker records visits (the audit log names them). */
  ctx: Ctx;
}

/**
 * Staff of the demo cabinet, as the visits name them. A person who already has an account (the
 * demo database gives each a login: addDemoAccounts) is that account; otherwise a staff record
 * without a password is made, the same kind of record an import creates for a worker named in an
 * old register: it appears on visits and in the audit log, and cannot log in.
 */
export function addStaffRecords(ctx: Ctx, people: readonly DemoPerson[]): DemoStaff[] {
  return ctx.store.tx(() =>
    people.map((p) => {
      let id = ctx.store.get(qb.selectFrom('staff').select('id').where('user_name', '=', p.userName))?.id;
      if (id === undefined) {
        id = Number(
          ctx.store.stmt('INSERT INTO staff (user_name, display_name, role, active, created_at) VALUES (?, ?, ?, 0, ?)')
            .run(p.userName, p.displayName, p.role, nowIso()).lastInsertRowid,
        );
        audit(ctx.store, ctx.actor, 'create', 'staff', id, null, { user_name: p.userName, display_name: p.displayName, role: p.role, active: 0, note: 'demo staff record without a password' });
      }
      const actor: Actor = { staffId: id, userName: p.userName, role: p.role };
      return { id, userName: p.userName, role: p.role, ctx: makeCtx(ctx.store, actor, null, ctx.today) };
    }),
  );
}

/**
 * Accounts for the demo staff, each with its password, in one key change (made while the file
 * is still empty, so the change copies next to nothing): a newcomer can try every role's screens.
 */
export function addDemoAccounts(vault: Vault, actor: Actor, people: ReadonlyArray<DemoPerson & { password: string }>): void {
  setPasswords(vault, people, (s) => {
    for (const p of people) {
      const id = s.run(qb.insertInto('staff').values({ user_name: p.userName, display_name: p.displayName, role: p.role, active: 1, created_at: nowIso() })).lastInsertRowid;
      audit(s, actor, 'create', 'staff', id, null, { user_name: p.userName, display_name: p.displayName, role: p.role, active: 1, note: 'demo account' });
    }
  });
}

export function addSites(ctx: Ctx, sites: ReadonlyArray<{ name: string; kind: SiteKind; active?: boolean }>): number[] {
  return sites.map((s) => saveSite(ctx, { name: s.name, kind: s.kind, active: s.active ?? true }).id);
}

// First names for the default client code (mother's and father's first two letters).
const MOTHERS = ['Ona', 'Janina', 'Birutė', 'Danutė', 'Regina', 'Irena', 'Aldona', 'Rasa', 'Laima', 'Vida', 'Nijolė', 'Genovaitė', 'Stasė',
  'Zita', 'Dalia', 'Audronė', 'Jurgita', 'Rita', 'Vilma', 'Elena', 'Gražina', 'Halina', 'Kristina', 'Marija', 'Teresė', 'Valentina', 'Zofija',
  'Emilija', 'Lina', 'Svetlana', 'Tatjana', 'Olga', 'Ramunė', 'Giedrė', 'Violeta', 'Jolanta', 'Bronė', 'Angelė', 'Eugenija', 'Nina'];
const FATHERS = ['Jonas', 'Petras', 'Antanas', 'Kazys', 'Vytautas', 'Algirdas', 'Romas', 'Stasys', 'Juozas', 'Povilas', 'Rimantas', 'Gintaras',
  'Saulius', 'Darius', 'Mindaugas', 'Arūnas', 'Egidijus', 'Linas', 'Tomas', 'Vladas', 'Zigmas', 'Henrikas', 'Bronius', 'Česlovas', 'Feliksas',
  'Leonas', 'Nikolajus', 'Sergejus', 'Viktoras', 'Aleksandras', 'Eduardas', 'Gediminas', 'Kęstutis', 'Ovidijus', 'Ričardas', 'Valdas', 'Žilvinas', ''];

/** A plausible default code (e.g. ONJO11985) not yet in `taken`. */
export function demoCode(rng: Random, sex: 'male' | 'female', birthYear: number, taken: Set<string>): string {
  for (;;) {
    const code = buildDefaultCode({ motherFirstName: rng.pick(MOTHERS), fatherFirstName: rng.pick(FATHERS), sex, birthYear });
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}

/** 0 Sunday … 6 Saturday. */
export function weekday(date: string): number {
  return new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10))).getUTCDay();
}

/** Every date from..to inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export const isWorkday = (date: string): boolean => {
  const w = weekday(date);
  return w !== 0 && w !== 6;
};

/** A time of day in opening hours, HH:MM. */
export function openingTime(rng: Random, fromHour = 9, toHour = 17): string {
  const minutes = rng.int(fromHour * 60, toHour * 60 - 1);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

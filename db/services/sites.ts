// Sites (the cabinet, outreach places, points, arrest houses): the list, a manager's edit, and the
// check every record naming a site makes.
import { sql } from 'kysely';
import { z } from 'zod';
import { qb, query } from '../store';
import { audit } from '../audit';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import type { Site } from '../schema';
import { nowIso, notFound, type Ctx } from './context';

type SiteRecord = ChannelOutput<'sites.save'>;
const toSite = (r: Pick<Site, 'id' | 'name' | 'kind' | 'active'>): SiteRecord => ({ id: r.id, name: r.name, kind: r.kind, active: r.active === 1 });

export function listSites(ctx: Ctx): SiteRecord[] {
  return ctx.store.all(qb.selectFrom('sites').select(['id', 'name', 'kind', 'active']).orderBy('active', 'desc').orderBy('name')).map(toSite);
}

const siteById = (id: number) => qb.selectFrom('sites').selectAll().where('id', '=', id);

export function saveSite(ctx: Ctx, input: ParsedInput<'sites.save'>): SiteRecord {
  return ctx.store.tx(() => {
    const clash = ctx.store.get(qb.selectFrom('sites').select('id').where(sql<boolean>`name = ${input.name} COLLATE NOCASE`).where('id', '<>', input.id ?? 0));
    if (clash) throw new CoreError('rejected', text('sites.name_taken'), 'name');
    const values = { name: input.name, kind: input.kind, active: input.active ? 1 : 0 } as const;
    if (input.id === undefined) {
      const id = ctx.store.run(qb.insertInto('sites').values({ ...values, created_at: nowIso() })).lastInsertRowid;
      const after = ctx.store.get(siteById(id));
      if (!after) notFound('site');
      audit(ctx.store, ctx.actor, 'create', 'site', id, null, after);
      return toSite(after);
    }
    const before = ctx.store.get(siteById(input.id));
    if (!before) notFound('site');
    ctx.store.run(qb.updateTable('sites').set(values).where('id', '=', input.id));
    const after = ctx.store.get(siteById(input.id));
    if (!after) notFound('site');
    audit(ctx.store, ctx.actor, 'update', 'site', input.id, before, after);
    return toSite(after);
  });
}

/** Per record written (the register import writes thousands): declared once, no query building per row. */
const SITE_EXISTS = query<{ one: number }, [id: number]>('SELECT 1 AS one FROM sites WHERE id = ?', z.object({ one: z.number() }));

/** A validation error on `field` when a site named by id does not exist (null names none). */
export function checkSite(ctx: Ctx, siteId: number | null, field: string): void {
  if (siteId === null) return;
  if (!ctx.store.row(SITE_EXISTS, siteId)) throw new CoreError('validation', text('sites.no_such'), field);
}

// The audit log (read by a manager, the channel map says) and the integrity check of the file.
import { z } from 'zod';
import { qb } from '../store';
import { verifyAuditChain } from '../audit';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import { checkKeyring, type Vault } from '../vault';
import type { Ctx } from './context';
import { say, text, type Lang, type Text } from '../../shared/core-messages';

export function listAudit(ctx: Ctx, input: ParsedInput<'audit.list'>): ChannelOutput<'audit.list'> {
  const newest = qb.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(input.limit);
  const rows = ctx.store.all(input.beforeId === null ? newest : newest.where('id', '<', input.beforeId));
  return rows.map((r) => ({ id: r.id, at: r.at, userName: r.user_name, action: r.action, entity: r.entity, entityId: r.entity_id, before: r.before_json, after: r.after_json }));
}

const integrityRows = z.array(z.object({ integrity_check: z.string() }));
const fkRows = z.array(z.unknown());

/** Integrity check of the file and of the audit chain, said in the asker's language. */
export function verifyDatabase(ctx: Pick<Ctx, 'store'> & { vault?: Vault | null; lang?: Lang }): ChannelOutput<'audit.verify'> {
  const problems: Text[] = [];
  const rows = integrityRows.parse(ctx.store.sqlite.pragma('integrity_check'));
  const integrity = rows.length === 1 && rows[0].integrity_check === 'ok';
  if (!integrity) problems.push(...rows.slice(0, 20).map((r) => text('verify.integrity', { detail: r.integrity_check })));
  const fk = fkRows.parse(ctx.store.sqlite.pragma('foreign_key_check'));
  if (fk.length > 0) problems.push(text('verify.dangling', { n: fk.length }));
  // The chain inside the file, then its head against the anchor kept outside it (a cut-off tail).
  const chain = [...verifyAuditChain(ctx.store), ...(ctx.vault ? checkKeyring(ctx.vault) : [])];
  problems.push(...chain);
  const lang = ctx.lang ?? 'en';
  return { integrity: integrity && fk.length === 0, auditChain: chain.length === 0, problems: problems.map((p) => say(lang, p)) };
}

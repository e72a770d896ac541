// The audit log: every change, in the same transaction as the change, each entry chained to
// the one before by a SHA-256 hash, so that an edited, removed or inserted entry shows.
import { text, type Text } from '../shared/core-messages';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { query, type Store } from './store';
import type { Role } from '../shared/domain';
import type { AuditEntry } from './schema';

export interface Actor {
  staffId: number | null;
  userName: string;
  role: Role;
}

export const GENESIS = '0'.repeat(64);

/** Every column of an audit entry but its own hash: what the hash covers. */
type ChainFields = Omit<AuditEntry, 'hash'>;

const LAST_ENTRY = query<{ id: number; hash: string }, []>('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1', z.object({ id: z.number(), hash: z.string() }));
/** An entry as stored. Verify checks every entry against it: an entry edited to another shape is a finding, not a crash. */
const ENTRY = z.object({
  id: z.number(), at: z.string(), staff_id: z.number().nullable(), user_name: z.string(), action: z.string(), entity: z.string(),
  entity_id: z.number().nullable(), before_json: z.string().nullable(), after_json: z.string().nullable(), prev_hash: z.string(), hash: z.string(),
}) satisfies z.ZodType<AuditEntry>;
const HASH_ONLY = ENTRY.pick({ hash: true });

export function entryHash(e: ChainFields): string {
  const canonical = JSON.stringify([e.id, e.at, e.staff_id, e.user_name, e.action, e.entity, e.entity_id, e.before_json, e.after_json, e.prev_hash]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Writes one audit entry. Call it inside the transaction that makes the change. */
export function audit(
  store: Store, actor: Actor, action: string, entity: string, entityId: number | null, before: unknown, after: unknown,
): void {
  const last = store.row(LAST_ENTRY);
  const fields: ChainFields = {
    id: (last?.id ?? 0) + 1,
    at: new Date().toISOString(),
    staff_id: actor.staffId,
    user_name: actor.userName,
    action,
    entity,
    entity_id: entityId,
    before_json: before === undefined || before === null ? null : JSON.stringify(before),
    after_json: after === undefined || after === null ? null : JSON.stringify(after),
    prev_hash: last?.hash ?? GENESIS,
  };
  store
    .stmt(
      `INSERT INTO audit_log (id, at, staff_id, user_name, action, entity, entity_id, before_json, after_json, prev_hash, hash)
       VALUES (@id, @at, @staff_id, @user_name, @action, @entity, @entity_id, @before_json, @after_json, @prev_hash, @hash)`,
    )
    .run({ ...fields, hash: entryHash(fields) });
}

/** Walks the chain: ids without gaps from 1, each prev_hash the hash before, each hash right. */
export function verifyAuditChain(store: Store): Text[] {
  const problems: Text[] = [];
  let prev = GENESIS;
  let expectedId = 1;
  for (const stored of store.stmt('SELECT * FROM audit_log ORDER BY id').iterate()) {
    const entry = ENTRY.safeParse(stored);
    if (!entry.success) {
      // A column edited to a value of another kind (text where an id belongs): altered; the chain goes on from its hash.
      problems.push(text('verify.entry_bad_value', { id: expectedId, field: entry.error.issues[0]?.path.join('.') ?? '?' }));
      const hash = HASH_ONLY.safeParse(stored);
      if (hash.success) prev = hash.data.hash;
      expectedId++;
      continue;
    }
    const row = entry.data;
    if (row.id !== expectedId) problems.push(text('verify.entries_missing', { from: expectedId, to: row.id - 1 }));
    if (row.prev_hash !== prev) problems.push(text('verify.entry_not_following', { id: row.id }));
    if (entryHash(row) !== row.hash) problems.push(text('verify.entry_altered', { id: row.id }));
    prev = row.hash;
    expectedId = row.id + 1;
  }
  return problems;
}

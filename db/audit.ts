// The audit log: every change, in the same transaction as the change, each entry chained to
// the one before by a SHA-256 hash, so that an edited, removed or inserted entry shows.
import { createHash } from 'node:crypto';
import type { Store } from './store';
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

export function entryHash(e: ChainFields): string {
  const canonical = JSON.stringify([e.id, e.at, e.staff_id, e.user_name, e.action, e.entity, e.entity_id, e.before_json, e.after_json, e.prev_hash]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Writes one audit entry. Call it inside the transaction that makes the change. */
export function audit(
  store: Store, actor: Actor, action: string, entity: string, entityId: number | null, before: unknown, after: unknown,
): void {
  const last = store.stmt('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string } | undefined;
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
export function verifyAuditChain(store: Store): string[] {
  const problems: string[] = [];
  let prev = GENESIS;
  let expectedId = 1;
  for (const row of store.stmt('SELECT * FROM audit_log ORDER BY id').iterate() as Iterable<ChainFields & { hash: string }>) {
    if (row.id !== expectedId) problems.push(`Audit entries ${expectedId}–${row.id - 1} are missing (removed).`);
    if (row.prev_hash !== prev) problems.push(`Audit entry ${row.id} does not follow the entry before it (an entry was removed or changed).`);
    if (entryHash(row) !== row.hash) problems.push(`Audit entry ${row.id} was altered after it was written.`);
    prev = row.hash;
    expectedId = row.id + 1;
  }
  return problems;
}

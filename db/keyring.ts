// The keyring: the random 256-bit data key that encrypts the database, wrapped once per
// staff account and once for the recovery key, in a small JSON file beside the database.
//
// Each holder (a staff account, or the recovery key) has an X25519 key pair. Its private key
// is sealed with a key derived from the password (scrypt, ≥100 ms a guess) or the recovery
// key; the data key is sealed to its public key. So a manager can re-wrap a new data key for
// every remaining holder without knowing their passwords (needed when an account is disabled
// and the file is rekeyed), and nobody's password is ever needed but their own.
import {
  createCipheriv, createDecipheriv, createHmac, createPrivateKey, createPublicKey, diffieHellman,
  generateKeyPairSync, hkdfSync, randomBytes, scryptSync, timingSafeEqual, type KeyObject,
} from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { CoreError } from './errors';
import { text } from '../shared/core-messages';
import { writeFileDurably } from './fsx';

export interface Sealed {
  iv: string;
  tag: string;
  data: string;
}

export interface KdfParams {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
}

export interface KeyringEntry {
  kind: 'user' | 'recovery';
  /** Staff user name (lower case) for kind user; absent for the recovery entry. */
  user_name?: string;
  salt: string;
  kdf: KdfParams;
  public_key: string;
  /** The holder's private key (PKCS#8 DER), sealed with the password-derived key. */
  private_key: Sealed;
  /** The data key, sealed to the holder's public key (ephemeral X25519 + HKDF + AES-256-GCM). */
  data_key: Sealed & { epk: string };
}

/**
 * The head of the audit chain as it was when the keyring was last written (every key change and
 * every backup): kept outside the database, so that cutting the newest entries off the log shows.
 */
export interface AuditAnchor {
  count: number;
  hash: string;
  at: string;
}

export interface Keyring {
  format: 'slenkstis-keyring';
  /** 1: the first version (no generation); 2: with the key generation and the audit anchor. */
  version: 1 | 2;
  /** Random id of the database the keyring belongs to; also stored inside the database. */
  db_id: string;
  /** Which key generation of the database this keyring opens; also stored inside the database (docs/key-changes.md). */
  generation: number;
  entries: KeyringEntry[];
  anchor?: AuditAnchor;
  /**
   * The seal: an HMAC over the database id, the generation, every entry and the anchor, under a
   * key derived from the data key. Only a holder of the data key can write a keyring that passes,
   * so an entry copied in by hand (a disabled account's, from an old keyring) is refused instead of
   * being given the next data key.
   */
  mac?: string;
}

/**
 * scrypt cost for new entries: N=2^17, r=8, p=1 (128 MiB), OWASP's password-storage minimum
 * for scrypt; about 0.4 s a guess on the 2-core reference machine. Entries made with less are
 * re-wrapped at their holder's next login.
 */
export const DEFAULT_KDF: KdfParams = { name: 'scrypt', N: 1 << 17, r: 8, p: 1 };

/**
 * The test suite's cost (N=2^10, about 4 ms): thousands of keys are derived by the tests. Taken
 * only under plain Node with NODE_ENV=test and SLENKSTIS_TEST_KDF=fast, never in Electron (the
 * packaged app). An entry made at this cost is re-wrapped at today's at its holder's next login
 * without the setting, like any weaker entry.
 */
const TEST_KDF: KdfParams = { name: 'scrypt', N: 1 << 10, r: 8, p: 1 };

export function kdfForNewEntries(): KdfParams {
  const testing = process.env.NODE_ENV === 'test' && process.env.SLENKSTIS_TEST_KDF === 'fast' && !process.versions.electron;
  return testing ? TEST_KDF : DEFAULT_KDF;
}

/** An entry whose private key is sealed with less than today's cost (re-wrapped at the next login). */
export const isWeakerThanNow = (entry: KeyringEntry): boolean => {
  const now = kdfForNewEntries();
  return entry.kdf.N * entry.kdf.r * entry.kdf.p < now.N * now.r * now.p;
};

/**
 * Bounds on what a keyring may ask for: a keyring naming a huge N would otherwise exhaust memory
 * (or hold a login for many seconds). 2^10 ≤ N ≤ 2^18 (a power of two), 1 ≤ r ≤ 16, p ≤ 2, and at
 * most 256 MiB of memory: twice today's cost at most.
 */
const MAX_KDF_MEMORY = 256 * 1024 * 1024;
const kdfSchema = z.object({
  name: z.literal('scrypt'),
  N: z.number().int().min(1 << 10).max(1 << 18).refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(16),
  p: z.number().int().min(1).max(2),
}).refine((k) => 128 * k.N * k.r * k.p <= MAX_KDF_MEMORY, 'the key derivation would need more than 256 MiB of memory');
const b64s = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9+/]*={0,2}$/);
const sealedSchema = z.object({ iv: b64s(24), tag: b64s(24), data: b64s(400) });
const entrySchema = z.object({
  kind: z.enum(['user', 'recovery']),
  user_name: z.string().max(40).optional(),
  salt: b64s(44),
  kdf: kdfSchema,
  public_key: b64s(120),
  private_key: sealedSchema,
  data_key: sealedSchema.extend({ epk: b64s(120) }),
});
const keyringSchema = z.object({
  format: z.literal('slenkstis-keyring'),
  version: z.union([z.literal(1), z.literal(2)]),
  db_id: z.string().min(1).max(64),
  generation: z.number().int().min(0).max(1e9).optional(),
  entries: z.array(entrySchema).max(1000),
  anchor: z.object({ count: z.number().int().min(0), hash: z.string().regex(/^[0-9a-f]{64}$/), at: z.string().max(40) }).optional(),
  mac: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
/** The largest keyring file read (1,000 holders fit in well under 2 MB). */
const MAX_KEYRING_BYTES = 2 * 1024 * 1024;

const b64 = (b: Buffer): string => b.toString('base64');
const unb64 = (s: string): Buffer => Buffer.from(s, 'base64');

export const keyringPathFor = (dbPath: string): string => `${dbPath}.keyring`;

function deriveKey(secret: string, salt: Buffer, kdf: KdfParams): Buffer {
  const checked = kdfSchema.safeParse(kdf);
  if (!checked.success) throw new CoreError('db_unreadable', text('keyring.kdf_bounds'));
  return scryptSync(secret.normalize('NFC'), salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r * kdf.p });
}

function seal(key: Buffer, plain: Buffer, aad: string): Sealed {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad));
  const data = Buffer.concat([c.update(plain), c.final()]);
  return { iv: b64(iv), tag: b64(c.getAuthTag()), data: b64(data) };
}

function open(key: Buffer, sealed: Sealed, aad: string): Buffer | null {
  try {
    const d = createDecipheriv('aes-256-gcm', key, unb64(sealed.iv));
    d.setAAD(Buffer.from(aad));
    d.setAuthTag(unb64(sealed.tag));
    return Buffer.concat([d.update(unb64(sealed.data)), d.final()]);
  } catch {
    return null;
  }
}

function sharedKey(priv: KeyObject, pub: KeyObject, dbId: string): Buffer {
  const secret = diffieHellman({ privateKey: priv, publicKey: pub });
  return Buffer.from(hkdfSync('sha256', secret, Buffer.from(dbId), 'slenkstis data key', 32));
}

function sealToPublicKey(dataKey: Buffer, publicKeyB64: string, dbId: string): Sealed & { epk: string } {
  const pub = createPublicKey({ key: unb64(publicKeyB64), format: 'der', type: 'spki' });
  const eph = generateKeyPairSync('x25519');
  const sealed = seal(sharedKey(eph.privateKey, pub, dbId), dataKey, dbId);
  return { ...sealed, epk: b64(eph.publicKey.export({ format: 'der', type: 'spki' })) };
}

function entryAad(entry: Pick<KeyringEntry, 'kind' | 'user_name'>, dbId: string): string {
  return `${dbId}|${entry.kind}|${entry.user_name ?? ''}`;
}

/** Makes a holder's entry: a fresh key pair sealed with the secret, and the data key sealed to it. */
export function makeEntry(
  kind: KeyringEntry['kind'], userName: string | undefined, secret: string, dataKey: Buffer, dbId: string, kdf: KdfParams = kdfForNewEntries(),
): KeyringEntry {
  const pair = generateKeyPairSync('x25519');
  const salt = randomBytes(16);
  const head = { kind, user_name: userName?.toLowerCase() };
  const wrapKey = deriveKey(secret, salt, kdf);
  const publicKey = b64(pair.publicKey.export({ format: 'der', type: 'spki' }));
  return {
    ...head,
    salt: b64(salt),
    kdf,
    public_key: publicKey,
    private_key: seal(wrapKey, pair.privateKey.export({ format: 'der', type: 'pkcs8' }), entryAad(head, dbId)),
    data_key: sealToPublicKey(dataKey, publicKey, dbId),
  };
}

/** One derivation at today's cost, its result thrown away: a wrong user name takes as long as a wrong password. */
export function spendDerivation(secret: string): void {
  deriveKey(secret, randomBytes(16), kdfForNewEntries());
}

/** Opens an entry with its secret: the data key, or null when the secret is wrong. */
export function unlockEntry(entry: KeyringEntry, secret: string, dbId: string): { dataKey: Buffer; privateKey: KeyObject } | null {
  const wrapKey = deriveKey(secret, unb64(entry.salt), entry.kdf);
  const privDer = open(wrapKey, entry.private_key, entryAad(entry, dbId));
  if (!privDer) return null;
  const privateKey = createPrivateKey({ key: privDer, format: 'der', type: 'pkcs8' });
  const epk = createPublicKey({ key: unb64(entry.data_key.epk), format: 'der', type: 'spki' });
  const dataKey = open(sharedKey(privateKey, epk, dbId), entry.data_key, dbId);
  if (!dataKey) return null;
  return { dataKey, privateKey };
}

/**
 * The same holder and key pair, its private key sealed again at today's cost (a login found
 * the entry weaker than now). Nothing else changes: the data key stays sealed to the same pair.
 */
export function rewrapEntryKdf(entry: KeyringEntry, secret: string, privateKey: KeyObject, dbId: string): KeyringEntry {
  const salt = randomBytes(16);
  const kdf = kdfForNewEntries();
  const wrapKey = deriveKey(secret, salt, kdf);
  return { ...entry, salt: b64(salt), kdf, private_key: seal(wrapKey, privateKey.export({ format: 'der', type: 'pkcs8' }), entryAad(entry, dbId)) };
}

/** Seals a (new) data key to every entry's public key: no password needed. */
export function rewrapAll(keyring: Keyring, dataKey: Buffer): Keyring {
  return { ...keyring, entries: keyring.entries.map((e) => ({ ...e, data_key: sealToPublicKey(dataKey, e.public_key, keyring.db_id) })) };
}

export function readKeyring(path: string): Keyring {
  if (!existsSync(path)) {
    throw new CoreError('db_unreadable', text('keyring.missing'));
  }
  if (statSync(path).size > MAX_KEYRING_BYTES) {
    throw new CoreError('db_unreadable', text('keyring.too_large'));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new CoreError('db_unreadable', text('keyring.damaged'));
  }
  const checked = keyringSchema.safeParse(parsed);
  if (!checked.success) {
    const kdfIssue = checked.error.issues.some((i) => i.path.includes('kdf'));
    throw new CoreError('db_unreadable', kdfIssue ? text('keyring.kdf_bounds') : text('keyring.not_keyring'));
  }
  const k = checked.data;
  return { ...k, generation: k.generation ?? 0 } as Keyring;
}

/** Writes the keyring atomically: a temporary file, flushed, then renamed over the old one. */
/** Writes the keyring atomically, sealed with the data key it wraps. */
export function writeKeyring(path: string, keyring: Keyring, dataKey: Buffer): void {
  writeFileDurably(path, JSON.stringify(sealKeyring(keyring, dataKey), null, 1));
}

// ---------- the seal and the audit anchor ----------

function sealKey(dataKey: Buffer, dbId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.from(dbId), 'slenkstis keyring seal', 32));
}

/** Every field that says who holds the key, in a fixed order (not JSON key order). */
function sealText(k: Keyring): string {
  const entry = (e: KeyringEntry) => [
    e.kind, e.user_name ?? null, e.salt, e.kdf.name, e.kdf.N, e.kdf.r, e.kdf.p, e.public_key,
    e.private_key.iv, e.private_key.tag, e.private_key.data, e.data_key.iv, e.data_key.tag, e.data_key.data, e.data_key.epk,
  ];
  return JSON.stringify(['slenkstis-keyring-2', k.db_id, k.generation, k.entries.map(entry), k.anchor ? [k.anchor.count, k.anchor.hash, k.anchor.at] : null]);
}

const macOf = (k: Keyring, dataKey: Buffer) => createHmac('sha256', sealKey(dataKey, k.db_id)).update(sealText(k)).digest();

export function sealKeyring(k: Keyring, dataKey: Buffer): Keyring {
  return { ...k, version: 2, mac: macOf(k, dataKey).toString('hex') };
}

/**
 * The one rule for trusting a keyring: sealed by a holder of this data key, or a keyring of the
 * first version (no seal) beside a database still at generation 0 (its first login seals it).
 */
export function sealHolds(k: Keyring, dataKey: Buffer, generation: number): boolean {
  return (generation === 0 && k.version === 1) || keyringIsGenuine(k, dataKey);
}

/** Whether the keyring was written, as it is, by a holder of this data key. */
export function keyringIsGenuine(k: Keyring, dataKey: Buffer): boolean {
  if (!k.mac) return false;
  const got = Buffer.from(k.mac, 'hex');
  const want = macOf(k, dataKey);
  return got.length === want.length && timingSafeEqual(got, want);
}

export function makeAnchor(head: { count: number; hash: string }, at = new Date().toISOString()): AuditAnchor {
  return { count: head.count, hash: head.hash, at };
}

// Recovery keys: 160 random bits in Crockford base32, 8 groups of 4, easy to write down.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newRecoveryKey(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join('-');
}

/** Accepts a recovery key as typed: any case, spaces or dashes, O for 0 and I/L for 1. */
export function normalizeRecoveryKey(typed: string): string {
  const clean = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return clean.match(/.{1,4}/g)?.join('-') ?? '';
}

// The keyring: the random 256-bit data key that encrypts the database, wrapped once per
// staff account and once for the recovery key, in a small JSON file beside the database.
//
// Each holder (a staff account, or the recovery key) has an X25519 key pair. Its private key
// is sealed with a key derived from the password (scrypt, ≥100 ms a guess) or the recovery
// key; the data key is sealed to its public key. So a manager can re-wrap a new data key for
// every remaining holder without knowing their passwords (needed when an account is disabled
// and the file is rekeyed), and nobody's password is ever needed but their own.
import {
  createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman,
  generateKeyPairSync, hkdfSync, randomBytes, scryptSync, type KeyObject,
} from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { CoreError } from './errors';

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

export interface Keyring {
  format: 'slenkstis-keyring';
  version: 1;
  /** Random id of the database the keyring belongs to; also stored inside the database. */
  db_id: string;
  entries: KeyringEntry[];
}

/** scrypt cost: N=2^16, r=8 takes 64 MiB and about 150–250 ms a guess on the 2-core reference machine. */
export const DEFAULT_KDF: KdfParams = { name: 'scrypt', N: 1 << 16, r: 8, p: 1 };

const b64 = (b: Buffer): string => b.toString('base64');
const unb64 = (s: string): Buffer => Buffer.from(s, 'base64');

export const keyringPathFor = (dbPath: string): string => `${dbPath}.keyring`;

function deriveKey(secret: string, salt: Buffer, kdf: KdfParams): Buffer {
  return scryptSync(secret.normalize('NFC'), salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r });
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
  kind: KeyringEntry['kind'], userName: string | undefined, secret: string, dataKey: Buffer, dbId: string, kdf: KdfParams = DEFAULT_KDF,
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

/** Seals a (new) data key to every entry's public key: no password needed. */
export function rewrapAll(keyring: Keyring, dataKey: Buffer): Keyring {
  return { ...keyring, entries: keyring.entries.map((e) => ({ ...e, data_key: sealToPublicKey(dataKey, e.public_key, keyring.db_id) })) };
}

export function readKeyring(path: string): Keyring {
  if (!existsSync(path)) {
    throw new CoreError('db_unreadable', 'The keyring file that belongs beside the database is missing. Restore it from a backup, or restore a whole backup.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new CoreError('db_unreadable', 'The keyring file beside the database is damaged. Restore it from a backup, or restore a whole backup.');
  }
  const k = parsed as Partial<Keyring>;
  if (!k || k.format !== 'slenkstis-keyring' || k.version !== 1 || typeof k.db_id !== 'string' || !Array.isArray(k.entries)) {
    throw new CoreError('db_unreadable', 'The keyring file beside the database is not a Slenkstis keyring, or is damaged.');
  }
  return k as Keyring;
}

/** Writes the keyring atomically: a temporary file, flushed, then renamed over the old one. */
export function writeKeyring(path: string, keyring: Keyring): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(keyring, null, 1), { mode: 0o600 });
  const fd = openSync(tmp, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
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

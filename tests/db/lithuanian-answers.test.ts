// Lithuanian throughout (issue 15, item 8): every message of the core that reaches a Lithuanian
// screen is Lithuanian — validation, the refusals each window role can meet, the duplicate-code
// warning, and every error and warning of the register import over a corpus of bad files. A
// message fails when a word of it outside quotes („…“: a file's own names and values, which are
// never translated) is a common English word. The command line keeps English (spec/cli.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { Core } from '../../db/core';
import { channels, type Channel } from '../../shared/api';
import { fieldLt, hasFieldLabel } from '../../shared/core-messages';
import { CHANNEL_NAME_LIST } from '../../shared/channel-names';
import { attempt, cli, MANAGER, must, newCabinet } from './helpers';
import { englishWords } from '../lt-words';

function expectLithuanian(where: string, message: string): void {
  expect(englishWords(message), `${where}: ${message}`).toEqual([]);
  expect(message, where).toMatch(/\S/);
}

describe('the English-word check itself', () => {
  it('finds English and passes Lithuanian, with file values quoted', () => {
    expect(englishWords('There is a client with a code one typo away')).not.toEqual([]);
    expect(englishWords('date: must be a date written YYYY-MM-DD')).not.toEqual([]);
    expect(englishWords('Stulpelio „syringes_ot“ nėra lapo „visits“ stulpelių sąraše (gal turėta omenyje „syringes_out“?)')).toEqual([]);
    expect(englishWords('Kodas: yra nematomas arba valdymo simbolis')).toEqual([]);
  });
});

let dir: string;
let dbPath: string;
let recoveryKey: string;
let manager: Core;
let worker: Core;
let clientId: number;
let cabinetId: number;

const DAY = '2026-11-20';

async function loginAs(userName: string, password: string): Promise<Core> {
  const core = new Core(dbPath, { today: () => DAY });
  await must(core, 'session.login', { userName, password });
  await must(core, 'session.setLanguage', { language: 'lt' });
  return core;
}

beforeAll(async () => {
  const cab = await newCabinet({ today: () => DAY });
  ({ dir, dbPath, recoveryKey } = cab);
  manager = cab.core;
  cabinetId = cab.cabinet.id;
  await must(manager, 'session.setLanguage', { language: 'lt' });
  await must(manager, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'worker-pass-1' });
  clientId = (await must(manager, 'clients.register', { code: 'JOAN11985', sex: 'male', birthYear: 1985 })).id;
  worker = await loginAs('ona', 'worker-pass-1');
});

afterAll(() => {
  manager.close();
  worker.close();
});

/** Calls a channel that must refuse, and answers the message (checked to be Lithuanian). */
async function refusal(core: Core, channel: Channel | string, input: unknown, code?: string): Promise<string> {
  const r = await attempt(core, channel as Channel, input);
  expect(r.ok, `${channel} ${JSON.stringify(input).slice(0, 120)} was not refused`).toBe(false);
  if (r.ok) return '';
  if (code) expect(r.error.code, `${channel}: ${r.error.message}`).toBe(code);
  expectLithuanian(channel, r.error.message);
  return r.error.message;
}

describe('validation reaches a Lithuanian screen in Lithuanian, the field named in words', () => {
  it('names the field and says the reason', async () => {
    expect(await refusal(manager, 'visits.create', { date: '2026-02-30' }, 'validation')).toBe('Data: data turi būti užrašyta MMMM-MM-DD');
    expect(await refusal(manager, 'visits.create', { date: DAY, clientId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 0 }] }))
      .toBe('Priemonė Nr. 1, kiekis: turi būti ne mažiau kaip 1');
    expect(await refusal(manager, 'staff.add', { userName: 'x', displayName: 'X', role: 'medical', password: 'short' })).toMatch(/^Naudotojo vardas: bent 2 simboliai$/);
    expect(await refusal(manager, 'clients.register', { code: 'JOAN11986', sex: 'male', birthYear: 1986, note: 'tel. 861234567' })).toMatch(/^Pastaba: negali būti telefono numerio/);
    await refusal(manager, 'visits.create', { date: DAY, sneaky: 1 });
    await refusal(manager, 'visits.create', { date: DAY, clientId, anonymousCount: 2 });
    await refusal(manager, 'visits.create', { date: DAY, clientId: 'x' });
    await refusal(manager, 'visits.create', { date: DAY, clientId, kind: 'spaceship' });
    await refusal(manager, 'projects.save', { title: 'P', donor: 'R', from: DAY, to: DAY, budgetMinor: 1, currency: 'eur' });
    await refusal(manager, 'settings.update', { codePattern: '([' });
    await refusal(manager, 'sites.save', { name: 'x'.repeat(500), kind: 'cabinet' });
    await refusal(manager, 'reports.run', { from: '2026-02-01', to: '2026-01-01' });
    await refusal(manager, 'outreach.create', { date: DAY, placeId: cabinetId, workerIds: [], contacts: [] });
  });

  it('every field of every window input has a Lithuanian name, so no refusal names a field in English', () => {
    const names = new Set<string>();
    const walk = (schema: unknown, depth = 0): void => {
      const def = (schema as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
      if (!def || depth > 12) return;
      const inner = ['innerType', 'in', 'element', 'valueType'].map((k) => def[k]).filter(Boolean);
      if (def.type === 'object') {
        for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) {
          names.add(k);
          walk(v, depth + 1);
        }
      } else if (def.type === 'union' || def.type === 'discriminated_union') (def.options as unknown[]).forEach((o) => walk(o, depth + 1));
      else if (def.type === 'lazy') walk((def.getter as () => unknown)(), depth + 1);
      inner.forEach((x) => walk(x, depth + 1));
    };
    for (const name of CHANNEL_NAME_LIST) walk(channels[name].input);
    expect(names.size).toBeGreaterThan(80);
    expect([...names].filter((n) => !hasFieldLabel(n))).toEqual([]);
    expect(fieldLt('contacts.2.tests.0.results.hiv')).toBe('Kontaktas Nr. 3, tyrimas Nr. 1, rezultatai, ŽIV rezultatas');
  });

  it('every window channel given junk answers in Lithuanian', async () => {
    const skip = new Set(['session.logout', 'session.lock', 'session.setup', 'session.login', 'session.recover', 'session.changePassword', 'session.unlock']);
    for (const channel of CHANNEL_NAME_LIST.filter((n) => !skip.has(n))) {
      for (const junk of [{ junk: 1 }, 42, { id: -1, date: 'x', from: 'x', files: 'x' }]) {
        const r = await attempt(manager, channel, junk);
        if (!r.ok) expectLithuanian(channel, r.error.message);
      }
    }
  });
});

describe('the refusals a window role can meet are Lithuanian', () => {
  it('the door', async () => {
    await refusal(manager, 'no.such.channel', {}, 'unknown_channel');
    await refusal(worker, 'reports.run', { from: DAY, to: DAY }, 'forbidden');
    const out = new Core(dbPath, { today: () => DAY });
    await must(out, 'session.setLanguage', { language: 'lt' });
    await refusal(out, 'visits.day', { date: DAY }, 'locked');
    await refusal(out, 'session.rescueRestore', { file: join(dir, 'x.db'), userName: 'vadove', password: 'x' }, 'rejected');
    await must(out, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    await refusal(out, 'session.rescueRestore', { file: join(dir, 'x.db'), userName: 'vadove', password: 'x' }, 'rejected');
    await must(out, 'session.lock', {});
    await refusal(out, 'visits.day', { date: DAY }, 'locked');
    await refusal(out, 'session.unlock', { password: 'not-the-password' }, 'auth');
    await refusal(out, 'session.recover', { recoveryKey, userName: 'niekas', newPassword: 'new-password-1' }, 'validation');
    out.close();
  });

  it('the duplicate-code warning, and the other refusals of registering a client', async () => {
    const dup = await refusal(manager, 'clients.register', { code: 'JOAN11958', sex: 'male', birthYear: 1958 }, 'rejected');
    expect(dup).toMatch(/^Jau yra klientas, kurio kodas nuo šio skiriasi viena rašybos klaida/);
    await must(manager, 'clients.register', { code: 'JOAM11985', sex: 'male', birthYear: 1985, confirmNotDuplicate: true });
    expect(await refusal(manager, 'clients.register', { code: 'JOAK11985', sex: 'male', birthYear: 1985 }, 'rejected')).toMatch(/^Jau yra 2 klientai, kurių kodai/);
    await refusal(manager, 'clients.register', { code: 'JOAN11985', sex: 'male', birthYear: 1985 }, 'rejected');
    await refusal(manager, 'clients.register', { code: 'KITAS', sex: 'male', birthYear: 1985 }, 'validation');
    await refusal(manager, 'clients.merge', { keepId: clientId, mergeId: clientId, reason: 'Tas pats' }, 'validation');
    await refusal(manager, 'clients.card', { id: 999999 }, 'not_found');
  });

  it('visits, tests, voids', async () => {
    await refusal(manager, 'visits.create', { date: DAY, clientId, siteId: cabinetId }, 'validation');
    await refusal(manager, 'visits.create', { date: DAY, clientId, supplies: [{ itemKey: 'nera_tokios', direction: 'out', quantity: 1 }] }, 'validation');
    await refusal(manager, 'visits.create', { date: DAY, clientId, siteId: 999999, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 1 }] }, 'validation');
    await refusal(manager, 'visits.create', { date: DAY, clientId, kind: 'medical', tests: [{ type: 'rapid_hiv', results: { hbv: 'negative' } }] }, 'validation');
    await refusal(worker, 'visits.create', { date: DAY, clientId, tests: [{ type: 'rapid_hiv' }] }, 'forbidden');
    const tested = await must(manager, 'visits.create', { date: DAY, clientId, kind: 'medical', tests: [{ type: 'rapid_hiv' }] });
    await refusal(manager, 'tests.setResults', { testId: tested.tests[0].id, results: { hiv: 'negative' }, resultDate: '2026-11-01' }, 'validation');
    await refusal(worker, 'visits.void', { id: tested.id, reason: 'Klaida' }, 'forbidden');
    const v = await must(manager, 'visits.create', { date: DAY, clientId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 2 }] });
    await must(manager, 'visits.void', { id: v.id, reason: 'Klaida' });
    await refusal(manager, 'visits.void', { id: v.id, reason: 'Klaida' }, 'rejected');
    await refusal(manager, 'visits.update', { id: v.id, date: DAY, clientId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 3 }] }, 'rejected');
    await refusal(manager, 'visits.get', { id: 999999 }, 'not_found');
  });

  it('secondary exchange, outreach, activities', async () => {
    await refusal(worker, 'secondary.record', { date: DAY, clientId }, 'validation');
    await refusal(worker, 'outreach.create', { date: DAY, placeId: 999999, workerIds: [1], contacts: [] }, 'validation');
    const place = await must(manager, 'sites.save', { name: 'Stotis', kind: 'outreach_place' });
    const s = await must(worker, 'outreach.create', { date: DAY, placeId: place.id, workerIds: [1], contacts: [{ clientId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 1 }] }] });
    await must(worker, 'outreach.void', { id: s.id, reason: 'Klaida' });
    await refusal(worker, 'outreach.void', { id: s.id, reason: 'Klaida' }, 'rejected');
    await refusal(manager, 'activities.create', { date: DAY, type: 'meeting', trainedClientIds: [clientId] }, 'validation');
    const a = await must(manager, 'activities.create', { date: DAY, type: 'meeting' });
    await must(manager, 'activities.void', { id: a.id, reason: 'Klaida' });
    await refusal(manager, 'activities.void', { id: a.id, reason: 'Klaida' }, 'rejected');
  });

  it('overdose reports, the dated pharmacotherapy, how a client came, activities (issue 17)', async () => {
    const od = { date: DAY, reportedBy: 'peer', place: 'street', naloxoneGiven: 'no', naloxoneBy: 'staff' } as const;
    await refusal(worker, 'overdoses.record', od, 'validation');
    await refusal(worker, 'overdoses.record', { ...od, naloxoneBy: null, date: '2026-11-21' }, 'validation');
    await refusal(worker, 'overdoses.record', { ...od, naloxoneBy: null, outcome: 'x' }, 'validation');
    const o = await must(worker, 'overdoses.record', { ...od, naloxoneBy: null });
    await must(worker, 'overdoses.void', { id: o.id, reason: 'Klaida' });
    await refusal(worker, 'overdoses.void', { id: o.id, reason: 'Klaida' }, 'rejected');
    await refusal(worker, 'overdoses.void', { id: 999999, reason: 'Klaida' }, 'not_found');
    await refusal(worker, 'clients.setPharmacotherapy', { clientId, status: false, date: DAY }, 'rejected');
    await refusal(worker, 'clients.setPharmacotherapy', { clientId, status: true, date: '1989-01-01' }, 'validation');
    await refusal(worker, 'clients.register', { code: 'NAUJ11990', sex: 'male', birthYear: 1990, cameVia: 'self', referredByCode: 'JOAN11985' }, 'validation');
    await refusal(worker, 'clients.register', { code: 'NAUJ11990', sex: 'male', birthYear: 1990, cameVia: 'peer', referredByCode: 'NAUJ11990' }, 'validation');
    await refusal(worker, 'activities.create', { date: DAY, type: 'meeting', topic: 'other' }, 'validation');
    await refusal(worker, 'activities.create', { date: DAY, type: 'training', trainedCodes: ['NERA11111'] }, 'validation');
    await refusal(worker, 'activities.create', { date: DAY, type: 'meeting', institutions: [{ institution: 'other', participants: 1 }, { institution: 'other', participants: 2 }] }, 'validation');
    await refusal(worker, 'activities.create', { date: DAY, type: 'meeting', participants: 3, institutions: [{ institution: 'other', participants: 1 }] }, 'validation');
    await refusal(worker, 'activities.create', { date: DAY, type: 'media', institutions: [{ institution: 'other', participants: 1 }, { institution: 'municipality', participants: 2 }] }, 'validation');
  });

  it('the manager screens', async () => {
    await refusal(manager, 'settings.update', { coverageLowBelow: 80, coverageHighFrom: 40 }, 'validation');
    await refusal(manager, 'sites.save', { name: 'Kabinetas', kind: 'cabinet' }, 'rejected');
    await refusal(manager, 'items.save', { key: 'syringe', category: 'syringe', labelLt: 'Kitas', labelEn: 'Other' }, 'rejected');
    const me = (await must(manager, 'staff.list', {})).find((x) => x.userName === MANAGER.userName)!;
    await refusal(manager, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'worker-pass-2' }, 'rejected');
    await refusal(manager, 'staff.disable', { id: me.id }, 'rejected');
    await refusal(manager, 'staff.setRole', { id: me.id, role: 'social_worker' }, 'rejected');
    await refusal(manager, 'staff.setRole', { id: 999999, role: 'social_worker' }, 'not_found');
    await refusal(manager, 'reports.run', { from: DAY, to: DAY, siteIds: [999999] }, 'not_found');
    await refusal(manager, 'dhis2.export', { from: '2026-01-15', to: '2026-01-31', mapping: { dataSet: 'AbCdEfGhIj1', orgUnit: 'AbCdEfGhIj2', dataValues: [] } });
  });
});

describe('the key, file and backup refusals are Lithuanian (db/vault.ts, db/keyfiles.ts, db/open.ts, db/backup/)', () => {
  it('the backup channels: a folder that is not a full path or cannot be written, a backup that is not there or has no keyring', async () => {
    expect(await refusal(manager, 'backup.setFolder', { folder: 'santykinis/kelias' }, 'validation')).toBe('Atsarginių kopijų aplankas turi būti nurodytas visu keliu.');
    await refusal(manager, 'backup.now', { folder: 'santykinis/kelias' }, 'validation');
    // A folder inside the database file cannot be made: the path is quoted as it is, never translated.
    const unwritable = await refusal(manager, 'backup.setFolder', { folder: join(dbPath, 'kopijos') }, 'rejected');
    expect(unwritable).toContain(`„${join(dbPath, 'kopijos')}“`);
    await refusal(manager, 'backup.restore', { file: join(dir, 'nera-tokios.db'), password: MANAGER.password }, 'not_found');
    const lonely = join(dir, 'be-rakto.db');
    (await import('node:fs')).writeFileSync(lonely, 'x');
    expect(await refusal(manager, 'backup.restore', { file: lonely, password: MANAGER.password }, 'rejected')).toContain('„be-rakto.db.keyring“');
  });

  it('a restore refused: the password of the backup is wrong, or the account is not a manager of it', async () => {
    const backup = await must(manager, 'backup.now', { folder: join(dir, 'kopijos') });
    expect(await refusal(manager, 'backup.restore', { file: backup.file, password: 'ne-tas-slaptazodis' }, 'auth')).toMatch(/^Neteisingas naudotojo vardas arba slaptažodis šiai atsarginei kopijai/);
    // The command line says the same refusal in English (spec/cli.md: exit 3).
    const r = await cli(['restore', backup.file, '--db', dbPath, '--user', 'ona'], { SLENKSTIS_PASSWORD: 'worker-pass-1' });
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/Only a manager of the backed-up database may restore it\./);
  });

  it('a wrong current password, and a key change while another program has the database open', async () => {
    expect(await refusal(manager, 'session.changePassword', { oldPassword: 'ne-tas-slaptazodis', newPassword: 'naujas-slaptazodis-1' }, 'auth')).toBe('Dabartinis slaptažodis neteisingas.');
    // The worker's session has the file open: a key change needs it alone, and says so.
    expect(await refusal(manager, 'session.changePassword', { oldPassword: MANAGER.password, newPassword: 'naujas-slaptazodis-1' }, 'db_busy')).toMatch(/^Duomenų bazę atvėrusi kita programa/);
  });

  it('a database whose keyring is missing', async () => {
    const other = await newCabinet({ today: () => DAY });
    other.core.close();
    (await import('node:fs')).rmSync(`${other.dbPath}.keyring`);
    const core = new Core(other.dbPath, { today: () => DAY });
    await must(core, 'session.setLanguage', { language: 'lt' });
    expect(await refusal(core, 'session.login', { userName: MANAGER.userName, password: MANAGER.password }, 'db_unreadable')).toMatch(/^Šalia duomenų bazės turinčio būti raktų failo nėra/);
    core.close();
  });
});

// ---- The register import: a corpus of bad files, and the warnings of good ones.

const csv = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
const H = 'date,client_code,anonymous_count,sex,birth_year,injects,kind,site,staff,tested_person,syringes_out,referral,referral_to,test_type,hiv_result,hbv_result,peers_reached_street,point,trained_secondary,note';

async function workbook(sheets: Record<string, string[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) wb.addWorksheet(name).addRows(rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function corpus(): Promise<Array<{ name: string; bytes: Buffer }>> {
  const fixtures = join(__dirname, '../fixtures/register');
  const files = readdirSync(fixtures).map((name) => ({ name, bytes: readFileSync(join(fixtures, name)) }));
  return [
    ...files,
    { name: 'unicode.txt', bytes: Buffer.from([0xff, 0xfe, 0x64, 0, 0x61, 0]) },
    { name: 'binary.csv', bytes: Buffer.from([1, 0, 2, 0, 3]) },
    { name: 'blank.csv', bytes: Buffer.from('\r\n  \r\n') },
    { name: 'old.xls', bytes: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]) },
    { name: 'fake.xlsx', bytes: Buffer.from('not a workbook at all') },
    { name: 'broken-zip.xlsx', bytes: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60, 7)]) },
    { name: 'wide.csv', bytes: csv([`date,${Array.from({ length: 300 }, (_, i) => `x${i}`).join(',')}`, '2024-01-01']) },
    { name: 'header.csv', bytes: csv(['client_code,client_code,syringes_ot,,sex', 'ABCD11985,ABCD11985,1,9,male,extra']) },
    { name: 'no-header.csv', bytes: csv(['2024-01-01,ABCD11985,3']) },
    { name: 'activities.csv', bytes: csv(['date,title,participants', '2024-01-01,Susitikimas,3', ',Be datos,x']) },
    { name: 'quotes.csv', bytes: csv(['date,note', '2024-01-01,"neuždaryta']) },
    {
      name: 'cells.csv',
      bytes: csv([
        H,
        '2024-01-01,ABCD11985,,m,85,sometimes,spaceship,,Jonas Jonaitis,,1.5,,,,,,,,maybe,',
        '2024-01-02,,0,,,,,,,,-3,,,,,,,,,',
        '2024-01-03,ABCD11985,3,,1850,,,,,arrestee,2,,,rapid_hiv,negative,negative,,,,"tel. 861234567"',
        '2024-01-04,,4,male,2030,,,,,,,,,rapid_hiv,,,,,,a.k. 38501011234',
        '2024-01-05,,,,,,,,,officer,1,,gp,,positive,,3,Punktas,yes,x@y.lt',
        '2024-02-30,ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567,,,,,,,,,1,,,,,,,,,',
        `,ABCD11985,,,,,,,,,1,,,,,,,,,${'x'.repeat(3000)}`,
        '2024-01-06,ABCD11985,,,,,,,,,1\u200b,,,,,,,,,',
      ]),
    },
    { name: 'notes.xlsx', bytes: await workbook({ visits: [['date', 'client_code', 'syringes_out'], ['2024-01-01', 'WXYZ21990', '1']], Pastabos: [['x']] }) },
    { name: 'sheet1.xlsx', bytes: await workbook({ Sheet1: [['date'], ['2024-01-01']] }) },
  ];
}

describe('the register import speaks Lithuanian to a Lithuanian screen', () => {
  it('every error and warning of a corpus of bad files, file by file', async () => {
    let said = 0;
    for (const f of await corpus()) {
      const r = await must(manager, 'register.check', { files: [{ name: f.name, dataBase64: f.bytes.toString('base64') }] });
      for (const p of [...r.errors, ...r.warnings]) {
        expectLithuanian(`${f.name} ${p.sheet ?? ''} ${p.row ?? ''} ${p.column ?? ''}`, p.message);
        said++;
      }
      expect(r.errors.length + r.warnings.length, f.name).toBeGreaterThan(0);
    }
    expect(said).toBeGreaterThan(60);
  });

  it('the warnings of a good file: new sites and staff, codes against the clients, likely duplicates, a file given twice or imported before', async () => {
    const good = csv([
      H,
      '2026-10-01,JOAN11985,,female,1984,no,cabinet,Naujas kabinetas,petras,,5,,,,,,,,,',
      '2026-10-01,JOAN11985,,female,1984,no,cabinet,Naujas kabinetas,petras,,5,,,,,,,,,',
      '2026-10-02,ABCD11985,,female,1979,yes,outreach,Nauja vieta,,,2,,,,,,,,,',
      '2026-10-03,ABCD11985,,male,1985,no,cabinet,,,,2,,,,,,,,,',
      '2026-10-04,kodas-kitoks,,,,,cabinet,,,,1,,,,,,,,,',
      '2026-10-05,,2,male,1970,yes,cabinet,,,,1,,,,,,,,,',
    ]);
    const first = await must(manager, 'register.check', { files: [{ name: 'spalis.csv', dataBase64: good.toString('base64') }, { name: 'spalis-kopija.csv', dataBase64: good.toString('base64') }] });
    for (const p of [...first.errors, ...first.warnings]) expectLithuanian(`${p.file} ${p.row} ${p.column}`, p.message);
    expect(first.warnings.map((w) => w.message)).toContain('sutampa su 2 eilute: tikėtinas dublikatas.');
    const clean = csv([H, '2026-10-06,JOAN11985,,,,,cabinet,Kabinetas,,,5,,,,,,,,,']);
    await must(manager, 'register.import', { files: [{ name: 'lapkritis.csv', dataBase64: clean.toString('base64') }] });
    const again = await must(manager, 'register.check', { files: [{ name: 'lapkritis.csv', dataBase64: clean.toString('base64') }] });
    expect(again.errors[0].message).toMatch(/^Šis failas jau importuotas \d{4}-\d{2}-\d{2} \(pavadinimu „lapkritis\.csv“\)/);
    const copy = csv([H, '2026-10-06,JOAN11985,,,,,cabinet,Kabinetas,,,5,,,,,,,,,', '2026-10-07,JOAN11985,,,,,cabinet,Kabinetas,,,1,,,,,,,,,']);
    const stored = await must(manager, 'register.check', { files: [{ name: 'kopija.csv', dataBase64: copy.toString('base64') }] });
    expect(stored.warnings.map((w) => w.message)).toContain('sutampa su apsilankymu, jau įrašytu 2026-10-06: tikėtinas dublikatas. Jis vis tiek importuojamas; jei tai dublikatas, vieną iš jų anuliuokite.');
    for (const p of [...again.errors, ...stored.warnings]) expectLithuanian(`${p.file} ${p.row}`, p.message);
  });

  it('the command line keeps the English answer of spec/cli.md', async () => {
    const file = join(dir, 'bad.csv');
    (await import('node:fs')).writeFileSync(file, csv(['date,syringes_out', '2024-13-01,-1']));
    const r = await cli(['import', file, '--db', dbPath, '--user', MANAGER.userName, '--dry-run'], { SLENKSTIS_PASSWORD: MANAGER.password });
    expect(r.code).toBe(1);
    const answer = JSON.parse(r.out) as { errors: Array<Record<string, unknown>> };
    expect(Object.keys(answer.errors[0]).sort()).toEqual(['column', 'file', 'message', 'row', 'sheet']);
    expect(answer.errors.map((e) => e.message)).toEqual([
      'is not a date written YYYY-MM-DD (or it is a day that does not exist).',
      'is negative: counts are whole numbers, 0 or more.',
    ]);
  });
});

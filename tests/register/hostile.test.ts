// The hostile files of issue 14, built here: each is refused with its one sentence (or, for
// the Lithuanian CSV, accepted), and the database file is byte-identical after a refusal.
// Time and memory are printed, not asserted (speed belongs to the benchmark).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { importRegister, type ImportReport, type RegisterFile } from '../../db/register/import';
import { REGISTER_LIMITS } from '../../db/register/limits';
import { CSV_DECODE_BYTES } from '../../db/register/read';
import { csv, fileHash, removeDir, tempDb, type TempDb } from './helpers';

let db: TempDb;

beforeAll(async () => {
  db = await tempDb();
  const seed = await importRegister(db.ctx, [{ name: 'seed.csv', bytes: csv(['date,client_code,sex,birth_year', '2024-01-02,SEED11980,male,1980']) }], { dryRun: false });
  expect(seed.errors).toEqual([]);
});
afterAll(() => {
  db.close();
  removeDir(db.dir);
});

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A zip by yazl from named parts (a part given twice is written twice). */
function zip(parts: Array<[string, string | Buffer | (() => Readable)]>): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, data] of parts) {
    if (typeof data === 'function') z.addReadStream(data(), name);
    else z.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'), name);
  }
  z.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    z.outputStream.on('error', reject);
  });
}

/** The parts of a one-sheet workbook "visits" whose sheet data is `rows`. */
function workbookParts(rows: string, shared?: string[]): Array<[string, string]> {
  const parts: Array<[string, string]> = [
    ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
    ['xl/workbook.xml', `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="visits" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`],
    ['xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`],
  ];
  if (shared) parts.push(['xl/sharedStrings.xml', `<?xml version="1.0"?><sst xmlns="${MAIN}" count="${shared.length}">${shared.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`]);
  return parts;
}

const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const HEADER_ROW = `<row r="1">${inline('A1', 'date')}${inline('B1', 'client_code')}${inline('C1', 'test_type')}${inline('D1', 'hiv_result')}</row>`;
/** A positive rapid HIV test of a client, the code given as shared string `codeIndex`. */
const hivRow = (codeIndex: string) => `<row r="2">${inline('A2', '2024-03-04')}<c r="B2" t="s"><v>${codeIndex}</v></c>${inline('C2', 'rapid_hiv')}${inline('D2', 'positive')}</row>`;

/** Imports one file and reports the answer with the seconds and the memory it took. */
async function attempt(file: RegisterFile): Promise<ImportReport & { before: string }> {
  const before = fileHash(db.path);
  const rss = process.memoryUsage().rss;
  const t = performance.now();
  const r = await importRegister(db.ctx, [file], { dryRun: false });
  const seconds = (performance.now() - t) / 1000;
  const mb = (process.memoryUsage().rss - rss) / 1024 / 1024;
  console.log(`${file.name} (${(file.bytes.length / 1024).toFixed(0)} KB): ${seconds.toFixed(2)} s, RSS +${mb.toFixed(0)} MB: ${r.errors[0]?.message ?? `imported ${JSON.stringify(r.imported)}`}`);
  return { ...r, before };
}

/** Refused with one problem for the whole file, matching `sentence`; the database unchanged. */
async function refusedWith(file: RegisterFile, sentence: RegExp): Promise<void> {
  const r = await attempt(file);
  expect(r.errors).toHaveLength(1);
  expect(r.errors[0]).toMatchObject({ file: file.name, message: expect.stringMatching(sentence) });
  expect(r.imported).toEqual({ visits: 0, activities: 0, overdoses: 0, care: 0, clients_created: 0 });
  expect(fileHash(db.path)).toBe(r.before);
}

describe('hostile workbooks are refused with one sentence, the database unchanged', () => {
  it('a cell reference far beyond any sheet (ZZZZZZZ3)', async () => {
    const bytes = await zip(workbookParts(`${HEADER_ROW}<row r="3"><c r="ZZZZZZZ3"><v>1</v></c></row>`));
    await refusedWith({ name: 'zzz.xlsx', bytes }, /^zzz\.xlsx cannot be read exactly: the cell reference "ZZZZZZZ3" in row 3/);
  });

  it('a column beyond the limit', async () => {
    const bytes = await zip(workbookParts(`${HEADER_ROW}<row r="2"><c r="XFD2"><v>1</v></c></row>`));
    await refusedWith({ name: 'wide.xlsx', bytes }, new RegExp(`^wide\\.xlsx has more than ${REGISTER_LIMITS.columns} columns \\(row 2 of sheet 1\\)`));
  });

  it('unclosed <row> tags', async () => {
    const bytes = await zip(workbookParts(`${HEADER_ROW}${'<row r="2"><c r="A2"><v>1</v></c>'.repeat(400)}`));
    await refusedWith({ name: 'unclosed.xlsx', bytes }, /^unclosed\.xlsx cannot be read exactly: a row is outside the sheet's data/);
    // Unclosed at the very end (no row inside a row): the XML ends inside open tags.
    const tail = await zip(workbookParts(HEADER_ROW).map(([n, d]) => [n, n.endsWith('sheet1.xml') ? d.replace('</sheetData></worksheet>', '<row r="2">') : d]));
    await refusedWith({ name: 'unclosed-end.xlsx', bytes: tail }, /^unclosed-end\.xlsx cannot be read exactly: its XML is broken/);
  });

  it('a zip bomb: a few hundred KB whose sheet unpacks beyond the limit', async () => {
    const size = REGISTER_LIMITS.inflatedBytes + 64 * 1024 * 1024;
    const zeros = () => Readable.from((function* () {
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      for (let i = 0; i < size / chunk.length; i++) yield chunk;
    })());
    const parts = workbookParts(HEADER_ROW).filter(([n]) => !n.endsWith('sheet1.xml')) as Array<[string, string | (() => Readable)]>;
    const bytes = await zip([...parts, ['xl/worksheets/sheet1.xml', zeros]]);
    await refusedWith({ name: 'bomb.xlsx', bytes }, /^bomb\.xlsx unpacks to more than 512 MB/);
    // The same bomb declaring a small size in its central directory: stopped while inflating.
    const lying = Buffer.from(bytes);
    for (let at = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
      const nameLength = lying.readUInt16LE(at + 28);
      if (lying.toString('utf8', at + 46, at + 46 + nameLength) === 'xl/worksheets/sheet1.xml') lying.writeUInt32LE(1000, at + 24);
    }
    await refusedWith({ name: 'lying-bomb.xlsx', bytes: lying }, /^lying-bomb\.xlsx is packed more than 100 times tighter/);
  }, 120_000);

  it('a shared-string index out of range on a positive HIV test row (never read as an anonymous contact)', async () => {
    const bytes = await zip(workbookParts(`${HEADER_ROW}${hivRow('7')}`, ['HIVP11985']));
    await refusedWith({ name: 'shared.xlsx', bytes }, /^shared\.xlsx cannot be read exactly: a cell of sheet 1 refers to shared string 8, but the workbook has only 1/);
    // The same row with the index in range imports the client's positive test.
    const good = await attempt({ name: 'shared-ok.xlsx', bytes: await zip(workbookParts(`${HEADER_ROW}${hivRow('0')}`, ['HIVP11985'])) });
    expect(good.errors).toEqual([]);
    expect(db.ctx.store.sqlite.prepare(`SELECT c.code, t.hiv_result FROM tests t JOIN visits v ON v.id = t.visit_id JOIN clients c ON c.id = v.client_id WHERE c.code = 'HIVP11985'`).all())
      .toEqual([{ code: 'HIVP11985', hiv_result: 'positive' }]);
  });

  it('an empty <v></v> in a shared-string cell (never shared string 0)', async () => {
    const bytes = await zip(workbookParts(`${HEADER_ROW}${hivRow('')}`, ['HIVQ11985']));
    await refusedWith({ name: 'empty-v.xlsx', bytes }, /^empty-v\.xlsx cannot be read exactly: the cell in row 2, column 2 of sheet 1 refers to shared string "", which is not a number/);
  });

  it('CDATA in a cell', async () => {
    const bytes = await zip(workbookParts(`${HEADER_ROW}<row r="2">${inline('A2', '2024-03-04')}<c r="B2" t="inlineStr"><is><t><![CDATA[CDAT11985]]></t></is></c></row>`));
    await refusedWith({ name: 'cdata.xlsx', bytes }, /^cdata\.xlsx cannot be read exactly: it holds CDATA sections/);
  });

  it('two zip entries named xl/worksheets/sheet1.xml (a hidden second sheet)', async () => {
    const parts = workbookParts(`${HEADER_ROW}<row r="2">${inline('A2', '2024-03-04')}</row>`);
    const hidden: [string, string] = ['xl/worksheets/sheet1.xml', `<worksheet xmlns="${MAIN}"><sheetData>${HEADER_ROW}<row r="2">${inline('A2', '2024-03-05')}${inline('B2', 'HIDE11985')}</row></sheetData></worksheet>`];
    await refusedWith({ name: 'twice.xlsx', bytes: await zip([...parts, hidden]) }, /^twice\.xlsx cannot be read exactly: it holds the part "xl\/worksheets\/sheet1\.xml" twice/);
  });

  it('a flood of shared strings (more than the limit) is refused before exceljs keeps any', async () => {
    const many = Array.from({ length: REGISTER_LIMITS.sharedStrings + 1 }, (_, i) => i.toString(36));
    const bytes = await zip(workbookParts(HEADER_ROW, many));
    await refusedWith({ name: 'strings.xlsx', bytes }, /^strings\.xlsx holds more than 2,000,000 different texts/);
  }, 120_000);

  it('a date cell far outside any register (a serial number typed by mistake) is refused in its row', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('visits');
    ws.addRow(['date', 'client_code', 'syringes_out']);
    ws.addRow([new Date(Date.UTC(26541, 1, 1)), 'ABCD11980', 1]);
    ws.addRow([new Date(Date.UTC(1899, 11, 31)), 'ABCD11980', 1]);
    ws.getColumn(1).numFmt = 'yyyy-mm-dd';
    const r = await attempt({ name: 'serials.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(r.errors.map((e) => `${e.row}:${e.column}`)).toEqual(['2:date', '3:date']);
    for (const e of r.errors) expect(e.message).toMatch(/outside 1990–2099/);
    expect(fileHash(db.path)).toBe(r.before);
  });

  it('Lithuanian text split across exceljs chunk boundaries comes back whole', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('visits');
    ws.addRow(['date', 'client_code', 'site', 'note']);
    for (let i = 0; i < 3000; i++) ws.addRow(['2024-04-01', `LTLT${1 + (i % 2)}${1950 + (i % 50)}`, 'Kėdainiai', `Šiaulių žąsis ąčęėįšųūž ${i}`]);
    const r = await attempt({ name: 'lietuviu.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(r.errors).toEqual([]);
    const notes = db.ctx.store.sqlite.prepare(`SELECT note FROM visits WHERE note LIKE 'Šiaulių%'`).all() as Array<{ note: string }>;
    expect(notes).toHaveLength(3000);
    expect(notes.filter((n) => n.note.includes('\ufffd'))).toEqual([]);
  });
});

describe('CSV: limits, and the CSV a Lithuanian office writes', () => {
  it('a very wide header (420 KB) is refused at once by the column limit', async () => {
    const names = Array.from({ length: 47_000 }, (_, i) => `col${i}`);
    await refusedWith({ name: 'wide.csv', bytes: csv([`date,${names.join(',')}`, '2024-01-01']) }, new RegExp(`^wide\\.csv has more than ${REGISTER_LIMITS.columns} columns \\(row 1\\)`));
  });

  it('a cell longer than the limit', async () => {
    await refusedWith({ name: 'long.csv', bytes: csv(['date,note', `2024-01-01,${'x'.repeat(REGISTER_LIMITS.cellChars + 1)}`]) }, /^long\.csv has a cell longer than 32,767 characters \(row 2\)/);
  });

  it('accepts a semicolon CSV in Windows-1257 and keeps its Lithuanian letters', async () => {
    const text = 'date;client_code;sex;birth_year;site;note\r\n2024-05-06;šajo11985;vyras;1985;Kėdainiai;„Žąsis“ – ąčęėįšųūž\r\n';
    const r = await attempt({ name: 'excel-lt.csv', bytes: iconv.encode(text, 'win1257') });
    expect(r.errors).toEqual([]);
    expect(r.imported).toEqual({ visits: 1, activities: 0, overdoses: 0, care: 0, clients_created: 1 });
    expect(db.ctx.store.sqlite.prepare(`SELECT c.code, s.name AS site, v.note FROM visits v JOIN clients c ON c.id = v.client_id JOIN sites s ON s.id = v.site_id WHERE c.code = 'SAJO11985'`).all())
      .toEqual([{ code: 'SAJO11985', site: 'Kėdainiai', note: '„Žąsis“ – ąčęėįšųūž' }]);
  });

  it('a Lithuanian letter cut by the megabyte pieces the CSV is decoded in comes back whole, in UTF-8 and in Windows-1257', async () => {
    for (const encoding of ['utf8', 'win1257'] as const) {
      const code = encoding === 'utf8' ? 'CUTU11985' : 'CUTW11985';
      // Rows of a long note up to just before the first piece ends, then a row whose "ą" starts on
      // the piece's last byte (its second UTF-8 byte is in the next piece).
      const lines = ['date,client_code,note'];
      const start = `2024-05-08,${code},`;
      const filler = (i: number) => `2024-05-07,${code},${String(i).padStart(6, '0')}${'x'.repeat(400)}`;
      let size = Buffer.byteLength(`${lines[0]}\r\n`);
      while (size + Buffer.byteLength(`${filler(lines.length)}\r\n`) <= CSV_DECODE_BYTES - 1 - Buffer.byteLength(start) - 10) {
        size += Buffer.byteLength(`${filler(lines.length)}\r\n`);
        lines.push(filler(lines.length));
      }
      const pad = 'x'.repeat(CSV_DECODE_BYTES - 1 - Buffer.byteLength(`${lines.join('\r\n')}\r\n${start}`));
      const note = `${pad}ąčę žąsis`;
      const text = `${lines.join('\r\n')}\r\n${start}${note}\r\n2024-05-09,${code},Žąsis\r\n`;
      const bytes = encoding === 'utf8' ? Buffer.from(text) : iconv.encode(text, 'win1257');
      if (encoding === 'utf8') expect(bytes.subarray(CSV_DECODE_BYTES - 1, CSV_DECODE_BYTES + 1).toString()).toBe('ą');
      const r = await attempt({ name: `cut-${encoding}.csv`, bytes });
      expect(r.errors).toEqual([]);
      expect(db.ctx.store.sqlite.prepare("SELECT v.note FROM visits v JOIN clients c ON c.id = v.client_id WHERE c.code = ? AND v.date > '2024-05-07' ORDER BY v.date").all(code))
        .toEqual([{ note }, { note: 'Žąsis' }]);
    }
  });

  it('a line of 200 MB of commas, and 2,100,000 line breaks, are refused from their bytes before any parsing (no array the process could not survive)', async () => {
    const commas = Buffer.alloc(200 * 1024 * 1024, 0x2c);
    commas.write('date,client_code\n');
    await refusedWith({ name: 'commas.csv', bytes: commas }, /^commas\.csv has more than 65,536 separators on line 2/);
    const breaks = Buffer.alloc(REGISTER_LIMITS.csvLines + 100, 0x0a);
    breaks.write('date,client_code');
    await refusedWith({ name: 'breaks.csv', bytes: breaks }, /^breaks\.csv has more than 2,097,152 lines/);
  }, 120_000);

  it('UTF-16 text (Excel\'s "Unicode Text") is refused with how to save as CSV UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('date,client_code\r\n2024-01-01,ABCD11980\r\n', 'utf16le')]);
    await refusedWith({ name: 'unicode.txt', bytes }, /UTF-16 text .* save it as "CSV UTF-8/);
  });

  it('refuses a Windows-1252 file (letters that are not Lithuanian) with how to save as CSV UTF-8', async () => {
    const bytes = iconv.encode('date,client_code,note\r\n2024-05-07,MULL11970,Müller café\r\n', 'win1252');
    await refusedWith({ name: 'western.csv', bytes }, /neither UTF-8 text nor a Lithuanian Windows-1257 file\. In Excel, save it as "CSV UTF-8 \(comma delimited\)"/);
  });
});

describe('the cells of issue 17: each bad cell named by its row and column, nothing written', () => {
  /** Refused whole: the answer's errors as row:column, the database byte-identical. */
  async function refusedCells(name: string, lines: string[]): Promise<ImportReport> {
    const before = fileHash(db.path);
    const r = await importRegister(db.ctx, [{ name, bytes: csv(lines) }], { dryRun: false });
    expect(r.imported).toEqual({ visits: 0, activities: 0, overdoses: 0, care: 0, clients_created: 0 });
    expect(fileHash(db.path)).toBe(before);
    return r;
  }
  const where = (r: ImportReport) => r.errors.map((e) => `${e.row}:${e.column}`);

  it('records the app refuses after today (visits, overdoses, care steps, activities, pharmacotherapy changes) and a peer code that is no code (a phone, a name)', async () => {
    // The helpers' cabinet lives on 2024-06-30.
    const od = await refusedCells('overdoses.csv', ['date,client_code,reported_by,place', '2024-06-30,AAAA11980,peer,street', '2024-07-01,AAAA11980,peer,street']);
    expect(where(od)).toEqual(['3:date']);
    expect(od.errors[0].message).toBe('The date must be from 1990-01-01 to today.');
    const care = await refusedCells('care.csv', ['date,client_code,infection,step', '2031-01-01,AAAA11980,hcv,cured']);
    expect(where(care)).toEqual(['2:date']);
    const act = await refusedCells('activities.csv', ['date,type,title', '2024-12-01,media,Straipsnis']);
    expect(where(act)).toEqual(['2:date']);
    const visits = await refusedCells('visits.csv', [
      'date,client_code,syringes_out,in_pharmacotherapy,came_via,referred_by_code',
      '2024-07-02,AAAA11980,1,yes,,',
      '2024-05-02,AABB11980,1,,peer,+370 612 34567',
      '2024-05-02,AACC11980,1,,peer,Jonas Jonaitis',
      '2024-05-02,AADD11980,1,,peer,AAAA11980',
      '2024-07-01,AAEE11980,1,,,',
      '2024-06-30,AAFF11980,1,,,',
    ]);
    expect(where(visits)).toEqual(['2:date', '3:referred_by_code', '4:referred_by_code', '6:date']);
    expect(visits.errors[0].message).toBe('The date must be from 1990-01-01 to today.');
  });

  it('warns of a meeting that names one institution on two rows and of a care step given twice, and still imports them (a dry run)', async () => {
    const meetings = await importRegister(db.ctx, [{ name: 'activities.csv', bytes: csv([
      'date,type,title,participants,institution,site',
      '2024-05-02,meeting,Susitikimas su policija,3,law_enforcement,Kabinetas',
      '2024-05-02,meeting,Susitikimas su policija,2,municipality,Kabinetas',
      '2024-05-02,meeting, susitikimas su POLICIJA ,3,law_enforcement,kabinetas',
      '2024-05-03,meeting,Susitikimas su policija,4,law_enforcement,Kabinetas',
      '2024-05-02,meeting,Kitas susitikimas,1,,Kabinetas',
      '2024-05-02,meeting,Kitas susitikimas,1,,Kabinetas',
    ]) }], { dryRun: true });
    expect(meetings.errors).toEqual([]);
    expect(meetings.imported.activities).toBe(6);
    const twice = meetings.warnings.filter((w) => w.column === 'institution');
    expect(meetings.warnings.map((w) => `${w.row}:${w.column}`)).toEqual(['2:site', '4:institution', '7:institution']);
    expect(twice[0].message).toMatch(/same institution of the same meeting as row 2: the participants of both are added/);
    const care = await importRegister(db.ctx, [{ name: 'care.csv', bytes: csv([
      'date,client_code,infection,step',
      '2024-05-02,AAAA11980,hcv,linked_to_care',
      '2024-05-02,AAAA11980,hcv,treatment_started',
      '2024-05-02,aaaa11980,hcv,linked_to_care',
      '2024-05-03,AAAA11980,hcv,linked_to_care',
      '2024-05-02,AAAA11980,hiv,linked_to_care',
    ]) }], { dryRun: true });
    expect(care.errors).toEqual([]);
    expect(care.warnings.filter((w) => /duplicate/.test(w.message)).map((w) => `${w.row}:${w.column}`)).toEqual(['4:date']);
    expect(care.warnings.find((w) => w.row === 4)?.message).toMatch(/identical to row 2: a likely duplicate/);
  });

  it('visits: values outside the closed lists, a peer code without came_via peer or the client\'s own, an outcome without a referral', async () => {
    const r = await refusedCells('visits.csv', [
      'date,client_code,in_pharmacotherapy,came_via,referred_by_code,referral,referral_to,referral_outcome',
      '2024-05-02,AAAA11980,maybe,,,,,',
      '2024-05-02,AABB11980,,friend,,,,',
      '2024-05-02,AACC11980,,self,PEER11970,,,',
      '2024-05-02,AADD11980,,peer,aadd11980,,,',
      '2024-05-02,AAEE11980,,,,,,arrived',
      '2024-05-02,AAFF11980,,,,1,gp,came',
      '2024-05-02,AAGG11980,yes,peer,PEER11970,1,gp,not_arrived',
    ]);
    expect(where(r)).toEqual(['2:in_pharmacotherapy', '3:came_via', '4:referred_by_code', '5:referred_by_code', '6:referral_outcome', '7:referral_outcome']);
    expect(r.errors[0].message).toBe('is not one of: yes, no.');
    expect(r.errors[1].message).toMatch(/^is not one of: self, peer, point, outreach, referral, unknown/);
    expect(r.errors[2].message).toMatch(/only for a client who came through a peer/);
    expect(r.errors[3].message).toMatch(/client's own code/);
    expect(r.errors[4].message).toMatch(/needs a referral count/);
    expect(r.errors[5].message).toBe('is not one of: arrived, not_arrived, unknown.');
  });

  it('other_items: bad syntax, a negative or fractional or too large count, an item twice, a key not in the catalogue, a core item', async () => {
    const r = await refusedCells('other.csv', [
      'date,client_code,other_items',
      '2024-05-03,AAAA11980,naloxone=1',
      '2024-05-03,AAAA11980,naloxone:1;filter',
      '2024-05-03,AAAA11980,naloxone:-1',
      '2024-05-03,AAAA11980,naloxone:1.5',
      '2024-05-03,AAAA11980,filter:100001',
      '2024-05-03,AAAA11980,filter:1;FILTER:2',
      '2024-05-03,AAAA11980,naloxone:1;tourniquet:2',
      '2024-05-03,AAAA11980,syringe_2ml:10',
      // Fine on its own (spaces, a last semicolon, a zero): refused with the file all the same.
      '2024-05-03,AAAA11980, naloxone : 1 ; water:0 ;',
    ]);
    expect(where(r)).toEqual(['2:other_items', '3:other_items', '4:other_items', '5:other_items', '6:other_items', '7:other_items', '8:other_items', '9:other_items']);
    expect(r.errors[0].message).toMatch(/^is not written ITEM:COUNT;ITEM:COUNT \(item 1 of the cell\)/);
    expect(r.errors[1].message).toMatch(/\(item 2 of the cell\)/);
    expect(r.errors[4].message).toBe('gives item 1 of the cell more than the most a supply line takes (100,000).');
    expect(r.errors[5].message).toMatch(/^names item 2 of the cell twice/);
    // The catalogue's other items, as migration 001 seeds them.
    expect(r.errors[6].message).toMatch(/item 2 of the cell.*its other items are: water, filter, cooker, naloxone, leaflet\./);
    expect(r.errors[7].message).toBe('names an item that has a column of its own (item 1 of the cell): write it in syringes_out.');
    // A message never repeats the cell: the unknown key is not in it.
    expect(r.errors[6].message).not.toMatch(/tourniquet/);
  });

  it('a huge other_items cell is refused by its length, a long list of items by its count, at once', async () => {
    const long = 'naloxone:1;'.repeat(2900); // 31,900 characters: under the cell limit, over the column's
    const many = Array.from({ length: 101 }, (_, i) => `item${i}:1`).join(';');
    const t = performance.now();
    const r = await refusedCells('huge.csv', ['date,client_code,other_items', `2024-05-04,AAAA11980,${long}`, `2024-05-04,AAAA11980,${many}`]);
    expect(performance.now() - t).toBeLessThan(5000);
    expect(where(r)).toEqual(['2:other_items', '3:other_items']);
    expect(r.errors[0].message).toBe('is 31,900 characters long; at most 4,800 are allowed.');
    expect(r.errors[1].message).toBe('lists more than 100 items, the most one cell may list.');
  });

  it('activities: a topic outside the list, a topic or trained codes on a meeting, a code too long, too many codes', async () => {
    const tooMany = Array.from({ length: 1001 }, (_, i) => `C${i}`).join(';');
    const r = await refusedCells('activities.csv', [
      'date,type,topic,title,participants,institution,trained_codes',
      '2024-05-05,training,naloxone,Mokymai,4,,',
      '2024-05-05,meeting,overdose_response,Susitikimas,4,municipality,',
      '2024-05-05,meeting,,Susitikimas,4,municipality,AAAA11980',
      `2024-05-05,training,other,Mokymai,4,,AAAA11980;${'X'.repeat(33)}`,
      `2024-05-05,training,other,Mokymai,4,,"${tooMany}"`,
    ]);
    expect(where(r)).toEqual(['2:topic', '3:topic', '4:trained_codes', '5:trained_codes', '6:trained_codes']);
    expect(r.errors[0].message).toBe('is not one of: secondary_exchange, overdose_response, other.');
    expect(r.errors[1].message).toMatch(/only for a training/);
    expect(r.errors[3].message).toBe('has a code longer than 32 characters (code 2 of the cell).');
    expect(r.errors[4].message).toBe('lists more than 1,000 codes, the most one cell may list.');
  });

  it('overdoses: values outside the closed lists, who gave naloxone when none was given, an empty date', async () => {
    const r = await refusedCells('overdoses.csv', [
      'date,client_code,reported_by,place,naloxone_given,naloxone_by,ambulance,outcome,site,staff,note',
      '2024-05-06,,neighbour,street,yes,peer,no,survived,,,',
      '2024-05-06,,client,park,yes,peer,no,survived,,,',
      '2024-05-06,,client,street,no,peer,no,survived,,,',
      '2024-05-06,,client,street,,staff,no,survived,,,',
      '2024-05-06,,client,street,yes,doctor,maybe,alive,,,',
      ',,client,street,unknown,,unknown,unknown,,,',
    ]);
    expect(where(r)).toEqual(['2:reported_by', '3:place', '4:naloxone_by', '5:naloxone_by', '6:naloxone_by', '6:ambulance', '6:outcome', '7:date']);
    expect(r.errors[2].message).toMatch(/^needs yes in naloxone_given/);
    expect(r.errors[7].message).toBe('is empty: every row needs the date of the overdose.');
  });

  it('care: no client code, a step of the other infection, empty or unknown infection and step', async () => {
    const r = await refusedCells('care.csv', [
      'date,client_code,infection,step,site,staff',
      '2024-05-07,,hcv,linked_to_care,,',
      '2024-05-07,AAAA11980,hcv,virally_suppressed,,',
      '2024-05-07,AAAA11980,hiv,cured,,',
      '2024-05-07,AAAA11980,,treatment_started,,',
      '2024-05-07,AAAA11980,hbv,linked,,',
    ]);
    expect(where(r)).toEqual(['2:client_code', '3:step', '4:step', '5:infection', '6:infection', '6:step']);
    expect(r.errors[1].message).toBe('virally_suppressed is not a step of HCV care: cured is for HCV (sustained virological response), virally_suppressed for HIV.');
    expect(r.errors[3].message).toBe('is empty: write one of hcv, hiv.');
  });

  it('a CSV is read as the sheet its own columns name: overdoses, care and activities headers are not visits', async () => {
    const r = await refusedCells('x.csv', ['date,client_code,infection,step,note', '2024-05-08,AAAA11980,hcv,cured,kažkas']);
    // The care sheet has no note column: read as care, the note is what is unknown.
    expect(r.errors[0]).toMatchObject({ sheet: 'care', row: 1, column: 'note' });
  });
});

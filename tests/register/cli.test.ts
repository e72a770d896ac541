// The command line's import and export of the register (spec/cli.md): the import's answer names
// every count, overdoses and care included; export writes the four CSV files or one workbook with
// the four sheets, and what it writes imports into another database with the same counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { cli, MANAGER, newCabinet } from '../db/helpers';
import { englishWords } from '../lt-words';
import { say, text } from '../../shared/core-messages';
import { csv, removeDir, tempDir } from './helpers';
import { noteSentences } from '../../db/register/export';

const env = { SLENKSTIS_PASSWORD: MANAGER.password };

describe('slenkstis import and export', () => {
  let dir: string;
  let a: Awaited<ReturnType<typeof newCabinet>>;
  let b: Awaited<ReturnType<typeof newCabinet>>;
  beforeAll(async () => {
    dir = tempDir();
    a = await newCabinet({ dir: tempDir() });
    b = await newCabinet({ dir: tempDir() });
    a.core.close();
    b.core.close();
    writeFileSync(join(dir, 'visits.csv'), csv([
      'date,client_code,sex,birth_year,came_via,in_pharmacotherapy,syringes_out,other_items,referral,referral_outcome',
      '2024-04-02,ONJO11985,male,1985,self,yes,10,naloxone:1,1,arrived',
      '2024-04-03,,,,,,,naloxone:2,,',
    ]));
    writeFileSync(join(dir, 'overdoses.csv'), csv([
      'date,client_code,reported_by,place,naloxone_given,naloxone_by,ambulance,outcome',
      '2024-04-04,ONJO11985,peer,street,yes,peer,no,survived',
      '2024-04-05,,staff,home,no,,yes,died',
    ]));
    writeFileSync(join(dir, 'care.csv'), csv(['date,client_code,infection,step', '2024-04-06,PEJO11990,hcv,linked_to_care']));
    writeFileSync(join(dir, 'trainings.csv'), csv(['date,type,topic,participants,trained_codes', '2024-04-07,training,overdose_response,2,ONJO11985']));
  });
  afterAll(() => {
    for (const d of [dir, a.dir, b.dir]) removeDir(d);
  });

  it('import answers {"imported": {visits, activities, overdoses, care, clients_created}, "errors", "warnings"}', async () => {
    const files = ['visits.csv', 'overdoses.csv', 'care.csv', 'trainings.csv'].map((f) => join(dir, f));
    const dry = await cli(['import', ...files, '--db', a.dbPath, '--user', MANAGER.userName, '--dry-run'], env);
    expect(dry.code).toBe(0);
    const answer = JSON.parse(dry.out) as { imported: Record<string, number> };
    expect(Object.keys(answer)).toEqual(['imported', 'errors', 'warnings']);
    expect(answer.imported).toEqual({ visits: 2, activities: 1, overdoses: 2, care: 1, clients_created: 2 });
    expect(Object.keys(answer.imported)).toEqual(['visits', 'activities', 'overdoses', 'care', 'clients_created']);
    const done = await cli(['import', ...files, '--db', a.dbPath, '--user', MANAGER.userName], env);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.out)).toMatchObject({ imported: answer.imported, errors: [] });
  });

  it('a file refused: exit 1, every count zero', async () => {
    writeFileSync(join(dir, 'bad-care.csv'), csv(['date,client_code,infection,step', '2024-04-08,PEJO11990,hiv,cured']));
    const r = await cli(['import', join(dir, 'bad-care.csv'), '--db', a.dbPath, '--user', MANAGER.userName], env);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({
      imported: { visits: 0, activities: 0, overdoses: 0, care: 0, clients_created: 0 },
      errors: [{ file: join(dir, 'bad-care.csv'), sheet: 'care', row: 2, column: 'step' }],
    });
    const missing = await cli(['import', join(dir, 'no-such.csv'), '--db', a.dbPath, '--user', MANAGER.userName], env);
    expect(JSON.parse(missing.out).imported).toEqual({ visits: 0, activities: 0, overdoses: 0, care: 0, clients_created: 0 });
  });

  it('export --format csv writes PATH/visits.csv, activities.csv, overdoses.csv and care.csv, which import elsewhere with the same counts', async () => {
    const out = join(dir, 'out');
    const r = await cli(['export', '--format', 'csv', '--out', out, '--db', a.dbPath, '--user', MANAGER.userName], env);
    expect(r.code).toBe(0);
    const names = ['visits.csv', 'activities.csv', 'overdoses.csv', 'care.csv'];
    expect(JSON.parse(r.out)).toMatchObject({ format: 'csv', files: names.map((n) => join(out, n)), visits: 2, rows: 2, activities: 1, overdoses: 2, care: 1 });
    for (const n of names) expect(existsSync(join(out, n))).toBe(true);
    expect(readFileSync(join(out, 'care.csv'), 'utf8')).toBe('\ufeffdate,client_code,infection,step,site,staff\r\n2024-04-06,PEJO11990,hcv,linked_to_care,,\r\n');
    const again = await cli(['import', ...names.map((n) => join(out, n)), '--db', b.dbPath, '--user', MANAGER.userName], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).imported).toEqual({ visits: 2, activities: 1, overdoses: 2, care: 1, clients_created: 2 });
  });

  it('export --format xlsx writes one workbook with the four sheets', async () => {
    const file = join(dir, 'register.xlsx');
    const r = await cli(['export', '--format', 'xlsx', '--out', file, '--db', a.dbPath, '--user', MANAGER.userName], env);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['visits', 'activities', 'overdoses', 'care']);
    expect(wb.getWorksheet('overdoses')!.rowCount).toBe(3);
  });
});

describe('the sentences of issue 17\'s cells, and the export\'s notes, in Lithuanian', () => {
  it('hold no English outside the quoted names and values', () => {
    const texts = [
      text('cell.empty_one_of', { values: ['hcv', 'hiv'] }), text('cell.care_needs_code'), text('cell.referred_by_needs_peer'), text('cell.referred_by_self'),
      text('cell.other_items_syntax', { entry: 2 }), text('cell.other_items_count', { entry: 1, max: 100_000 }), text('cell.other_items_twice', { entry: 2 }),
      text('cell.list_many', { max: 100, what: 'items' }), text('cell.list_many', { max: 1000, what: 'codes' }), text('cell.trained_code_long', { entry: 3 }),
      text('cell.only_for_training'), text('cell.naloxone_by_needs_given'), text('cell.care_step_of_other', { step: 'cured', infection: 'hiv' }),
      text('cell.no_date', { sheet: 'overdoses' }), text('cell.no_date', { sheet: 'care' }), text('sheet.none'),
      text('import.item_unknown', { entry: 2, known: ['water', 'naloxone'] }), text('import.item_core', { entry: 1, column: 'syringes_out' }),
      text('import.pharmacotherapy_same_day', { row: 4, file: 'a.csv' }), text('import.referred_by_differs'), text('import.trained_code_new', { entry: 1 }),
      // The export's notes, which the Data screen shows.
      text('export.other_items_in', { lines: 2 }), text('export.for_peers', { lines: 1 }), text('export.for_peers_rows', { visits: 2 }), text('export.split_visits', { visits: 3 }),
      text('export.care_notes', { steps: 1 }), text('export.pharmacotherapy_moved', { changes: 4 }),
    ];
    for (const t of texts) {
      const lt = say('lt', t);
      expect(englishWords(lt), lt).toEqual([]);
      expect(lt).not.toBe(say('en', t));
    }
  });
});

describe('the export\'s notes', () => {
  it('are said in the language of whoever asked: the window\'s session, English for the command line', () => {
    const notes = { otherItemsInLines: 0, forPeersLines: 0, forPeersRows: 0, splitVisits: 2, careNotes: 1, pharmacotherapyMoved: 0 };
    expect(noteSentences(notes)).toEqual([
      '2 visit(s) with more than one test, referral destination or outcome, or peer report are written as several rows.',
      '1 care step note(s) are not exported (the care sheet has no note column).',
    ]);
    expect(noteSentences(notes, 'lt')).toEqual([
      'Apsilankymų su daugiau nei vienu tyrimu, tarpininkavimo kryptimi ar baigtimi arba pranešimu apie kitus vartotojus: 2; kiekvienas įrašytas keliomis eilutėmis.',
      'Gydymo etapų pastabų: 1; jos neeksportuotos (gydymo etapų lape pastabų stulpelio nėra).',
    ]);
  });
});

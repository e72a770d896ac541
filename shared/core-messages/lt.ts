// The core's messages in Lithuanian: the same keys and parameters as en.ts (the type says so),
// in the words of docs/glossary.md (eilutė, stulpelis, lapas, langelis, failas, darbaknygė;
// anuliuoti, lauko darbas, kiti vartotojai, punktas). What a file holds (a column's name, a
// value as typed, a file's name) is quoted „so“ and never translated: the person finds it
// in the file as it is written there.
import type { Infection, Role, SiteKind, TestType } from '../domain';
import { REGISTER_LIMITS as L } from '../register-limits';
import type { Reason } from '../messages';
import { indicatorByKey } from '../indicators';
import { ltPlural, mb, num, quoted, type FilePlace } from './format';
import type { Catalogue, CellAt, Dhis2Period, MedicalAct, Thing, XlsxDamage } from './en';

const n = (x: number) => num('lt', x);
const MB = (bytes: number) => mb('lt', bytes);
/** A file's, sheet's or column's name, or a value as the file has it. */
const q = (s: string) => `„${s}“`;

/** "Jūsų paskyra (socialinio darbuotojo)": the role in the genitive. */
const ROLE_OF: Record<Role, string> = { social_worker: 'socialinio darbuotojo', medical: 'gydytojo ar slaugytojo', manager: 'vadovo' };
const TEST_TYPE: Record<TestType, string> = {
  rapid_hiv: 'Atrankinis greitasis ŽIV tyrimas', combined: 'Kombinuotas ŽIV/HBV/HCV tyrimas', hiv: 'ŽIV tyrimas', hbv: 'HBV tyrimas',
  hcv: 'HCV tyrimas', hcv_rna: 'HCV RNR tyrimas', other: 'Kitas tyrimas',
};
const INFECTION: Record<Infection, string> = { hiv: 'ŽIV', hbv: 'HBV', hcv: 'HCV' };
/** "names a new …, which is created": the accusative, and the pronoun of its gender. */
const NEW_SITE: Record<SiteKind | 'point', string> = {
  cabinet: 'naują kabinetą, kuris bus sukurtas', mobile: 'naują mobilųjį kabinetą, kuris bus sukurtas', outreach_place: 'naują lauko darbo vietą, kuri bus sukurta',
  arrest_house: 'naują areštinę, kuri bus sukurta', point: 'naują antrinio keitimo punktą, kuris bus sukurtas',
};
const NOT_FOUND: Record<Thing, string> = {
  client: 'Klientas nerastas.', visit: 'Apsilankymas nerastas.', test: 'Tyrimas nerastas.', activity: 'Veikla nerasta.', site: 'Vieta nerasta.',
  item: 'Katalogo priemonė nerasta.', project: 'Projektas nerastas.', staff: 'Darbuotojo paskyra nerasta.', outreach_session: 'Lauko darbo įrašas nerastas.',
  care_step: 'Gydymo etapas nerastas.',
  overdose: 'Pranešimas apie perdozavimą nerastas.',
  pharmacotherapy_change: 'Pakaitinio gydymo pakeitimas nerastas.',
};
/** After "negali": the object in the genitive, as Lithuanian negation wants it. */
const MEDICAL_ACT: Record<MedicalAct, string> = {
  record_services: 'įrašyti medicinos paslaugų',
  record_tests: 'įrašyti tyrimų ir jų rezultatų',
  edit_visit: 'taisyti apsilankymo, kuriame yra medicinos paslaugų ar tyrimų',
  void_visit: 'anuliuoti apsilankymo, kuriame yra medicinos paslaugų ar tyrimų',
  void_session: 'anuliuoti lauko darbo įrašo, kuriame yra medicinos paslaugų ar tyrimų',
};
const PERIOD: Record<Dhis2Period, { type: string; first: string; last: string }> = {
  Monthly: { type: 'mėnesio', first: 'pirmoji mėnesio diena', last: 'paskutinė mėnesio diena' },
  Quarterly: { type: 'ketvirčio', first: 'pirmoji ketvirčio diena', last: 'paskutinė ketvirčio diena' },
  Yearly: { type: 'metų', first: 'pirmoji metų diena', last: 'paskutinė metų diena' },
};

const rows = (x: number) => `${n(x)} ${ltPlural(x, 'eilutė', 'eilutės', 'eilučių')}`;
const chars = (x: number) => `${n(x)} ${ltPlural(x, 'simbolis', 'simboliai', 'simbolių')}`;

/** "(… eilutėje)": where in a file, in the locative. */
const place = (p: FilePlace): string => {
  switch (p.at) {
    case 'row':
      return `${n(p.row)} eilutėje`;
    case 'rows_read':
      return `perskaičius ${rows(p.rows)}`;
    case 'sheet':
      return p.row === undefined ? `${p.sheet} lape` : `${p.sheet} lapo ${n(p.row)} eilutėje`;
    case 'shared_strings':
      return 'tarp bendrųjų tekstų';
  }
};

const REASON: Record<Exclude<Reason['key'], 'too_small' | 'too_big'>, string> = {
  date: 'data turi būti užrašyta MMMM-MM-DD',
  time: 'laikas turi būti užrašytas VV:MM',
  required: 'privaloma užpildyti',
  invisible_chars: 'yra nematomas arba valdymo simbolis (pvz., nulinio pločio tarpas ar teksto krypties ženklas): įrašykite iš naujo, neįklijuodami',
  user_name_chars: 'naudokite raides, skaitmenis, tašką, brūkšnelį ar pabraukimą',
  password_short: 'bent 8 simboliai',
  one_for_client: 'žinomo kliento apsilankymui turi būti 1',
  one_for_known_client: 'žinomam klientui turi būti 1',
  one_for_test: 'įraše su tyrimu turi būti 1: tyrimas skirtas vienam asmeniui',
  training_needs_client: 'reikia kliento: išmokyti antriniam keitimui galima tik žinomą klientą',
  report_needs_client: 'reikia kliento: apie pasiektus kitus vartotojus praneša žinomas klientas',
  one_worker: 'pasirinkite bent vieną darbuotoją',
  period_order: 'pradžia negali būti vėlesnė už pabaigą',
  item_key_chars: 'naudokite mažąsias raides, skaitmenis ir pabraukimą',
  currency: 'trijų raidžių valiutos kodas, pvz., EUR',
  pattern: 'netinkamas šablonas',
  note_phone: 'negali būti telefono numerio (pastabose niekada nerašoma, kas yra klientas ar kaip su juo susisiekti)',
  note_personal_code: 'negali būti asmens kodo (pastabose niekada nerašoma, kas yra klientas)',
  note_email: 'negali būti el. pašto adreso (pastabose niekada nerašoma, kas yra klientas ar kaip su juo susisiekti)',
  invalid_type: 'trūksta arba netinkamos rūšies',
  invalid_value: 'nėra tarp pasirinkimų',
  unknown_fields: 'yra programai nežinomų laukų',
  invalid: 'netinkama reikšmė',
  medical_services: 'medicinos paslaugas įrašo tik medikai (gydytojas ar slaugytojas): jūsų paskyrai tai neleidžiama',
  medical_tests: 'tyrimus ir jų rezultatus įrašo tik medikai (gydytojas ar slaugytojas): jūsų paskyrai tai neleidžiama',
};

/** A validation reason (shared/messages.ts), as the field-level text says it. */
export function reasonLt(r: Reason): string {
  const p = r.params ?? {};
  const min = Number(p.min);
  const max = Number(p.max);
  switch (r.key) {
    case 'too_small':
      return p.origin === 'string' ? `bent ${chars(min)}` : p.origin === 'array' ? `pasirinkite bent ${n(min)}` : `turi būti ne mažiau kaip ${n(min)}`;
    case 'too_big':
      return p.origin === 'string' ? `ne daugiau kaip ${chars(max)}` : p.origin === 'array' ? `ne daugiau kaip ${n(max)}` : `turi būti ne daugiau kaip ${n(max)}`;
    default:
      return REASON[r.key];
  }
}

/** The input's fields, as a person knows them (the screens' own labels where a screen has the field); a list's one element and the whole list. */
const FIELD: Record<string, string | { one: string; all: string }> = {
  active: 'Aktyvumas', ambulance: 'Ar kviesta greitoji pagalba', anonymousCount: 'Asmenų skaičius', attributeOptionCombo: 'DHIS2 atributų derinys', beforeId: 'Ankstesnis įrašas',
  birthYear: 'Gimimo metai', budgetMinor: 'Biudžetas', cabinetName: 'Kabineto pavadinimas', cameVia: 'Kaip atėjo', category: 'Kategorija',
  categoryOptionCombo: 'DHIS2 kategorijų derinys', clientId: 'Klientas', code: 'Kodas', codePattern: 'Kliento kodo šablonas',
  confirmNotDuplicate: 'Patvirtinimas, kad tai ne dublikatas', confirmQuantityAbove: 'Klausti patvirtinimo, kai priemonės kiekis didesnis nei',
  contacts: { one: 'kontaktas', all: 'kontaktai' }, coverageHighFrom: 'Aprėptis aukšta nuo', coverageLowBelow: 'Aprėptis žema, kai mažiau nei',
  currency: 'Valiuta', dataBase64: 'Failo turinys', dataElement: 'DHIS2 duomenų elementas', dataSet: 'DHIS2 duomenų rinkinys',
  dataValues: { one: 'reikšmė', all: 'reikšmės' }, date: 'Data', direction: 'Kryptis (išduota ar grąžinta)', displayName: 'Rodomas vardas',
  donor: 'Rėmėjas', file: 'Failas', files: { one: 'failas', all: 'failai' }, folder: 'Aplankas', forPeers: 'Kitiems vartotojams',
  followupWeeks: 'Priminti apie nesilankančius po savaičių', format: 'Formatas', from: 'Nuo', full: 'Visų rodiklių darbaknygė', hbv: 'HBV rezultatas', hcv: 'HCV rezultatas', hiv: 'ŽIV rezultatas', id: 'Įrašas',
  idleLockMinutes: 'Užrakinti po neveiklos minučių', infection: 'Infekcija', inPharmacotherapy: 'Pakaitinis gydymas', includeVoided: 'Su anuliuotais įrašais',
  indicator: 'Rodiklis', injects: 'Ar švirkščiasi', institution: 'Institucija', institutions: { one: 'institucija', all: 'institucijos' }, itemKey: 'Priemonė', keepId: 'Paliekamas klientas',
  key: 'Raktas', kind: 'Rūšis', labelEn: 'Pavadinimas anglų kalba', labelLt: 'Pavadinimas lietuvių kalba', language: 'Numatytoji kalba',
  limit: 'Riba', lowStockThreshold: 'Mažų atsargų riba', mapping: 'DHIS2 susiejimas', mergeId: 'Prijungiamas klientas',
  monthly: 'Pagal mėnesius', municipal: 'Savivaldybės darbaknygė', naloxoneBy: 'Kas panaudojo naloksoną', naloxoneGiven: 'Ar panaudotas naloksonas', name: 'Pavadinimas', newPassword: 'Naujas slaptažodis', note: 'Pastaba', oldPassword: 'Dabartinis slaptažodis',
  orgUnit: 'DHIS2 organizacinis vienetas', outcome: 'Baigtis', part: 'Rodiklio dalis', participants: 'Dalyviai', password: 'Slaptažodis', peersPoints: 'Kiti vartotojai punktuose',
  peersStreet: 'Kiti vartotojai gatvėje', periodType: 'Laikotarpio rūšis', place: 'Kur įvyko', placeId: 'Vieta', pointId: 'Punktas',
  pwidPopulationEstimate: 'Įvertintas švirkščiamųjų narkotikų vartotojų skaičius', quantity: 'Kiekis', query: 'Paieška', reason: 'Priežastis',
  recoveryKey: 'Atkūrimo raktas', referredByCode: 'Atvedusio vartotojo kodas', referralTo: 'Kur nukreipta', regularMinVisitDays: 'Nuolatinis klientas: apsilankymo dienų per mėnesį',
  report: 'Ataskaita', reportedBy: 'Kas pranešė', resultDate: 'Rezultato data', results: 'Rezultatai', role: 'Vaidmuo', secondary: 'Antrinis keitimas',
  services: { one: 'paslauga', all: 'paslaugos' }, sex: 'Lytis', siteId: 'Vieta', siteIds: { one: 'vieta', all: 'vietos' },
  source: 'Šaltinis', status: 'Būsena', step: 'Gydymo etapas', supplies: { one: 'priemonė', all: 'priemonės' }, template: 'Šablonas', testDueMonths: 'Tirtis kas mėnesių',
  testId: 'Tyrimas', topic: 'Tema', testedPerson: 'Kas tirtas', tests: { one: 'tyrimas', all: 'tyrimai' }, time: 'Laikas', title: 'Pavadinimas', to: 'Iki',
  trainedClientIds: { one: 'išmokytas klientas', all: 'išmokyti klientai' }, trainedCodes: { one: 'išmokyto kliento kodas', all: 'išmokytų klientų kodai' }, trainedSecondary: 'Išmokytas antriniam keitimui',
  type: 'Rūšis', units: 'Kiekis', visitId: 'Apsilankymas', userName: 'Naudotojo vardas', workerIds: { one: 'darbuotojas', all: 'darbuotojai' },
  workbookOmitZeroRows: 'Darbaknygėse praleisti eilutes, kurių veiklos per laikotarpį nebuvo',
};

/** Whether an input field has a Lithuanian name (a test walks every window schema). */
export const hasFieldLabel = (name: string): boolean => Object.prototype.hasOwnProperty.call(FIELD, name);

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** A label inside a path starts lower-case, unless it starts with an acronym ("DHIS2 …", "ŽIV …"). */
const lower = (s: string) => (/^\p{Lu}\p{Ll}/u.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/** "supplies.0.quantity" → "Priemonė Nr. 1, kiekis". A name the app does not know is quoted as it came. */
export function fieldLt(path: string): string {
  const parts = path.split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i];
    const label = hasFieldLabel(name) ? FIELD[name] : null;
    const index = /^\d+$/.test(parts[i + 1] ?? '') ? Number(parts[i + 1]) : null;
    if (/^\d+$/.test(name)) {
      out.push(`Nr. ${Number(name) + 1}`);
      continue;
    }
    if (label === null) out.push(q(name.slice(0, 40)));
    else if (typeof label === 'string') out.push(out.length > 0 ? lower(label) : label);
    else out.push(index === null ? label.all : `${label.one} Nr. ${index + 1}`);
    if (index !== null) i++;
  }
  return cap(out.join(', '));
}

const SAVE_AS_UTF8 = 'Excel programoje įrašykite jį kaip „CSV UTF-8 (kableliais atskirti)“.';
const SAVE_AGAIN = 'atverkite jį Excel programoje ir vėl įrašykite kaip .xlsx.';
const UNKNOWN: Record<'sex' | 'birth_year', string> = { sex: 'lytis nežinoma', birth_year: 'gimimo metai nežinomi' };

function damageLt(d: XlsxDamage): string {
  const cell = (sheet: number, ref: string) => `${sheet} lapo langelis ${ref}`;
  const at = (c: CellAt) => `${c.sheet} lapo ${n(c.row)} eilutės ${c.col} stulpelio langelis`;
  switch (d.why) {
    case 'part_twice': return `dalis ${quoted(d.part)} jame yra dukart`;
    case 'sheet_twice': return `jame yra dvi ${d.sheet} lapo dalys`;
    case 'packing': return `dalis ${quoted(d.part)} suglaudinta taip, kaip skaičiuoklės nedaro`;
    case 'xml_broken': return `jo XML sugadintas (${d.detail.slice(0, 60)})`;
    case 'dtd': return 'jo XML skelbia DTD, o skaičiuoklės jo niekada nerašo';
    case 'cdata': return 'jame yra CDATA skyrių, o skaičiuoklės jų niekada nerašo';
    case 'xml_prefix': return `jo dalis prasideda žyme <${d.tag.slice(0, 30)}>, o ne <${d.expected}> (tokio XML prefikso ši programa neskaito)`;
    case 'nested_string': return 'bendrasis tekstas įdėtas į kitą elementą';
    case 'phonetic': return 'jo tekste yra fonetinių nuorodų, kurių ši programa negali atskirti nuo teksto';
    case 'row_outside': return `eilutė yra už lapo duomenų ribų (${d.sheet} lapas)`;
    case 'row_number': return `${d.sheet} lapo eilutės numerio ${quoted(d.value)} nėra, jis ne iš eilės arba už paskutinės lapo eilutės`;
    case 'cell_outside': return `langelis yra už eilutės ribų (${d.sheet} lapas)`;
    case 'cell_not_of_row': return `${d.sheet} lapo ${n(d.row)} eilutės langelio nuoroda ${quoted(d.ref)} nėra tos eilutės langelis`;
    case 'cell_order': return `${d.sheet} lapo langelis ${quoted(d.ref)} kartojasi arba yra ne iš eilės`;
    case 'iso_date': return `${cell(d.sheet, d.ref)} yra ISO datos langelis, o tokių ši programa neskaito`;
    case 'cell_type': return `${cell(d.sheet, d.ref)} yra nežinomos rūšies ${quoted(d.type)}`;
    case 'value_outside': return `reikšmė yra už langelio ribų (${d.sheet} lapas)`;
    case 'unexpected_tag': return `${d.sheet} lapo langelyje yra netikėta žymė <${d.tag.slice(0, 30)}>`;
    case 'shared_index': return `${at(d.at)} nurodo bendrąjį tekstą ${quoted(d.value)}, bet tai ne skaičius`;
    case 'not_number': return `${at(d.at)} turi ${quoted(d.value)}, nors turėtų būti skaičius`;
    case 'bool_formula': return `${at(d.at)} yra TRUE/FALSE formulė, kurią ši programa perskaitytų kaip skaičių`;
    case 'not_bool': return `${at(d.at)} turi ${quoted(d.value)}, nors turėtų būti TRUE arba FALSE`;
    case 'rich_text': return `${at(d.at)} yra formatuotas tekstas, kurį ši programa perskaitytų tik iš dalies`;
    case 'entity': return `${at(d.at)} turi tekstą, pvz., „&amp;“, kurį ši programa iššifruotų dukart`;
    case 'unpack': return `jo dalies ${quoted(d.part)} nepavyksta išpakuoti`;
    case 'not_utf8': return `jo dalis ${quoted(d.part)} nėra UTF-8 tekstas`;
    case 'part_damaged': return `jo dalis ${quoted(d.part)} sugadinta`;
    case 'shared_missing': return `${d.sheet} lapo langelis nurodo ${n(d.index)}-ąjį bendrąjį tekstą, bet darbaknygėje jų tik ${n(d.count)}`;
    case 'sheet_elsewhere': return `lapas ${quoted(d.name)} laikomas ten, kur ši programa jo neieško`;
  }
}

export const lt: Catalogue = {
  'door.no_channel': () => 'Tokio veiksmo nėra.',
  'door.log_in': () => 'Pirmiausia prisijunkite.',
  'door.locked': () => 'Ekranas užrakintas: įveskite slaptažodį.',
  'door.forbidden': (p) => `Jūsų paskyra (${ROLE_OF[p.role]}) to daryti negali.`,
  'door.import_writing': () => 'Rašomas importas: palaukite, kol jis baigsis, arba sustabdykite jį.',
  'door.long_job': () => 'Dar vyksta kitas ilgas darbas (ataskaita, importas, eksportas ar atsarginė kopija): palaukite, kol jis baigsis, arba sustabdykite jį.',
  'verify.integrity': (p) => `Vientisumas: ${quoted(p.detail)}`,
  'verify.dangling': (p) => `Įrašų, kurie nurodo neesamus įrašus: ${n(p.n)}.`,
  'verify.entry_bad_value': (p) => `Audito žurnalo įrašas Nr. ${p.id} pakeistas po to, kai buvo įrašytas (laukelyje ${quoted(p.field)} – netinkamo tipo reikšmė).`,
  'verify.entries_missing': (p) => `Trūksta audito žurnalo įrašų Nr. ${p.from}–${p.to} (jie pašalinti).`,
  'verify.entry_not_following': (p) => `Audito žurnalo įrašas Nr. ${p.id} neina po ankstesniojo (įrašas pašalintas arba pakeistas).`,
  'verify.entry_altered': (p) => `Audito žurnalo įrašas Nr. ${p.id} pakeistas po to, kai buvo įrašytas.`,
  'verify.keyring_unreadable': (p) => `Neįmanoma perskaityti raktinės, kurioje saugomas audito inkaras: ${quoted(p.detail)}`,
  'verify.keyring_altered': () => 'Raktinė, kurioje saugomas audito inkaras, pakeista ne per Slenkstį (jos antspaudas nesutampa).',
  'verify.stray_keys': (p) => `Raktinėje yra raktas neaktyvioms paskyroms (${p.n}: ${quoted(p.names)}); kitas raktų keitimas jį pašalins.`,
  'verify.anchor_missing': () => 'Raktinėje nėra audito inkaro.',
  'verify.tail_cut': (p) => `Audito žurnalas baigiasi įrašu Nr. ${p.head}, bet už failo ribų saugomas inkaras ${p.at} užfiksavo įrašą Nr. ${p.anchored}: naujausi įrašai nukirsti.`,
  'verify.anchor_mismatch': (p) => `Audito žurnalo įrašas Nr. ${p.anchored} nėra tas, kurį ${p.at} užfiksavo už failo ribų saugomas inkaras.`,
  'door.long_job_session': () => 'Dar vyksta ilgas darbas (ataskaita, importas, eksportas ar atsarginė kopija): prisijunkite ar atsijunkite, kai jis baigsis, arba pirma sustabdykite jį.',
  'door.long_job_writes': () => 'Vyksta importas arba atkūrimas: kol jis nesibaigs, niekas kita neišsaugoma. Palaukite arba sustabdykite jį.',
  'door.cancelled': () => 'Sustabdyta, kaip prašėte; niekas neįrašyta.',
  'door.invalid': (p) => `${p.field ? fieldLt(p.field) : 'Įvestis'}: ${reasonLt(p.reason)}`,
  'session.no_account': () => 'Aktyvios paskyros su tokiu naudotojo vardu nėra.',
  'session.wrong_password': () => 'Neteisingas slaptažodis.',
  'session.rescue_open': () => 'Duomenų bazė atidaryta: atkurkite ją vadovo languose.',
  'session.rescue_opens': () => 'Duomenų bazė atsidaro: prisijunkite ir atkurkite ją lange „Atsarginės kopijos“.',
  'session.rescue_not_offered': () => 'Šio failo nėra tarp siūlomų atsarginių kopijų.',

  'error.busy': () => 'Duomenų bazę naudoja kita programa; niekas neišsaugota. Bandykite dar kartą.',
  'error.disk_full': () => 'Diskas pilnas; niekas neišsaugota. Atlaisvinkite vietos ir bandykite dar kartą.',
  'error.denied': (p) => `Slenkstis ten negali rašyti ar skaityti (${p.code}: nėra leidimo arba diskas tik skaitomas); niekas neišsaugota.`,
  'error.constraint': () => 'Įrašas pažeidžia duomenų bazės taisyklę (trūksta nuorodos arba ji kartojasi); niekas neišsaugota.',
  'error.damaged': () => 'Duomenų bazės failas sugadintas. Atkurkite paskutinę gerą atsarginę kopiją.',
  'error.closed': () => 'Duomenų bazė uždaryta; prisijunkite iš naujo.',
  'error.internal': () => 'Įvyko netikėta klaida; niekas neišsaugota. Jei pasikartos, praneškite vadovui.',
  'error.no_keyring': () => 'Šiam veiksmui reikia raktų failo, bet jis neatvertas.',

  'record.not_found': (p) => NOT_FOUND[p.thing],
  'record.medical_only': (p) => `Jūsų paskyra (${ROLE_OF[p.role]}) negali ${MEDICAL_ACT[p.act]}.`,
  'settings.coverage_order': () => 'Žemos aprėpties riba turi būti mažesnė už aukštos aprėpties ribą.',
  'staff.name_taken': () => 'Šis naudotojo vardas jau užimtas.',
  'staff.disable_self': () => 'Savo paskyros išjungti negalite.',
  'staff.already_disabled': () => 'Ši paskyra jau išjungta.',
  'staff.disabled': () => 'Ši paskyra išjungta; kad galėtumėte jai suteikti slaptažodį, pridėkite ją iš naujo.',
  'staff.keep_manager': () => 'Vadovo vaidmens sau atimti negalite.',
  'items.key_taken': () => 'Šį raktą jau turi kita priemonė.',
  'items.key_fixed': () => 'Naudojamos priemonės rakto keisti negalima (jį nurodo ataskaitos ir failai); verčiau pridėkite naują priemonę.',
  'items.no_such': () => 'Tokios priemonės kataloge nėra.',
  'sites.name_taken': () => 'Vieta tokiu pavadinimu jau yra.',
  'sites.no_such': () => 'Tokios vietos nėra.',
  'tests.visit_voided': () => 'Šio tyrimo apsilankymas anuliuotas.',
  'tests.no_result': (p) => `${TEST_TYPE[p.type]} neduoda ${INFECTION[p.infection]} rezultato.`,
  'tests.result_before': () => 'Rezultato data negali būti ankstesnė už tyrimo datą.',
  'tests.result_future': () => 'Rezultato data negali būti vėlesnė už šiandienos.',
  'care.step_of_other': () => 'Išgydymas žymimas tik hepatito C gydyme, viruso nuslopinimas – tik ŽIV gydyme.',
  'care.no_positive': (p) => `Gydymo etapas įrašomas po teigiamo ${INFECTION[p.infection]} rezultato: šiam klientui iki tos dienos toks rezultatas neįrašytas.`,
  'care.future': () => 'Gydymo etapo data negali būti vėlesnė už šiandienos.',
  'care.already_voided': () => 'Šis gydymo etapas jau anuliuotas.',
  'care.already_recorded': () => 'Etapas: šis gydymo etapas klientui tą dieną jau įrašytas.',
  'record.date_range': () => 'Data turi būti nuo 1990-01-01 iki šiandienos.',
  'overdoses.naloxone_by_without': () => 'Kas panaudojo naloksoną, nurodoma tik tada, kai naloksonas panaudotas (Ar panaudotas naloksonas: taip).',
  'overdoses.already_voided': () => 'Šis pranešimas apie perdozavimą jau anuliuotas.',
  'referrals.none': () => 'Šiame apsilankyme nėra tarpininkavimo ta kryptimi.',
  'referrals.visit_voided': () => 'Šio tarpininkavimo apsilankymas anuliuotas.',
  'visits.empty': () => 'Tuščio apsilankymo išsaugoti negalima: įveskite, kas išduota ar grąžinta, paslaugą arba tyrimą.',
  'visits.test_not_here': () => 'Šis tyrimas nepriklauso šiam apsilankymui.',
  'visits.new_keeps_none': () => 'Naujas apsilankymas neturi ankstesnių tyrimų, kuriuos būtų galima palikti.',
  'visits.voided_no_edit': () => 'Anuliuoto apsilankymo taisyti negalima.',
  'visits.already_voided': () => 'Šis apsilankymas jau anuliuotas.',
  'clients.pattern': () => 'Kodas neatitinka kabineto kliento kodo šablono (Nustatymai → Kliento kodo šablonas).',
  'clients.exists': () => 'Klientas su šiuo kodu jau užregistruotas: pasirinkite jį iš sąrašo.',
  'clients.likely_duplicates': (p) => (p.count === 1
    ? 'Jau yra klientas, kurio kodas nuo šio skiriasi viena rašybos klaida: peržiūrėkite sąrašą kartu su klientu ir tik tada patvirtinkite naują registraciją.'
    : `Jau yra ${n(p.count)} ${ltPlural(p.count, 'klientas', 'klientai', 'klientų')}, kurių kodai nuo šio skiriasi viena rašybos klaida: peržiūrėkite sąrašą kartu su klientu ir tik tada patvirtinkite naują registraciją.`),
  'clients.merged': () => 'Šis klientas sujungtas su kitu: taisykite tą, su kuriuo sujungta.',
  'clients.merge_self': () => 'Kliento negalima sujungti su juo pačiu.',
  'clients.keep_merged': () => 'Klientas, kurį norite palikti, pats jau sujungtas su kitu.',
  'clients.already_merged': () => 'Šis klientas jau sujungtas.',
  'clients.pharmacotherapy_already': (p) =>
    `Pakaitinis gydymas: tą dieną klientas jau ${p.status ? 'gydomas' : 'negydomas'}; įrašomas tik pasikeitimas.`,
  'clients.pharmacotherapy_already_voided': () => 'Šis pakaitinio gydymo pakeitimas jau anuliuotas.',
  'clients.referred_needs_peer': () => 'Atvedusio vartotojo kodas nurodomas tik tada, kai klientas atėjo per kitą vartotoją (Kaip atėjo: per kitą vartotoją).',
  'clients.referred_self': () => 'Atvedusio vartotojo kodas sutampa su paties kliento kodu: klientas negali atvesti pats savęs.',
  'activities.trained_needs_training': () => 'Išmokyti klientai nurodomi tik mokymo veikloje.',
  'activities.already_voided': () => 'Ši veikla jau anuliuota.',
  'activities.topic_needs_training': () => 'Tema: nurodoma tik mokymui.',
  'activities.institutions_or_one': () => 'Institucijos: nurodykite jas sąraše arba vieną instituciją su jos dalyviais, bet ne abu kartu.',
  'activities.institutions_need_meeting': () => 'Institucijos: kelios nurodomos tik susitikimui ar mokymui.',
  'activities.institution_twice': () => 'Institucija: kiekviena nurodoma tik kartą, su visais jos dalyviais.',
  'activities.institution_recorded': () =>
    'Institucija: šiame susitikime (ta pati diena, pavadinimas ir vieta) šios institucijos dalyviai jau įrašyti; anuliuokite tą eilutę ir įrašykite ją iš naujo su visais dalyviais arba susitikimą pavadinkite kitaip.',
  'activities.unknown_code': (p) => `Išmokyto kliento kodas Nr. ${n(p.n)}: kliento su tokiu kodu nėra; pirma užregistruokite klientą arba pataisykite kodą.`,
  'secondary.empty': () => 'Įveskite, ką klientas paėmė kitiems vartotojams, kiek kitų vartotojų pasiekė, arba abu.',
  'outreach.no_place': () => 'Tokios vietos nėra.',
  'outreach.no_worker': () => 'Tokio darbuotojo nėra.',
  'outreach.new_contact_keeps_none': () => 'Naujas kontaktas neturi ankstesnių tyrimų, kuriuos būtų galima palikti.',
  'outreach.already_voided': () => 'Šis lauko darbo įrašas jau anuliuotas.',
  'reports.no_site': (p) => `Ataskaitos filtre nurodytos vietos (Nr. ${p.id}) nėra.`,
  'reports.period_from_early': (p) => `Laikotarpio pradžia (from): ${p.from} yra anksčiau nei ${p.first}; tokių senų įrašų nėra, patikrinkite metus.`,
  'reports.period_to_late': (p) => `Laikotarpio pabaiga (to): ${p.to} yra vėliau nei ${p.last}, kitų metų pabaiga; patikrinkite metus.`,
  'reports.no_part': (p) => `Rodiklis „${indicatorByKey.get(p.key)?.label.lt ?? p.key}“ neturi dalies ${q(p.part.slice(0, 60))}: pasirinkite vieną jo dalių arba visą rodiklį.`,
  'dhis2.period_start': (p) => `Pasirinkus ${PERIOD[p.type].type} laikotarpį, pradžia turi būti ${PERIOD[p.type].first} (pvz., ${p.example}).`,
  'dhis2.period_end': (p) => `Pasirinkus ${PERIOD[p.type].type} laikotarpį, pabaiga turi būti ${PERIOD[p.type].last}.`,

  'file.no_such': () => 'Tokio failo nėra.',
  'file.folder': () => 'Tai aplankas, o ne failas.',
  'file.unreadable': () => 'Failo nepavyksta perskaityti.',
  'file.undecodable': (p) => `Failo ${q(p.file)} nepavyko perskaityti.`,
  'file.read_differently': (p) => `Failas ${q(p.file)} antrą kartą perskaitytas kitaip; niekas neimportuota.`,
  'file.utf16': () => `Failas yra UTF-16 tekstas (Excel „Unicode Text“), o ne CSV. ${SAVE_AS_UTF8}`,
  'file.binary': () => 'Failas nėra nei CSV tekstinis failas, nei .xlsx darbaknygė (jame yra dvejetainių duomenų).',
  'file.encoding': () => `Failas nėra nei UTF-8 tekstas, nei lietuviškas Windows-1257 failas. ${SAVE_AS_UTF8}`,
  'file.empty': () => 'Failas tuščias: jame nėra nei antraštės eilutės, nei duomenų eilučių.',
  'file.xlsx_not_workbook': () => 'Failas pavadintas .xlsx, bet tai ne darbaknygė (ji sugadinta arba tai kitos rūšies failas).',
  'file.xls': () => 'Failas yra senos Excel .xls formos darbaknygė: įrašykite ją kaip .xlsx arba kaip CSV UTF-8.',
  'file.exceljs': (p) => `Failo ${q(p.file)} nepavyksta tiksliai perskaityti (exceljs jo neperskaitė); ${SAVE_AGAIN}`,
  'file.imported_before': (p) =>
    `Šis failas jau importuotas ${p.date} (pavadinimu ${q(p.as)}); importavus jį dar kartą, kiekvienas įrašas būtų skaičiuojamas dukart, todėl jis neimportuotas.`,
  'file.same_as': (p) => `Šio failo turinys toks pat kaip failo ${q(p.other)}, pateikto tame pačiame importe; jis neimportuotas dukart.`,
  'limit.file_bytes': (p) => `Failas ${q(p.file)} užima ${MB(p.size)}, o registro failas gali užimti ne daugiau kaip ${MB(L.fileBytes)}: padalykite jį į kelis failus (pvz., po vieną kiekvieniems metams).`,
  'limit.zip_entries': (p) => `Faile ${q(p.file)} yra daugiau kaip ${n(L.zipEntries)} dalių, o tiek jų nerašo jokia skaičiuoklė; failas neatvertas.`,
  'limit.inflated_bytes': (p) =>
    `Išpakuotas failas ${q(p.file)} užimtų daugiau kaip ${MB(L.inflatedBytes)}, o tiek registro darbaknygėje būti negali; failas neatvertas (padalykite jį į kelis failus arba įrašykite kaip CSV UTF-8).`,
  'limit.inflate_ratio': (p) => `Failas ${q(p.file)} suglaudintas daugiau kaip ${L.inflateRatio} kartų tankiau nei bet kuri skaičiuoklės darbaknygė („zip bomba“); failas neatvertas.`,
  'limit.rows': (p) => `Faile ${q(p.file)} yra daugiau kaip ${rows(L.rows)} (${place(p.where)}), o tiek registre būti negali: padalykite jį į kelis failus.`,
  'limit.columns': (p) => `Faile ${q(p.file)} yra daugiau kaip ${n(L.columns)} stulpelių (${place(p.where)}), o tiek registro eilutėje būti negali.`,
  'limit.csv_lines': (p) => `Faile ${q(p.file)} yra daugiau kaip ${n(L.csvLines)} teksto eilučių, o tiek registre būti negali: padalykite jį į kelis failus.`,
  'limit.csv_delimiters': (p) =>
    `Failo ${q(p.file)} ${n(p.line)} teksto eilutėje yra daugiau kaip ${n(L.csvDelimitersPerLine)} skyriklių, o tiek neturi jokia registro eilutė; failas neperskaitytas.`,
  'limit.shared_strings': (p) =>
    `Faile ${q(p.file)} yra daugiau kaip ${n(L.sharedStrings)} skirtingų tekstų (arba jie užima daugiau kaip ${MB(L.sharedStringChars * 2)}), o tiek registro darbaknygėje būti negali: padalykite jį į kelis failus arba įrašykite kaip CSV UTF-8.`,
  'limit.cell_chars': (p) => `Faile ${q(p.file)} yra langelis, ilgesnis nei ${chars(L.cellChars)} (${place(p.where)}), o tiek registro langelyje būti negali.`,
  'xlsx.not_zip': (p) => `Failas ${q(p.file)} nėra skaitoma .xlsx darbaknygė (ji sugadinta arba tai kitos rūšies failas).`,
  'xlsx.bad_directory': (p) => `Failas ${q(p.file)} nėra skaitoma .xlsx darbaknygė (sugadintas jo zip turinys).`,
  'xlsx.encrypted': (p) => `Failas ${q(p.file)} užšifruotas (apsaugotas slaptažodžiu); pirmiausia įrašykite jį be slaptažodžio.`,
  'xlsx.no_workbook_part': (p) => `Failas ${q(p.file)} yra zip failas, bet ne .xlsx darbaknygė (jame nėra darbaknygės dalies).`,
  'xlsx.damaged': (p) => `Failo ${q(p.file)} nepavyksta tiksliai perskaityti: ${damageLt(p.why)}; ${SAVE_AGAIN}`,

  'sheet.not_register': (p) => `Lapas ${q(p.sheet)} nėra registro formos dalis, todėl neperskaitytas.`,
  'sheet.none': () => 'Darbaknygėje nėra lapo, pavadinto „visits“, „activities“, „overdoses“ ar „care“.',
  'sheet.twice': (p) => `Darbaknygėje yra du lapai, pavadinti ${q(p.sheet)}.`,
  'header.twice': (p) => `Stulpelis ${q(p.name)} yra dukart (stulpeliai ${p.first} ir ${p.second}).`,
  'header.unknown': (p) =>
    `${p.name !== null ? `Stulpelio ${q(p.name)}` : `Stulpelio ${p.letter} pavadinimo`} nėra lapo ${q(p.sheet)} stulpelių sąraše${p.hint ? ` (gal turėta omenyje ${q(p.hint)}?)` : ''}; nežinomi stulpeliai neleidžiami, kad jokie duomenys nedingtų nepastebėti.`,
  'header.none': (p) =>
    `${n(p.row)} eilutė nėra antraštės eilutė: joje neįvardytas nė vienas registro formos stulpelis. Pirmoji eilutė turi įvardyti stulpelius („date“, „client_code“, …).`,
  'header.no_date': () => 'Trūksta stulpelio „date“: kiekvienoje eilutėje turi būti data.',
  'header.no_type': () => 'Trūksta stulpelio „type“: kiekviena veikla turi turėti rūšį.',
  'header.unnamed': (p) => `Stulpelyje ${p.letter} yra reikšmių, bet jis neturi pavadinimo antraštės eilutėje.`,
  'row.beyond_header': (p) => `Eilutėje yra reikšmė stulpelyje ${p.letter}, už paskutinio antraštės stulpelio.`,
  'row.quoting': (p) => `Eilutės kabutės sugadintos (${p.unclosed ? 'kabutėse esantis laukas neuždarytas' : 'kabutė yra ten, kur jos būti negali'}).`,

  'cell.formula_unsaved': () => 'Langelyje yra formulė be išsaugoto rezultato; pirmiausia atverkite darbaknygę skaičiuoklėje ir įrašykite ją.',
  'cell.spreadsheet_error': (p) => `Langelyje yra skaičiuoklės klaida (${p.error}).`,
  'cell.date_not_text': () => 'yra data, o čia turi būti tekstas.',
  'cell.bool_not_text': () => 'yra TRUE/FALSE, o čia turi būti tekstas.',
  'cell.too_long': (p) => `yra ${chars(p.length)} ilgio; leidžiama ne daugiau kaip ${chars(p.max)}.`,
  'cell.hidden_char': () => 'yra nematomas arba valdymo simbolis (pvz., nulinio pločio tarpas ar teksto krypties ženklas); įrašykite iš naujo, neįklijuodami.',
  'cell.phone': () => 'yra telefono numeris; pastabose niekada nerašoma, kas yra klientas ar kaip su juo susisiekti: ištrinkite jį.',
  'cell.personal_code': () => 'yra asmens kodas; pastabose niekada nerašoma, kas yra klientas: ištrinkite jį.',
  'cell.email': () => 'yra el. pašto adresas; pastabose niekada nerašoma, kas yra klientas ar kaip su juo susisiekti: ištrinkite jį.',
  'cell.date_not_count': () => 'yra data, o čia turi būti kiekis (sveikasis skaičius).',
  'cell.bool_not_count': () => 'yra TRUE/FALSE, o čia turi būti kiekis (sveikasis skaičius).',
  'cell.not_count': () => 'nėra kiekis: įrašykite sveikąjį skaičių, 0 arba didesnį.',
  'cell.negative': () => 'yra neigiamas: kiekiai yra sveikieji skaičiai, 0 arba didesni.',
  'cell.fraction': () => 'nėra sveikasis skaičius: kiekiai yra sveikieji skaičiai, 0 arba didesni.',
  'cell.above_max': (p) => `yra didesnis nei didžiausias šiam stulpeliui leidžiamas (${n(p.max)}).`,
  'cell.bad_date_cell': () => 'nėra tinkama data.',
  'cell.date_out_of_range': (p) => `yra datos langelis už 1990–2099 metų ribų (${p.date}); patikrinkite langelį.`,
  'cell.text_date_out_of_range': () => 'yra data už 1990–2099 metų ribų, kokios joks registras neturi; patikrinkite metus.',
  'cell.number_not_date': () => 'yra skaičius, o ne data: įrašykite datą MMMM-MM-DD forma (arba naudokite datos langelį).',
  'cell.not_date': () => 'nėra data, užrašyta MMMM-MM-DD forma (arba tokios dienos nėra).',
  'cell.not_one_of': (p) => `nėra viena iš reikšmių: ${p.values.map(q).join(', ')}.`,
  'cell.sex_letter': () =>
    'yra viena raidė, o jos neužtenka: „M“ angliškai reiškia vyrą („male“), o lietuviškai – moterį; įrašykite „vyras“, „moteris“, „male“, „female“, „other“ arba „unknown“.',
  'cell.year_digits': () => 'turi būti metai, užrašyti keturiais skaitmenimis, pvz., 1985.',
  'cell.year_before_1900': () => 'yra ankstesni nei 1900 metai.',
  'cell.year_after_visit': () => 'yra vėlesni nei apsilankymo metai.',
  'cell.no_date': (p) =>
    `tuščias: kiekvienoje eilutėje turi būti ${{ visits: 'apsilankymo', activities: 'veiklos', overdoses: 'perdozavimo', care: 'gydymo etapo' }[p.sheet]} data.`,
  'cell.no_type': (p) => `tuščias: įrašykite vieną iš reikšmių ${p.values.map(q).join(', ')}.`,
  'cell.code_long': () => 'yra ilgesnis nei 32 simboliai.',
  'cell.staff_name': () => 'nėra naudotojo vardas: naudokite 2–40 raidžių, skaitmenų, taškų, brūkšnelių ar pabraukimų (darbuotojo naudotojo vardą, o ne vardą ir pavardę).',
  'cell.trained_value': () => 'netinkama reikšmė: įrašykite „yes“ arba palikite langelį tuščią.',
  'cell.anonymous_zero': () => 'turi būti ne mažiau kaip 1: eilutė reiškia vieną ar daugiau asmenų.',
  'cell.anonymous_with_code': () => 'turi būti tuščias (arba 1) eilutėje su „client_code“: tokia eilutė reiškia vieną žinomą klientą.',
  'cell.anonymous_test': (p) => `turi būti 1 eilutėje, kurioje įrašytas tyrimas: tyrimas skirtas vienam asmeniui (ši eilutė – ${n(p.count)} ${ltPlural(p.count, 'asmeniui', 'asmenims', 'asmenų')}).`,
  'cell.report_needs_client': () => 'reikia „client_code“: apie pasiektus kitus vartotojus praneša žinomas klientas.',
  'cell.training_needs_client': () => 'reikia „client_code“: išmokyti antriniam keitimui galima tik žinomą klientą.',
  'cell.tested_person_with_code': (p) => `reikšmė ${q(p.person)} skirta eilutei be „client_code“; eilutėje su kodu įrašomas to kliento tyrimas.`,
  'cell.client_only': () => 'neįrašomas eilutėje be „client_code“ (tai kliento duomenys).',
  'cell.needs_test_type': () => 'reikia „test_type“ toje pačioje eilutėje.',
  'cell.test_gives_no': (p) => `tyrimas ${q(p.type)} neduoda ${INFECTION[p.infection]} rezultato.`,
  'cell.referral_needs_count': () => 'reikia tarpininkavimų skaičiaus („referral“) toje pačioje eilutėje.',
  'cell.empty_one_of': (p) => `tuščias: įrašykite vieną iš reikšmių ${p.values.map(q).join(', ')}.`,
  'cell.care_needs_code': () => 'tuščias: gydymo etapas priklauso klientui; įrašykite „client_code“.',
  'cell.referred_by_needs_peer': () => 'skirtas tik klientui, atėjusiam per kitą vartotoją: toje pačioje eilutėje „came_via“ įrašykite „peer“ arba kito vartotojo kodo nerašykite.',
  'cell.referred_by_self': () => 'yra paties kliento kodas: įrašykite kito vartotojo, atvedusio klientą, kodą.',
  'cell.other_items_syntax': (p) => `neužrašytas forma PRIEMONĖ:KIEKIS;PRIEMONĖ:KIEKIS (${n(p.entry)}-oji langelio priemonė), pvz., „naloxone:1;filter:10“.`,
  'cell.other_items_count': (p) => `${n(p.entry)}-ajai langelio priemonei nurodytas kiekis didesnis nei didžiausias leidžiamas vienai eilutei (${n(p.max)}).`,
  'cell.other_items_twice': (p) => `${n(p.entry)}-oji langelio priemonė nurodyta dukart: kiekvieną priemonę įrašykite vieną kartą su visu jos kiekiu.`,
  'cell.list_many': (p) => `išvardyta daugiau kaip ${n(p.max)} ${p.what === 'items' ? 'priemonių' : 'kodų'}, o tiek viename langelyje būti negali.`,
  'cell.trained_code_long': (p) => `yra ilgesnis nei 32 simbolių kodas (${n(p.entry)}-asis langelio kodas).`,
  'cell.only_for_training': () => 'skirtas tik mokymams: „type“ įrašykite „training“ arba palikite šį langelį tuščią.',
  'cell.naloxone_by_needs_given': () => 'reikia „yes“ stulpelyje „naloxone_given“ toje pačioje eilutėje: kas suleido naloksono, įrašoma tik tada, kai jo suleista.',
  'cell.care_step_of_other': (p) =>
    `${q(p.step)} nėra ${INFECTION[p.infection]} gydymo etapas: „cured“ (išgydytas) skirtas HCV, „virally_suppressed“ (nuslopintas virusas) – ŽIV.`,

  'import.new_staff': () => 'tokios darbuotojo paskyros nėra; importuojant bus sukurtas neaktyvus darbuotojo įrašas (be slaptažodžio, prisijungti negalės).',
  'import.new_site': (p) => `nurodo ${NEW_SITE[p.kind]} importuojant; patikrinkite, ar tai ne esamos vietos pavadinimas su klaida.`,
  'import.code_pattern': () => 'Kodas neatitinka kabineto kliento kodo šablono (Nustatymai → Kliento kodo šablonas); jam bus sukurtas naujas klientas. Patikrinkite, ar kode nėra klaidos.',
  'import.known_unknown': (p) =>
    `${q(p.value)} netaikoma: klientas jau užregistruotas (${UNKNOWN[p.what]}), o importas klientų duomenų nekeičia. Pataisykite kliento kortelėje.`,
  'import.code_says': (p) =>
    `nurodyta ${q(p.value)}, bet pagal kodo ${p.what === 'sex' ? 'lyties skaitmenį' : 'metų skaitmenis'} – ${q(p.code)}; įrašoma ${q(p.value)}. Patikrinkite, ar kode nėra klaidos.`,
  'import.contradicts_client': (p) =>
    `nurodyta ${q(p.value)}, bet klientas su šiuo kodu užregistruotas ${p.what === 'sex' ? `su lytimi ${q(p.stored)}` : `su gimimo metais ${q(p.stored)}`}: prieštaravimas netaikomas. Patikrinkite kodą arba pirmiausia pataisykite kliento kortelę.`,
  'import.contradicts_row': (p) => `nurodyta ${q(p.value)}, bet šio failo ${n(p.row)} eilutėje tam pačiam kodui nurodyta ${q(p.other)}.`,
  'import.injects_differs_client': (p) => `${q(p.value)} skiriasi nuo kliento kortelės (${q(p.stored)}); importas klientų duomenų nekeičia, todėl paliekama kortelės reikšmė.`,
  'import.injects_differs_row': (p) => `${q(p.value)} skiriasi nuo šio failo ${n(p.row)} eilutės (${q(p.other)}) tam pačiam kodui; paliekama pirmoji reikšmė.`,
  'import.duplicate_stored': (p) => `sutampa su apsilankymu, jau įrašytu ${p.date}: tikėtinas dublikatas. Jis vis tiek importuojamas; jei tai dublikatas, vieną iš jų anuliuokite.`,
  'import.duplicate_row': (p) => `sutampa su ${p.file === null ? '' : `failo ${q(p.file)} `}${n(p.row)} eilute: tikėtinas dublikatas.`,
  'import.meeting_institution_twice': (p) =>
    `nurodo tą pačią to paties susitikimo instituciją kaip ${p.file === null ? '' : `failo ${q(p.file)} `}${n(p.row)} eilutė: abiejų dalyviai sudedami; jei eilutė įvesta du kartus, pataisykite failą.`,
  'export.other_items_in': (p) => `Grąžintų kitų katalogo priemonių eilučių: ${n(p.lines)}; registro formoje joms stulpelio nėra („other_items“ – tai, kas išduota), todėl jos neeksportuotos.`,
  'export.for_peers': (p) => `Priemonių eilučių, pažymėtų „kitiems vartotojams“ ne antrinio keitimo apsilankyme: ${n(p.lines)}; eksportuotos be šios žymos.`,
  'export.for_peers_rows': (p) =>
    `Apsilankymų, kai klientas ne antrinio keitimo apsilankyme paėmė priemonių kitiems vartotojams: ${n(p.visits)}; kiekvienam pridėta antrinio keitimo („secondary“) eilutė su tuo, kas paimta kitiems.`,
  'export.split_visits': (p) => `Apsilankymų su daugiau nei vienu tyrimu, tarpininkavimo kryptimi ar baigtimi arba pranešimu apie kitus vartotojus: ${n(p.visits)}; kiekvienas įrašytas keliomis eilutėmis.`,
  'export.care_notes': (p) => `Gydymo etapų pastabų: ${n(p.steps)}; jos neeksportuotos (gydymo etapų lape pastabų stulpelio nėra).`,
  'export.pharmacotherapy_moved': (p) =>
    `Pakaitinio gydymo pakeitimų, įrašytų dieną, kai tą mėnesį kliento apsilankymo nebuvo: ${n(p.changes)}; registras pakeitimą rašo apsilankymo eilutėje, todėl kiekvienas įrašytas artimiausio kito mėnesio apsilankymo eilutėje.`,
  'import.item_unknown': (p) =>
    `nurodo priemonę, kurios kataloge nėra (${n(p.entry)}-oji langelio priemonė); kitos katalogo priemonės: ${p.known.length > 0 ? p.known.map(q).join(', ') : 'nėra'}. Pirmiausia įtraukite priemonę į katalogą arba pataisykite raktą.`,
  'import.item_core': (p) => `nurodo priemonę, kuriai yra atskiras stulpelis (${n(p.entry)}-oji langelio priemonė): įrašykite ją stulpelyje ${q(p.column)}.`,
  'import.pharmacotherapy_same_day': (p) =>
    `nurodyta kitaip nei ${p.file === null ? '' : `failo ${q(p.file)} `}${n(p.row)} eilutėje tam pačiam klientui tą pačią dieną: vienai dienai – viena būsena.`,
  'import.referred_by_differs': () => 'skiriasi nuo kito vartotojo kodo, nurodyto ankstesnėje to paties kliento eilutėje; paliekamas pirmasis.',
  'import.trained_code_new': (p) =>
    `${n(p.entry)}-ojo langelio kodo nėra nei tarp duomenų bazės klientų, nei failų eilutėse; jam bus sukurtas naujas klientas. Patikrinkite, ar kode nėra klaidos.`,
  'db.no_file': (p) => `Duomenų bazės failo ${q(p.path)} nėra.`,
  'db.cannot_open': (p) => `Duomenų bazės failo atverti nepavyko (${q(p.detail)}).`,
  'db.in_use': () => 'Duomenų bazę naudoja kita programa, ir ji laiku neatsilaisvino. Po akimirkos bandykite dar kartą.',
  'db.unreadable': () => 'Duomenų bazės failo nepavyksta perskaityti: jis sugadintas arba nepriklauso šiam raktų failui. Atkurkite paskutinę gerą atsarginę kopiją.',
  'db.not_alone': () =>
    'Duomenų bazę atvėrusi kita programa (komandinė eilutė ar antrą kartą paleistas Slenkstis?), o raktams keisti ji turi būti atverta tik čia. Uždarykite ją ir bandykite dar kartą. Niekas nepakeista.',
  'db.newer': (p) =>
    `Šią duomenų bazę įrašė naujesnė Slenksčio versija (schema ${p.version}; ši versija žino iki ${p.latest}). Įdiekite naujesnę versiją; failas paliktas nepakeistas.`,
  'db.exists': (p) => `Duomenų bazė ${q(p.path)} jau yra; ji neperrašyta.`,
  'lock.held_here': () => 'Raktų keitimo užraktą jau laiko ši programa.',
  'lock.no_folder': (p) => `Duomenų bazės aplanko ${q(p.folder)} nėra.`,
  'lock.folder_unwritable': (p) => `Į duomenų bazės aplanką rašyti nepavyksta (${p.code ?? 'priežastis nežinoma'}); niekas nepakeista.`,
  'lock.busy': () =>
    'Kita Slenksčio programa (langas ar komandinė eilutė) keičia šios duomenų bazės raktus arba ją atveria ir per minutę nebaigė. Niekas nepakeista; bandykite dar kartą, kai ji baigs.',
  'lock.taken_over': () => 'Kol vyko šis pakeitimas, raktų keitimo užraktą perėmė kita Slenksčio programa; pakeitimas atšauktas, niekas nepakeista. Bandykite dar kartą.',
  'keys.switch_damaged': (p) => `Šalia duomenų bazės esantis failas ${q(p.file)} sugadintas; jis žymi nebaigtą raktų keitimą. Prieš ką nors ištrindami, kreipkitės pagalbos.`,
  'keys.not_marked': () => 'Šis veiksmas nepažymėtas kaip keičiantis duomenų bazės failą („replacesFile“, shared/api.ts); niekas nepakeista.',
  'keys.must_leave_holders': () => 'Pakeitus raktus turi likti atkūrimo raktas ir bent viena aktyvi paskyra; niekas nepakeista.',
  'keys.copy_unconfirmed': () => 'Iš naujo užšifruotos kopijos patikrinti nepavyko; niekas nepakeista.',
  'keys.switch_pending': () => 'Pakeitimas išsaugotas, bet sistema neleido perkelti jo failų į vietą; jis bus užbaigtas kitą kartą prisijungus. Prisijunkite iš naujo.',
  'keys.replace_refused': (p) =>
    `Duomenų bazės failo pakeisti nepavyko (${p.code ?? 'sistema neleido'}): gal jį laiko atvėrusi kita programa? Niekas nepakeista; uždarykite ją ir bandykite dar kartą.`,
  'keyring.kdf_bounds': () => 'Raktų failas reikalauja rakto išvedimo už leistinų ribų; jis atmestas.',
  'keyring.missing': () => 'Šalia duomenų bazės turinčio būti raktų failo nėra. Atkurkite jį iš atsarginės kopijos arba atkurkite visą atsarginę kopiją.',
  'keyring.too_large': () => 'Šalia duomenų bazės esantis raktų failas daug didesnis, nei gali būti raktų failas; jis atmestas.',
  'keyring.damaged': () => 'Šalia duomenų bazės esantis raktų failas sugadintas. Atkurkite jį iš atsarginės kopijos arba atkurkite visą atsarginę kopiją.',
  'keyring.not_keyring': () => 'Šalia duomenų bazės esantis raktų failas nėra Slenksčio raktų failas arba yra sugadintas.',
  'keyring.altered': () =>
    'Šalia duomenų bazės esantis raktų failas pakeistas ne Slenksčio programa (jo antspaudas nesutampa); niekas nepakeista. Atkurkite atsarginę kopiją (bus paprašyta atkūrimo rakto).',
  'keyring.other_database': () => 'Šalia duomenų bazės esantis raktų failas priklauso kitai duomenų bazei.',
  'keyring.other_generation': (p) =>
    `Šalia duomenų bazės esantis raktų failas yra kitos raktų kartos (${p.keyring}) nei duomenų bazė (${p.database}): tai senesnė ar naujesnė jo kopija. Grąžinkite į vietą šios duomenų bazės raktų failą arba atkurkite atsarginę kopiją.`,
  'keyring.replaced': () => 'Šalia duomenų bazės esantis raktų failas pakeistas kitos duomenų bazės raktų failu; niekas nepakeista.',
  'keyring.not_this_generation': () => 'Šalia duomenų bazės esantis raktų failas nėra šios duomenų bazės raktų kartos; niekas nepakeista.',
  'login.wrong': () => 'Neteisingas naudotojo vardas arba slaptažodis.',
  'login.wrong_recovery': () => 'Šis atkūrimo raktas šios duomenų bazės neatidaro.',
  'login.current_password': () => 'Dabartinis slaptažodis neteisingas.',

  'backup.no_keyring': () => 'Atsarginėms kopijoms reikia raktų failo, bet jis neatvertas.',
  'backup.folder_relative': () => 'Atsarginių kopijų aplankas turi būti nurodytas visu keliu.',
  'backup.folder_unwritable': (p) => `Slenkstis negali rašyti į aplanką ${q(p.folder)}; pasirinkite kitą aplanką (ar prijungta atmintinė ar tinklo diskas?).`,
  'backup.over_database': () => 'Atsarginės kopijos negalima įrašyti vietoj pačios duomenų bazės.',
  'backup.folder_full': (p) => `Atsarginių kopijų aplankas ${q(p.folder)} pilnas; kopija neįrašyta.`,
  'backup.write_failed': (p) => `Atsarginės kopijos nepavyko įrašyti į aplanką ${q(p.folder)} (${q(p.detail)}).`,
  'backup.keyring_changed': () =>
    'Šalia duomenų bazės esantis raktų failas nebepriklauso duomenų bazei, kurią atvėrė šis seansas (kita programa jį pakeitė); kopija neįrašyta. Prisijunkite iš naujo.',
  'backup.keyring_copy': () => 'Šalia atsarginės kopijos įrašytos raktų failo kopijos nepavyko perskaityti patikrinimui.',
  'backup.not_opening': (p) => `Atsarginė kopija ${q(p.file)} neatsidaro savo raktu: ji sugadinta arba priklauso kitam raktų failui.`,
  'backup.integrity': (p) => `Atsarginė kopija ${q(p.file)} neišlaikė vientisumo patikrinimo (${p.detail === null ? 'atsakymo negauta' : q(p.detail)}).`,
  'backup.other_keyring': (p) => `Atsarginė kopija ${q(p.file)} nepriklauso šalia jos esančiam raktų failui.`,
  'backup.read_back': (p) => `Atsarginės kopijos ${q(p.file)} nepavyko perskaityti patikrinimui: ${q(p.detail)}.`,
  'backup.no_file': (p) => `Atsarginės kopijos failo ${q(p.file)} nėra.`,
  'backup.keyring_missing': (p) => `Šalia atsarginės kopijos nėra jos raktų failo (${q(p.file)}); be jo kopijos atverti negalima.`,
  'backup.keyring_damaged': (p) => `Atsarginės kopijos raktų failas (${q(p.file)}) sugadintas.`,
  'restore.wrong_login': () => 'Neteisingas naudotojo vardas arba slaptažodis šiai atsarginei kopijai (kopija atidaroma slaptažodžiais, kurie galiojo ją darant).',
  'restore.altered': () => 'Šios atsarginės kopijos raktų failas pakeistas ne Slenksčio programa (jo antspaudas nesutampa); kopija neatkurta.',
  'restore.manager_only': () => 'Atsarginę kopiją atkurti gali tik tos duomenų bazės, iš kurios ji padaryta, vadovas.',
  'restore.other_database': (p) =>
    `Atsarginė kopija yra kitos duomenų bazės, o ne tos, kuri yra ${q(p.path)}; niekas nepakeista. Jei ją vis tiek reikia pakeisti, atkurkite komandine eilute su „--force“ (pakeistas failas paliekamas šalia).`,
  'restore.valid_now': () => 'Įveskite naudotojo vardą ir slaptažodį, kurie galioja dabar (ir galiojo darant atsarginę kopiją). Niekas nepakeista.',
  'restore.needs_recovery': () =>
    'Neįmanoma įrodyti, kas šiandien gali atverti šią duomenų bazę (esama duomenų bazė sugadinta arba šalia jos esančio raktų failo nėra, jis pakeistas ar priklauso kitai duomenų bazei): įveskite ir atkūrimo raktą. Niekas nepakeista.',
  'restore.recovery_wrong': () => 'Šis atkūrimo raktas šios atsarginės kopijos neatidaro. Niekas nepakeista.',

  'cli.no_staff': (p) => `Darbuotojo paskyros ${q(p.name)} nėra.`,
  'cli.no_site': (p) => `Vietos pavadinimu ${q(p.name)} nėra; pavadinimai išvardyti lange „Vietos“.`,
  'demo.exists': (p) => `Failas ${q(p.path)} jau yra; demonstracinė duomenų bazė niekada jo neperrašo.`,
  'dhis2.mapping_unreadable': (p) => `DHIS2 susiejimo failo ${q(p.path)} nepavyksta perskaityti.`,
  'dhis2.mapping_json': (p) => `DHIS2 susiejimo failas ${q(p.path)} nėra tinkamas JSON (${q(p.detail)}).`,
  'dhis2.mapping_invalid': (p) => `DHIS2 susiejimas netinkamas: ${q(p.issues)}.`,
};

// Labels of the parts of split figures (spec/indicators.md "Split figures"), Lithuanian and
// English, for the report screen and the workbooks. other_commodities takes its labels from
// the catalogue instead.
import { PARTS } from './indicators';

export interface Label {
  lt: string;
  en: string;
}

const l = (lt: string, en: string): Label => ({ lt, en });

const sex = { male: l('Vyrai', 'Male'), female: l('Moterys', 'Female'), other: l('Kita', 'Other'), unknown: l('Nežinoma', 'Unknown') };
const age = {
  under_18: l('Iki 18 m.', 'Under 18'), '18_24': l('18–24 m.', '18–24'), '25_34': l('25–34 m.', '25–34'), '35_44': l('35–44 m.', '35–44'),
  '45_plus': l('45 m. ir vyresni', '45 and over'), unknown: l('Amžius nežinomas', 'Age unknown'),
};
const tests = {
  rapid_hiv: l('Atrankinis greitasis ŽIV tyrimas', 'Rapid HIV test'), combined: l('Kombinuotas ŽIV/HBV/HCV tyrimas', 'Combined HIV/HBV/HCV test'),
  hiv: l('ŽIV testas', 'HIV test'), hbv: l('HBV testas', 'HBV test'), hcv: l('HCV testas', 'HCV test'),
  hcv_rna: l('HCV RNR tyrimas', 'HCV RNA test'), other: l('Kiti testai', 'Other tests'),
};
const infections = { hiv: l('ŽIV', 'HIV'), hbv: l('Hepatitas B (HBV)', 'Hepatitis B (HBV)'), hcv: l('Hepatitas C (HCV)', 'Hepatitis C (HCV)') };
const settings = {
  cabinet: l('Kabinete', 'At the cabinet'), outreach: l('Lauko darbe', 'In outreach'),
  arrest_house_arrestee: l('Areštinėje: sulaikytieji', 'Arrest house: arrestees'), arrest_house_officer: l('Areštinėje: pareigūnai', 'Arrest house: officers'),
  other: l('Kitur', 'Elsewhere'),
};
const gp = { blood_sampling: l('Kraujo paėmimas', 'Blood sampling'), wound_care: l('Žaizdų valymas', 'Wound cleaning'), dressing: l('Perrišimas', 'Dressing'), gp_other: l('Kitos gydytojo paslaugos', 'Other GP services') };
const referrals = {
  pharmacotherapy: l('Pakaitinis gydymas', 'Pharmacotherapy'), detoxification: l('Detoksikacija', 'Detoxification'), gp: l('Šeimos gydytojas', 'General practitioner'),
  hiv_care: l('ŽIV gydymas', 'HIV care'), tb: l('Tuberkuliozės gydymas', 'TB care'), sti: l('LPI gydymas', 'STI care'),
  social_services: l('Socialinės paslaugos', 'Social services'), other: l('Kita', 'Other'),
};
const institutions = {
  law_enforcement: l('Teisėsaugos institucijos', 'Law enforcement'), municipality: l('Savivaldybė', 'Municipality'), politicians: l('Politikai', 'Politicians'),
  health_care: l('Sveikatos priežiūros įstaigos', 'Health care'), other: l('Kitos institucijos', 'Other institutions'),
};

/** Part labels by indicator key and part key. */
export const PART_LABELS: Record<string, Record<string, Label>> = {
  clients_by_sex: sex,
  clients_by_age: age,
  tests_by_type: tests,
  positive_results: infections,
  new_positive_cases: infections,
  tests_by_setting: settings,
  gp_by_type: gp,
  referrals_by_destination: referrals,
  meeting_participants_by_institution: institutions,
};

// Compile-time check that every part key of PARTS has a label.
type Covers<P extends readonly string[], L> = P[number] extends keyof L ? true : false;
export const partLabelsCover: [
  Covers<typeof PARTS.clients_by_sex, typeof sex>, Covers<typeof PARTS.clients_by_age, typeof age>, Covers<typeof PARTS.tests_by_type, typeof tests>,
  Covers<typeof PARTS.infections, typeof infections>, Covers<typeof PARTS.tests_by_setting, typeof settings>, Covers<typeof PARTS.gp_by_type, typeof gp>,
  Covers<typeof PARTS.referrals_by_destination, typeof referrals>, Covers<typeof PARTS.meeting_participants_by_institution, typeof institutions>,
] = [true, true, true, true, true, true, true, true];

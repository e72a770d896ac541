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
const outcomes = { arrived: l('Atvyko', 'Arrived'), not_arrived: l('Neatvyko', 'Did not arrive'), unknown: l('Nežinoma (neįrašyta)', 'Unknown (not recorded)') };
const overdoseOutcomes = { survived: l('Išgyveno', 'Survived'), died: l('Mirė', 'Died'), unknown: l('Baigtis nežinoma', 'Outcome unknown') };
const naloxoneBy = {
  peer: l('Kitas vartotojas', 'A peer'), staff: l('Darbuotojas', 'Staff'), ambulance: l('Greitoji pagalba', 'Ambulance'),
  other: l('Kitas asmuo arba nenurodyta', 'Someone else, or not recorded'),
};
const care = {
  linked_to_care: l('Pateko pas specialistą', 'Linked to care'), treatment_started: l('Pradėtas gydymas', 'Treatment started'),
};
const hcvCascade = {
  antibody_positive: l('Teigiamas HCV antikūnų tyrimas', 'HCV antibody positive'), rna_tested: l('Atliktas HCV RNR tyrimas', 'HCV RNA tested'),
  rna_positive: l('Teigiamas HCV RNR tyrimas', 'HCV RNA positive'), ...care,
  cured: l('Išgydytas (ilgalaikis virusologinis atsakas)', 'Cured (sustained virological response)'),
};
const hivCascade = { positive: l('Teigiamas ŽIV tyrimas', 'HIV positive'), ...care, virally_suppressed: l('Virusas nuslopintas', 'Virally suppressed') };
const routes = {
  self: l('Atėjo patys', 'By themselves'), peer: l('Per kitą vartotoją', 'Through a peer'), point: l('Per antrinio keitimo punktą', 'Through a point'),
  outreach: l('Per lauko darbą', 'Through outreach'), referral: l('Nukreipti kitos tarnybos', 'Referred by another service'), unknown: l('Nepažymėta', 'Not noted'),
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
  referrals_by_outcome: outcomes,
  overdoses_reported: overdoseOutcomes,
  overdoses_naloxone_given: naloxoneBy,
  hcv_cascade: hcvCascade,
  hiv_cascade: hivCascade,
  new_clients_by_route: routes,
};

// Compile-time check that every part key of PARTS has a label.
type Covers<P extends readonly string[], L> = P[number] extends keyof L ? true : false;
export const partLabelsCover: [
  Covers<typeof PARTS.clients_by_sex, typeof sex>, Covers<typeof PARTS.clients_by_age, typeof age>, Covers<typeof PARTS.tests_by_type, typeof tests>,
  Covers<typeof PARTS.infections, typeof infections>, Covers<typeof PARTS.tests_by_setting, typeof settings>, Covers<typeof PARTS.gp_by_type, typeof gp>,
  Covers<typeof PARTS.referrals_by_destination, typeof referrals>, Covers<typeof PARTS.meeting_participants_by_institution, typeof institutions>,
  Covers<typeof PARTS.referrals_by_outcome, typeof outcomes>, Covers<typeof PARTS.overdoses_reported, typeof overdoseOutcomes>,
  Covers<typeof PARTS.overdoses_naloxone_given, typeof naloxoneBy>, Covers<typeof PARTS.hcv_cascade, typeof hcvCascade>,
  Covers<typeof PARTS.hiv_cascade, typeof hivCascade>, Covers<typeof PARTS.new_clients_by_route, typeof routes>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true];

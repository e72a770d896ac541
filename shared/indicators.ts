// The indicator catalogue of spec/indicators.md: stable keys (a contract for JSON, tests and
// the DHIS2 mapping), labels and definitions in Lithuanian and English, and the part keys of
// split figures. The counting itself lives once, in db/reports/.
import { CAME_VIA, INFECTIONS, INSTITUTIONS, NALOXONE_GIVERS, OVERDOSE_OUTCOMES, REFERRAL_DESTINATIONS, REFERRAL_OUTCOMES, TEST_TYPES } from './domain';

export type IndicatorGroup = 'reach' | 'commodities' | 'social' | 'medical' | 'testing' | 'overdose' | 'care' | 'secondary' | 'advocacy';

/** The groups in the order of indicators.md. */
export const INDICATOR_GROUPS: readonly IndicatorGroup[] = ['reach', 'commodities', 'social', 'medical', 'testing', 'overdose', 'care', 'secondary', 'advocacy'];

export interface IndicatorDef<K extends string = string> {
  key: K;
  group: IndicatorGroup;
  label: { lt: string; en: string };
  definition: { lt: string; en: string };
  /** Part keys of a split figure; 'catalogue' for one key per catalogue item. */
  parts?: readonly string[] | 'catalogue';
  /** Shown with one decimal. */
  decimal?: boolean;
}

export const PARTS = {
  clients_by_sex: ['male', 'female', 'other', 'unknown'],
  clients_by_age: ['under_18', '18_24', '25_34', '35_44', '45_plus', 'unknown'],
  tests_by_type: TEST_TYPES,
  infections: INFECTIONS,
  tests_by_setting: ['cabinet', 'outreach', 'arrest_house_arrestee', 'arrest_house_officer', 'other'],
  gp_by_type: ['blood_sampling', 'wound_care', 'dressing', 'gp_other'],
  referrals_by_destination: REFERRAL_DESTINATIONS,
  meeting_participants_by_institution: INSTITUTIONS,
  /** A referral with nothing recorded yet is `unknown`. */
  referrals_by_outcome: [...REFERRAL_OUTCOMES, 'unknown'],
  overdoses_reported: OVERDOSE_OUTCOMES,
  overdoses_naloxone_given: NALOXONE_GIVERS,
  hcv_cascade: ['antibody_positive', 'rna_tested', 'rna_positive', 'linked_to_care', 'treatment_started', 'cured'],
  hiv_cascade: ['positive', 'linked_to_care', 'treatment_started', 'virally_suppressed'],
  new_clients_by_route: CAME_VIA,
} as const;

const d = <K extends string>(
  key: K, group: IndicatorGroup, en: string, lt: string, defEn: string, defLt: string,
  extra: Partial<Pick<IndicatorDef, 'parts' | 'decimal'>> = {},
): IndicatorDef<K> => ({ key, group, label: { lt, en }, definition: { lt: defLt, en: defEn }, ...extra });

export const INDICATORS = [
  // Reach
  d('clients', 'reach', 'Number of clients', 'Klientų skaičius', 'Distinct clients with at least one visit in the period.', 'Skirtingi klientai, turėję bent vieną apsilankymą per laikotarpį.'),
  d('nsp_participants', 'reach', 'Number of NSP programme participants', 'Adatų ir švirkštų keitimo programos dalyvių skaičius', 'Distinct clients with at least one exchange (syringe or needle out or back) in the period.', 'Skirtingi klientai, bent kartą per laikotarpį keitę švirkštus ar adatas.'),
  d('new_clients', 'reach', 'Number of new clients', 'Naujų klientų skaičius', 'Distinct clients whose first visit ever falls in the period.', 'Skirtingi klientai, kurių pirmasis apsilankymas patenka į laikotarpį.'),
  d('new_nsp_participants', 'reach', 'New NSP participants', 'Nauji programos dalyviai', 'Distinct clients whose first exchange ever falls in the period.', 'Skirtingi klientai, kurių pirmasis keitimas patenka į laikotarpį.'),
  d('regular_clients', 'reach', 'Number of regular clients', 'Nuolatinių klientų skaičius', 'Distinct clients with at least the set number of visit-days (by default 3: more than 2) in at least one calendar month of the period (rule stated on the report).', 'Skirtingi klientai, bent vieną kalendorinį laikotarpio mėnesį turėję ne mažiau apsilankymo dienų nei nustatyta (numatyta 3: daugiau nei 2; taisyklė nurodyta ataskaitoje).'),
  d('regular_nsp_access', 'reach', 'Participants with regular NSP access (WHO)', 'Dalyviai, nuolat besinaudojantys keitimu (PSO)', 'Distinct clients with an exchange in every calendar month of the period.', 'Skirtingi klientai, keitę kiekvieną laikotarpio kalendorinį mėnesį.'),
  d('nsp_coverage', 'reach', 'NSP coverage, %', 'Programos aprėptis, %', 'NSP participants / estimated PWID population × 100; only when the estimate is set.', 'Programos dalyviai / įvertintas švirkščiamųjų narkotikų vartotojų skaičius × 100; tik kai įvertis nustatytas.', { decimal: true }),
  d('anonymous_contacts', 'reach', 'Anonymous contacts', 'Anoniminiai kontaktai', 'Outreach contacts recorded without a client code (a count, not distinct persons).', 'Lauko darbo kontaktai be kliento kodo (skaičius, ne skirtingi asmenys).'),
  d('visits', 'reach', 'Number of visits', 'Apsilankymų skaičius', 'Visit-days: (client, date) pairs with at least one visit in the period.', 'Apsilankymo dienos: (klientas, data) poros su bent vienu apsilankymu.'),
  d('clients_by_sex', 'reach', 'Clients by sex', 'Klientai pagal lytį', 'Clients split by sex.', 'Klientai pagal lytį.', { parts: PARTS.clients_by_sex }),
  d('clients_by_age', 'reach', 'Clients by age group', 'Klientai pagal amžiaus grupę', 'Clients split by age (year of the period end minus birth year).', 'Klientai pagal amžių (laikotarpio pabaigos metai minus gimimo metai).', { parts: PARTS.clients_by_age }),
  // How new clients came
  d('new_clients_by_route', 'reach', 'New clients by how they came', 'Nauji klientai pagal tai, kaip atėjo', 'New clients (as counted above) split by how they came, as noted at registration: by themselves, through a peer, through a secondary exchange point, through outreach, referred by another service, or not noted.', 'Nauji klientai (kaip skaičiuojama aukščiau) pagal registruojant pažymėtą atėjimo būdą: patys, per kitą vartotoją, per antrinio keitimo punktą, per lauko darbą, nukreipti kitos tarnybos arba nepažymėta.', { parts: PARTS.new_clients_by_route }),
  d('new_clients_via_secondary', 'reach', 'New clients reached through secondary exchange', 'Nauji klientai, atėję per antrinį keitimą', 'New clients who came through a peer or a point: what the peers\' and points\' work brought in.', 'Nauji klientai, atėję per kitą vartotoją arba per punktą: ką atvedė antrinio keitimo darbas.'),
  // Commodities
  d('syringes_distributed', 'commodities', 'Number of distributed syringes', 'Išdalytų švirkštų skaičius', 'Syringes handed out, all sizes, including those taken for peers.', 'Išdalyti švirkštai, visų dydžių, įskaitant paimtus kitiems.'),
  d('needles_distributed', 'commodities', 'Number of distributed needles', 'Išdalytų adatų skaičius', 'Loose needles handed out.', 'Išdalytos atskiros adatos.'),
  d('syringes_collected', 'commodities', 'Number of collected syringes', 'Surinktų švirkštų skaičius', 'Used syringes taken back.', 'Grąžinti panaudoti švirkštai.'),
  d('needles_collected', 'commodities', 'Number of collected needles', 'Surinktų adatų skaičius', 'Used needles taken back.', 'Grąžintos panaudotos adatos.'),
  d('syringe_return_rate', 'commodities', 'Syringe return rate, %', 'Švirkštų grąžinimo dalis, %', 'Syringes collected / syringes distributed × 100; empty when nothing was distributed.', 'Surinkti švirkštai / išdalyti švirkštai × 100; tuščia, jei nieko neišdalyta.', { decimal: true }),
  d('needles_syringes_distributed', 'commodities', 'Needles and syringes distributed (UNAIDS)', 'Išdalytų adatų ir švirkštų skaičius (UNAIDS)', 'Syringes distributed plus needles distributed, the count the UNAIDS indicator uses.', 'Išdalyti švirkštai ir išdalytos adatos kartu – skaičius, kurį naudoja UNAIDS rodiklis.'),
  d('needles_syringes_per_pwid_year', 'commodities', 'Needles and syringes per person who injects drugs per year', 'Adatų ir švirkštų vienam švirkščiamųjų narkotikų vartotojui per metus', 'Needles and syringes distributed / estimated PWID population × 12 / months in the period; only when the estimate is set.', 'Išdalytos adatos ir švirkštai / įvertintas švirkščiamųjų narkotikų vartotojų skaičius × 12 / laikotarpio mėnesiai; tik kai įvertis nustatytas.', { decimal: true }),
  d('syringes_per_participant', 'commodities', 'Distributed syringes per participant', 'Išdalyta švirkštų vienam dalyviui', 'Syringes distributed / NSP participants.', 'Išdalyti švirkštai / programos dalyviai.', { decimal: true }),
  d('syringes_per_participant_month', 'commodities', 'Distributed syringes per person per month', 'Išdalyta švirkštų vienam asmeniui per mėnesį', 'Syringes distributed / NSP participants / months in the period.', 'Išdalyti švirkštai / programos dalyviai / laikotarpio mėnesiai.', { decimal: true }),
  d('syringes_per_pwid_year', 'commodities', 'Syringes per person who injects drugs per year', 'Švirkštų vienam švirkščiamųjų narkotikų vartotojui per metus', 'Syringes distributed / estimated PWID population × 12 / months in the period; coverage low below 100, medium 100–199, high 200 and above (settings).', 'Išdalyti švirkštai / įvertintas vartotojų skaičius × 12 / laikotarpio mėnesiai; aprėptis žema iki 100, vidutinė 100–199, aukšta nuo 200 (nustatymai).', { decimal: true }),
  d('alcohol_pads_distributed', 'commodities', 'Number of distributed spirit sponges (alcohol pads)', 'Išdalytų spiritinių servetėlių skaičius', 'Alcohol pads handed out.', 'Išdalytos spiritinės servetėlės.'),
  d('disinfectants_distributed', 'commodities', 'Number of distributed disinfectants', 'Išdalytų dezinfekcijos priemonių skaičius', 'Disinfectants other than alcohol pads handed out.', 'Išdalytos kitos nei spiritinės servetėlės dezinfekcijos priemonės.'),
  d('condoms_distributed', 'commodities', 'Number of distributed condoms', 'Išdalytų prezervatyvų skaičius', 'Condoms handed out.', 'Išdalyti prezervatyvai.'),
  d('other_commodities', 'commodities', 'Other prevention commodities', 'Kitos prevencijos priemonės', 'Other catalogue items handed out, per item.', 'Kitos katalogo priemonės, pagal priemonę.', { parts: 'catalogue' }),
  // Social services
  d('svc_information', 'social', 'Information', 'Informavimas', 'Service units of type information.', 'Informavimo paslaugų vienetai.'),
  d('svc_consultation', 'social', 'Consultations', 'Konsultavimas', 'Social worker consultation units.', 'Socialinio darbuotojo konsultacijų vienetai.'),
  d('svc_health_education', 'social', 'Health education', 'Sveikatos mokymas', 'Health education units.', 'Sveikatos mokymo vienetai.'),
  d('svc_referral', 'social', 'Intermediation and referring', 'Tarpininkavimas', 'Referral units.', 'Tarpininkavimo vienetai.'),
  d('svc_nsp_exchange', 'social', 'Needle and syringe exchange service', 'Adatų ir švirkštų keitimo paslauga', 'Visit records with an exchange; a record for several anonymous people counts once, two records on one day count twice.', 'Apsilankymo įrašai su keitimu; įrašas keliems anoniminiams asmenims skaičiuojamas kartą, du įrašai tą pačią dieną – du kartus.'),
  d('social_services_total', 'social', 'Social services provided, times', 'Suteikta socialinių paslaugų, kartai', 'Sum of information, consultations, health education, referrals and exchange services.', 'Informavimo, konsultavimo, sveikatos ugdymo, nukreipimo ir keitimo paslaugų suma.'),
  d('referrals_by_destination', 'social', 'Referrals by destination', 'Nukreipimai pagal paskirtį', 'Referral lines split by destination.', 'Nukreipimai pagal paskirtį.', { parts: PARTS.referrals_by_destination }),
  d('referrals_by_outcome', 'social', 'Referrals by outcome', 'Tarpininkavimas pagal tai, ar atvyko', 'Referral units of the period (as counted above) by the outcome recorded later: arrived, did not arrive, unknown (nothing recorded yet).', 'Laikotarpio tarpininkavimo vienetai (kaip skaičiuojama aukščiau) pagal vėliau įrašytą rezultatą: atvyko, neatvyko, nežinoma (dar neįrašyta).', { parts: PARTS.referrals_by_outcome }),
  d('referral_arrival_rate', 'social', 'Referrals with confirmed arrival, %', 'Tarpininkavimo atvejai, kai patvirtinta, kad atvyko, %', 'Referrals with the outcome arrived / referral units × 100; empty without referrals.', 'Tarpininkavimo atvejai, kai klientas atvyko / tarpininkavimo vienetai × 100; tuščia, jei tarpininkavimo nebuvo.', { decimal: true }),
  d('clients_in_pharmacotherapy', 'social', 'Clients in opioid agonist therapy', 'Klientai, gaunantys pakaitinį gydymą', 'Distinct clients with a visit in the period whose opioid agonist therapy status on the last day of the period is yes (the latest dated change on or before it).', 'Skirtingi klientai, turėję apsilankymą per laikotarpį, kurių pakaitinio gydymo opioidiniais vaistiniais preparatais (farmakoterapijos) būklė paskutinę laikotarpio dieną – taip (naujausias iki tos dienos įrašytas pakeitimas).'),
  d('pre_test_counselling', 'social', 'Pre-test counselling', 'Konsultavimas prieš tyrimą', 'Pre-test counselling units.', 'Konsultavimo prieš tyrimą vienetai.'),
  d('post_test_counselling', 'social', 'Post-test counselling', 'Konsultavimas po tyrimo', 'Post-test counselling units.', 'Konsultavimo po tyrimo vienetai.'),
  // Medical
  d('gp_services', 'medical', 'General practitioner services', 'Bendrosios praktikos gydytojo paslaugos', 'Service units of every medical type.', 'Visų medicininių paslaugų vienetai.'),
  d('gp_clients', 'medical', 'Clients who received GP services', 'Klientai, gavę gydytojo paslaugas', 'Distinct clients, plus anonymous people (by their count) who received medical services without a code.', 'Skirtingi klientai ir anoniminiai asmenys (pagal jų skaičių), gavę medicinines paslaugas.'),
  d('gp_by_type', 'medical', 'GP services by type', 'Gydytojo paslaugos pagal rūšį', 'Blood sampling, wound cleaning, dressing, other.', 'Kraujo paėmimas, žaizdų valymas, perrišimas, kita.', { parts: PARTS.gp_by_type }),
  // Testing
  d('tests_by_type', 'testing', 'Tests performed', 'Atlikti testai', 'Test events by type; a combined HIV/HBV/HCV test is one event with three results.', 'Testai pagal rūšį; kombinuotas ŽIV/HBV/HCV testas – vienas testas su trimis rezultatais.', { parts: PARTS.tests_by_type }),
  d('persons_tested', 'testing', 'Individuals tested', 'Ištirti asmenys', 'Distinct clients tested, plus each test of a person without a code.', 'Skirtingi ištirti klientai ir kiekvienas be kodo ištirtas asmuo.'),
  d('pwid_tested', 'testing', 'People who inject drugs tested', 'Ištirti švirkščiamųjų narkotikų vartotojai', 'Distinct clients tested who are marked as injecting.', 'Skirtingi ištirti klientai, pažymėti kaip švirkščiantys.'),
  d('positive_results', 'testing', 'Positive results', 'Teigiami rezultatai', 'Positive results in the period, per infection.', 'Teigiami rezultatai per laikotarpį, pagal infekciją.', { parts: PARTS.infections }),
  d('new_positive_cases', 'testing', 'New positive cases', 'Nauji teigiami atvejai', "Clients whose first ever positive result for the infection falls in the period; a positive without a code counts as new.", 'Klientai, kurių pirmas teigiamas rezultatas patenka į laikotarpį; teigiamas be kodo laikomas nauju.', { parts: PARTS.infections }),
  d('tests_by_setting', 'testing', 'Tests by setting', 'Testai pagal vietą', 'Tests at the cabinet, in outreach, in the arrest house (arrestees and officers apart).', 'Testai kabinete, lauko darbe, areštinėje (sulaikytieji ir pareigūnai atskirai).', { parts: PARTS.tests_by_setting }),
  // Overdose and naloxone
  d('naloxone_kits_distributed', 'overdose', 'Naloxone kits handed out', 'Išduota naloksono rinkinių', 'Quantity of the catalogue item naloxone handed out in the period, those taken for peers included.', 'Per laikotarpį išduotų katalogo priemonės „naloksonas“ rinkinių skaičius, įskaitant paimtus kitiems vartotojams.'),
  d('naloxone_recipients', 'overdose', 'People who received naloxone', 'Asmenys, gavę naloksono rinkinį', 'Distinct clients who received naloxone in the period, plus anonymous people by their count.', 'Skirtingi klientai, gavę naloksono rinkinį per laikotarpį, ir anoniminiai asmenys pagal jų skaičių.'),
  d('overdose_response_trained', 'overdose', 'People trained in overdose response', 'Asmenys, išmokyti reaguoti į perdozavimą', 'Sum of participants of trainings with the topic overdose response in the period.', 'Mokymų tema „reagavimas į perdozavimą“ dalyvių suma per laikotarpį.'),
  d('overdoses_reported', 'overdose', 'Overdoses reported', 'Pranešta perdozavimų', 'Overdose reports in the period, by outcome: survived, died, unknown.', 'Pranešimai apie perdozavimus per laikotarpį pagal baigtį: išgyveno, mirė, nežinoma.', { parts: PARTS.overdoses_reported }),
  d('overdoses_naloxone_given', 'overdose', 'Overdoses where naloxone was given', 'Perdozavimai, kai panaudotas naloksonas', 'Overdose reports in the period with naloxone given, by who gave it: a peer, staff, the ambulance, other (or not recorded).', 'Pranešimai apie perdozavimus per laikotarpį, kai panaudotas naloksonas, pagal tai, kas jį panaudojo: kitas vartotojas, darbuotojas, greitoji pagalba, kitas asmuo (arba nenurodyta).', { parts: PARTS.overdoses_naloxone_given }),
  // Care after a positive test
  d('hcv_cascade', 'care', 'Hepatitis C care cascade', 'Hepatito C priežiūros kaskada', 'Among clients with a visit in the period, those who reached each step on or before its last day: an HCV positive result of an antibody test (any test but RNA), an HCV RNA test, a positive RNA test, linked to care, treatment started, cured (sustained virological response).', 'Iš klientų, turėjusių apsilankymą per laikotarpį, – pasiekę kiekvieną pakopą iki paskutinės laikotarpio dienos: teigiamas HCV antikūnų tyrimas (bet kuris, išskyrus RNR), atliktas HCV RNR tyrimas, teigiamas HCV RNR tyrimas, pateko pas specialistą, pradėtas gydymas, išgydytas (ilgalaikis virusologinis atsakas).', { parts: PARTS.hcv_cascade }),
  d('hiv_cascade', 'care', 'HIV care cascade', 'ŽIV priežiūros kaskada', 'Among clients with a visit in the period, those who reached each step on or before its last day: an HIV positive result, linked to care, treatment started, virally suppressed.', 'Iš klientų, turėjusių apsilankymą per laikotarpį, – pasiekę kiekvieną pakopą iki paskutinės laikotarpio dienos: teigiamas ŽIV tyrimas, pateko pas specialistą, pradėtas gydymas, virusas nuslopintas.', { parts: PARTS.hiv_cascade }),
  // Secondary exchange and outreach
  d('secondary_exchange_peers', 'secondary', 'Persons in secondary exchange', 'Antrinio keitimo dalyviai', 'Distinct clients who took equipment for peers in the period.', 'Skirtingi klientai, paėmę priemonių kitiems.'),
  d('reached_secondary_street', 'secondary', 'IDUs reached by secondary exchange in the streets', 'Antriniu keitimu gatvėje pasiekti vartotojai', 'Sum of peers reported reached in the streets.', 'Pranešta gatvėje pasiektų asmenų suma.'),
  d('reached_secondary_points', 'secondary', 'IDUs reached at the "points"', 'Taškuose pasiekti vartotojai', 'Sum of peers reported reached at points.', 'Pranešta taškuose pasiektų asmenų suma.'),
  d('reached_secondary_total', 'secondary', 'Number of IDUs reached by secondary exchange', 'Antriniu keitimu pasiektų vartotojų skaičius', 'Street plus points.', 'Gatvėje ir taškuose.'),
  d('reached_secondary_per_month', 'secondary', 'Average reached by secondary exchange per month', 'Vidutiniškai pasiekta per mėnesį', 'Reached in total / months in the period, rounded down.', 'Iš viso pasiekta / laikotarpio mėnesiai, suapvalinta žemyn.'),
  d('secondary_points_active', 'secondary', 'Secondary exchange points in contact', 'Palaikomi antrinio keitimo punktai', 'Distinct points with a report in the period.', 'Skirtingi punktai, apie kuriuos pranešta per laikotarpį.'),
  d('clients_trained_secondary', 'secondary', 'Clients trained for secondary exchange', 'Antriniam keitimui išmokyti klientai', 'Distinct clients with a training record in the period: trained at a visit, or among the clients of a training for secondary exchange (a training without a topic counts as one; an overdose-response training does not).', 'Skirtingi klientai, turintys mokymo įrašą per laikotarpį: apmokyti apsilankymo metu arba antrinio keitimo mokymuose (mokymai be temos laikomi tokiais; perdozavimo pagalbos mokymai – ne).'),
  d('outreach_workers', 'secondary', 'Number of outreach workers', 'Lauko darbuotojų skaičius', 'Distinct staff who worked an outreach session in the period.', 'Skirtingi darbuotojai, dirbę lauko darbo sesijose.'),
  d('outreach_places', 'secondary', 'Higher-risk places visited', 'Aplankytos didesnės rizikos vietos', 'Distinct places with an outreach session in the period.', 'Skirtingos vietos, kuriose vyko lauko darbas.'),
  d('outreach_sessions', 'secondary', 'Outreach sessions', 'Lauko darbo sesijos', 'Distinct (date, place) pairs of outreach contacts.', 'Skirtingos (data, vieta) poros su lauko darbo kontaktais.'),
  // Advocacy
  d('meetings', 'advocacy', 'Advocacy meetings held', 'Surengti viešojo atstovavimo susitikimai', 'Activities of type meeting.', 'Susitikimo tipo veiklos.'),
  d('meeting_participants', 'advocacy', 'Meeting participants', 'Susitikimų dalyviai', 'Sum of participants of meetings.', 'Susitikimų dalyvių suma.'),
  d('meeting_participants_by_institution', 'advocacy', 'Meeting participants by institution', 'Susitikimų dalyviai pagal instituciją', 'The same sum split by institution type.', 'Ta pati suma pagal institucijos tipą.', { parts: PARTS.meeting_participants_by_institution }),
  d('media_items', 'advocacy', 'Publications in media', 'Publikacijos žiniasklaidoje', 'Activities of type media.', 'Žiniasklaidos tipo veiklos.'),
] as const satisfies readonly IndicatorDef[];

/** The keys of the figures (spec/indicators.md): a contract for JSON, the workbooks and DHIS2 mappings. */
export type IndicatorKey = (typeof INDICATORS)[number]['key'];
export const INDICATOR_KEYS: readonly IndicatorKey[] = INDICATORS.map((i) => i.key);
export const indicatorByKey: ReadonlyMap<string, IndicatorDef<IndicatorKey>> = new Map(INDICATORS.map((i) => [i.key, i]));
export const isIndicatorKey = (key: string): key is IndicatorKey => indicatorByKey.has(key);

/** One decimal, half away from zero, as the reports print it. */
export const round1 = (x: number): number => Math.round(x * 10 + Math.sign(x) * 1e-9) / 10;

export type IndicatorValue = number | Record<string, number> | null;
/** Every figure of a report, by key: the compiler checks that the engine gives each one. */
export type Indicators = Record<IndicatorKey, IndicatorValue>;

export function coverageLevel(perPwidYear: number, lowBelow: number, highFrom: number): 'low' | 'medium' | 'high' {
  if (perPwidYear < lowBelow) return 'low';
  if (perPwidYear >= highFrom) return 'high';
  return 'medium';
}

/**
 * The regular-client rule in words, as every report states it (on screen, in the workbooks, in
 * the JSON): said once here. `minDays` is the setting (visit-days a month, at least).
 */
export function regularRuleText(minDays: number, lang: 'lt' | 'en'): string {
  if (lang === 'lt') {
    return `Nuolatinis klientas: bent ${minDays} apsilankymo dienos per vieną kalendorinį laikotarpio mėnesį (daugiau nei ${minDays - 1} per mėnesį).`;
  }
  return `Regular client: at least ${minDays} visit-days in one calendar month of the period (more than ${minDays - 1} a month).`;
}

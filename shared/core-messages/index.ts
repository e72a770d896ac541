// The core's messages, keyed: a service says `text('visits.empty')`, and the door says it in the
// language of whoever asked — the window's session language, English for the command line.
// A key with its parameters is checked by the compiler against both catalogues; a sentence is
// made only at the edge, so that nothing in the core depends on the words.
import { en, reasonEn, type Catalogue } from './en';
import { lt, reasonLt } from './lt';
import type { Lang } from './format';
import type { Reason } from '../messages';

export type { Lang } from './format';
export type { Dhis2Period, MedicalAct, Thing, XlsxDamage } from './en';
export type MessageKey = keyof Catalogue;
export type ParamsOf<K extends MessageKey> = Parameters<Catalogue[K]> extends [] ? undefined : Parameters<Catalogue[K]>[0];

/** A message not yet in words: its key and parameters. */
export type Text = { [K in MessageKey]: ParamsOf<K> extends undefined ? { key: K; params?: undefined } : { key: K; params: ParamsOf<K> } }[MessageKey];

/** A message by key; the parameters are those its catalogue entry takes. */
export function text<K extends MessageKey>(key: K, ...params: ParamsOf<K> extends undefined ? [] : [ParamsOf<K>]): Text {
  return { key, params: params[0] } as Text;
}

const CATALOGUES: Record<Lang, Catalogue> = { en, lt };

/** The message in words. */
export function say(lang: Lang, t: Text): string {
  const entry = CATALOGUES[lang][t.key] as (p: unknown) => string;
  return entry(t.params);
}

/** A validation reason's text (without the field), as a form shows it beside the field. */
export const sayReason = (lang: Lang, r: Reason): string => (lang === 'lt' ? reasonLt(r) : reasonEn(r));

export { fieldLt, hasFieldLabel } from './lt';

// Names for the shapes the screens pass around, all taken from the channel map.
import type { ChannelInput, ChannelOutput } from '../../shared/api';

export type StaffInfo = ChannelOutput<'session.login'>;
export type SessionStatus = ChannelOutput<'session.status'>;
export type ClientSummary = ChannelOutput<'clients.search'>[number];
export type ClientCardData = ChannelOutput<'clients.card'>;
export type VisitRecord = ChannelOutput<'visits.get'>;
export type VisitInput = ChannelInput<'visits.create'>;
export type VisitDefaults = ChannelOutput<'clients.lastVisitDefaults'>;
export type SiteRecord = ChannelOutput<'sites.save'>;
export type ItemRecord = ChannelOutput<'items.save'>;
export type StaffRecord = ChannelOutput<'staff.add'>;
export type ProjectRecord = ChannelOutput<'projects.save'>;
export type Settings = ChannelOutput<'settings.get'>;
export type StockBalance = ChannelOutput<'stock.balance'>[number];
export type OutreachSession = ChannelOutput<'outreach.create'>;
export type ActivityRecord = ChannelOutput<'activities.create'>;
export type SupplyLineInput = NonNullable<VisitInput['supplies']>[number];
export type ServiceLineInput = NonNullable<VisitInput['services']>[number];
export type TestLineInput = NonNullable<VisitInput['tests']>[number];

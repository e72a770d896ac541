// Projects (donor grants and their periods): the list and a manager's edit.
import { qb } from '../store';
import { audit } from '../audit';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import type { Selectable } from 'kysely';
import type { ProjectTable } from '../schema';
import { nowIso, notFound, type Ctx } from './context';

type ProjectRecord = ChannelOutput<'projects.save'>;
type ProjectRow = Selectable<ProjectTable>;
const toProject = (r: ProjectRow): ProjectRecord => ({ id: r.id, title: r.title, donor: r.donor, from: r.date_from, to: r.date_to, budgetMinor: r.budget_minor, currency: r.currency });

const projectById = (id: number) => qb.selectFrom('projects').selectAll().where('id', '=', id);

export function listProjects(ctx: Ctx): ProjectRecord[] {
  return ctx.store.all(qb.selectFrom('projects').selectAll().orderBy('date_from', 'desc')).map(toProject);
}

export function saveProject(ctx: Ctx, input: ParsedInput<'projects.save'>): ProjectRecord {
  return ctx.store.tx(() => {
    const values = { title: input.title, donor: input.donor, date_from: input.from, date_to: input.to, budget_minor: input.budgetMinor, currency: input.currency };
    let id = input.id;
    let before: ProjectRow | undefined;
    if (id === undefined) {
      id = ctx.store.run(qb.insertInto('projects').values({ ...values, created_at: nowIso() })).lastInsertRowid;
    } else {
      before = ctx.store.get(projectById(id));
      if (!before) notFound('project');
      ctx.store.run(qb.updateTable('projects').set(values).where('id', '=', id));
    }
    const after = ctx.store.get(projectById(id));
    if (!after) notFound('project');
    audit(ctx.store, ctx.actor, before ? 'update' : 'create', 'project', id, before ?? null, after);
    return toProject(after);
  });
}

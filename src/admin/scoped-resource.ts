import { BaseRecord, flat, ValidationError, type ActionContext, type BaseProperty, type Filter, type ParamsType } from 'adminjs';
import { Resource as SequelizeResource, convertFilter } from '@adminjs/sequelize';
import { Op, type ModelStatic, type Model, type WhereOptions } from 'sequelize';
import { DomainError, InvalidError, NotFoundError } from '../shared/errors.js';
import type { Actor } from '../shared/actor.js';
import { panelActor } from './panel-actor.js';

/** Service calls behind a resource's writes; params are the panel's flat form values. */
export interface ResourceWriter {
  create?(actor: Actor, params: Record<string, unknown>): Promise<string>;
  update?(actor: Actor, id: string, params: Record<string, unknown>): Promise<void>;
  delete?(actor: Actor, id: string): Promise<void>;
}

export interface ScopedResourceOptions {
  /** Columns the panel never sees, not even in its JSON API (password hashes). */
  hidden?: string[];
  /** Extra condition on every read for this actor; null means everything. */
  scope?: (actor: Actor) => Promise<WhereOptions | null>;
  /** Values the table does not hold (a track's artists), added to a page of rows at once. */
  extend?: (actor: Actor, rows: Record<string, unknown>[]) => Promise<void>;
  writer: ResourceWriter;
}

/** Domain errors become the panel's own: field errors on the form, anything else as the notice. */
export function toPanelError(err: unknown): unknown {
  if (err instanceof InvalidError && err.errors.length > 0) {
    const fields = Object.fromEntries(err.errors.map((e) => [e.path.replace(/^body\./, ''), { message: e.message }]));
    return new ValidationError(fields, { message: err.message });
  }
  // AdminJS counts a write as failed only when some property has an error, so a rule broken
  // by the record as a whole (a conflict, the last admin) is reported under `record` too.
  if (err instanceof DomainError) return new ValidationError({ record: { message: err.message } }, { message: err.message });
  return err;
}

/**
 * A Sequelize-backed resource for reads (lists, filters, show) that narrows every query to
 * what the signed-in user may see and sends every write to the services. The adapter's own
 * create/update/delete (straight to the model) are never used, so no panel action can
 * bypass the rules, whichever action calls them.
 */
export class ScopedResource extends SequelizeResource {
  private readonly hidden: Set<string>;

  constructor(
    private readonly model: ModelStatic<Model>,
    private readonly opts: ScopedResourceOptions,
  ) {
    super(model);
    this.hidden = new Set(opts.hidden ?? []);
  }

  static override isAdapterFor(): boolean {
    return false;
  }

  override properties(): BaseProperty[] {
    return super.properties().filter((p) => !this.hidden.has(p.name()));
  }

  override property(path: string): BaseProperty | null {
    return this.hidden.has(path.split('.')[0]!) ? null : super.property(path);
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    return this.model.count({ where: await this.where(convertFilter(filter), context) });
  }

  override async find(filter: Filter, options: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } }, context?: ActionContext): Promise<BaseRecord[]> {
    const { limit = 20, offset = 0, sort = {} } = options;
    const sortBy = sort.sortBy && !this.hidden.has(sort.sortBy) ? sort.sortBy : this.primaryKey();
    const rows = await this.model.findAll({
      where: await this.where(convertFilter(filter), context),
      limit,
      offset,
      order: [[sortBy, (sort.direction ?? 'asc').toUpperCase()], [this.primaryKey(), 'ASC']],
    });
    return this.toRecords(rows, context);
  }

  override async findOne(id: string, context?: ActionContext): Promise<BaseRecord | null> {
    const row = await this.model.findOne({ where: await this.where({ [this.primaryKey()]: id }, context) });
    return row && (await this.toRecords([row], context))[0]!;
  }

  override async findMany(ids: (string | number)[], context?: ActionContext): Promise<BaseRecord[]> {
    const rows = await this.model.findAll({ where: await this.where({ [this.primaryKey()]: { [Op.in]: ids } }, context) });
    return this.toRecords(rows, context);
  }

  override async create(params: Record<string, unknown>, context?: ActionContext): Promise<ParamsType> {
    const write = this.opts.writer.create;
    if (!write) throw new ValidationError({}, { message: 'Records of this kind are not created in the panel' });
    const id = await this.run(() => write(panelActor(context?.currentAdmin), flat.unflatten(params)));
    return this.paramsOf(id);
  }

  override async update(id: string, params: Record<string, unknown>, context?: ActionContext): Promise<ParamsType> {
    const write = this.opts.writer.update;
    if (!write) throw new ValidationError({}, { message: 'Records of this kind are not edited in the panel' });
    await this.run(() => write(panelActor(context?.currentAdmin), id, flat.unflatten(params)));
    return this.paramsOf(id);
  }

  override async delete(id: string, context?: ActionContext): Promise<void> {
    const write = this.opts.writer.delete;
    if (!write) throw new ValidationError({}, { message: 'Records of this kind are not deleted in the panel' });
    await this.run(() => write(panelActor(context?.currentAdmin), id));
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toPanelError(err);
    }
  }

  private async paramsOf(id: string): Promise<ParamsType> {
    const row = await this.model.findByPk(id);
    if (!row) throw toPanelError(new NotFoundError());
    return this.toRecord(row).params;
  }

  private async where(base: WhereOptions, context?: ActionContext): Promise<WhereOptions> {
    const scope = this.opts.scope ? await this.opts.scope(panelActor(context?.currentAdmin)) : null;
    return scope ? { [Op.and]: [base, scope] } : base;
  }

  private toRecord(row: Model): BaseRecord {
    return new BaseRecord(this.plain(row), this);
  }

  private async toRecords(rows: Model[], context?: ActionContext): Promise<BaseRecord[]> {
    const plain = rows.map((r) => this.plain(r));
    if (this.opts.extend && plain.length > 0) await this.opts.extend(panelActor(context?.currentAdmin), plain);
    return plain.map((p) => new BaseRecord(p, this));
  }

  private plain(row: Model): Record<string, unknown> {
    const plain = row.toJSON() as Record<string, unknown>;
    for (const key of this.hidden) delete plain[key];
    return plain;
  }
}

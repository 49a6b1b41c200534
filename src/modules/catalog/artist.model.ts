import { BelongsToMany, Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { GenreModel } from './genre.model.js';
import { ArtistGenreModel } from './artist-genre.model.js';

@Table({ tableName: 'artists', underscored: true, timestamps: true })
export class ArtistModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare id: string;

  @Column({ type: DataType.STRING(1000), allowNull: false })
  declare name: string;

  /** Case-insensitive identity of the name (see nameKey); unique, so "find or create by name" cannot race into twins. */
  @Column({ type: DataType.TEXT, allowNull: true })
  declare nameKey: string | null;

  @Column({ type: DataType.STRING(220), allowNull: false })
  declare slug: string;

  @Column({ type: DataType.TEXT, allowNull: true })
  declare bio: string | null;

  @Column({ type: DataType.STRING(128), allowNull: true })
  declare photoKey: string | null;

  @Column({ type: DataType.UUID, allowNull: true })
  declare createdById: string | null;

  @BelongsToMany(() => GenreModel, () => ArtistGenreModel)
  declare genres?: GenreModel[];

  declare createdAt: Date;
  declare updatedAt: Date;
}

import { Column, DataType, HasMany, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { AlbumArtistModel } from './album-artist.model.js';

export type AlbumType = 'album' | 'single' | 'ep' | 'compilation';

@Table({ tableName: 'albums', underscored: true, timestamps: true })
export class AlbumModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare id: string;

  @Column({ type: DataType.STRING(1000), allowNull: false })
  declare title: string;

  @Column({ type: DataType.STRING(16), allowNull: false })
  declare type: AlbumType;

  /** ISO date (YYYY-MM-DD); a year-only tag becomes YYYY-01-01. */
  @Column({ type: DataType.DATEONLY, allowNull: true })
  declare releaseDate: string | null;

  @Column({ type: DataType.STRING(128), allowNull: true })
  declare coverKey: string | null;

  @Column({ type: DataType.UUID, allowNull: true })
  declare createdById: string | null;

  /** Title and first artist, for albums created by name (uploads, imports); see migration 0700. */
  @Column({ type: DataType.STRING(64), allowNull: true })
  declare matchKey: string | null;

  @HasMany(() => AlbumArtistModel, { foreignKey: 'albumId', as: 'albumArtists' })
  declare albumArtists?: AlbumArtistModel[];

  declare createdAt: Date;
  declare updatedAt: Date;
}

import { Column, DataType, ForeignKey, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { ArtistModel } from './artist.model.js';
import { GenreModel } from './genre.model.js';

@Table({ tableName: 'artist_genres', underscored: true, timestamps: false })
export class ArtistGenreModel extends Model {
  @PrimaryKey
  @ForeignKey(() => ArtistModel)
  @Column({ type: DataType.UUID })
  declare artistId: string;

  @PrimaryKey
  @ForeignKey(() => GenreModel)
  @Column({ type: DataType.UUID })
  declare genreId: string;
}

import { Column, DataType, ForeignKey, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { GenreModel } from './genre.model.js';
import { TrackModel } from './track.model.js';

@Table({ tableName: 'track_genres', underscored: true, timestamps: false })
export class TrackGenreModel extends Model {
  @PrimaryKey
  @ForeignKey(() => TrackModel)
  @Column({ type: DataType.UUID })
  declare trackId: string;

  @PrimaryKey
  @ForeignKey(() => GenreModel)
  @Column({ type: DataType.UUID })
  declare genreId: string;
}

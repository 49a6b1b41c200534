import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

@Table({ tableName: 'playlist_genres', underscored: true, timestamps: false })
export class PlaylistGenreModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare playlistId: string;

  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare genreId: string;
}

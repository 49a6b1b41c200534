import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

@Table({ tableName: 'ratings', underscored: true, timestamps: true })
export class RatingModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare userId: string;

  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare trackId: string;

  @Column({ type: DataType.SMALLINT, allowNull: false })
  declare score: number;

  declare createdAt: Date;
  declare updatedAt: Date;
}

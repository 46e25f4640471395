import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class SessionLoginDto {
  @ApiProperty({ description: 'the credential the user was given (as for Authorization: Bearer)' })
  @IsString()
  @MaxLength(200)
  @Matches(/^\s*\S+\s*$/, { message: 'credential: one word, as printed by the CLI' })
  credential: string;
}

export class SessionDto {
  @ApiProperty({ enum: ['platform', 'authority', 'officer', 'auditor', 'admin'] }) role: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) platformCode: string | null;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class SellerSearchQueryDto {
  @ApiProperty({ description: 'a tax code, national ID, phone number, seller reference, or a person or shop name' })
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q: string;

  @ApiProperty({ required: false, description: 'platform code' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{1,39}$/)
  platform?: string;

  @ApiProperty({ required: false, default: 20, maximum: 50 })
  @IsOptional()
  @Matches(/^[0-9]{1,2}$/)
  limit?: string;
}

export class LinkPairQueryDto {
  @ApiProperty({ required: false, description: "the taxpayer to compare with (its id); default: the link's candidate" })
  @IsOptional()
  @Matches(/^[0-9]{1,18}$/)
  taxpayerId?: string;
}

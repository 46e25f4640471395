import { ApiProperty } from '@nestjs/swagger';

export class ErrorResponseDto {
  @ApiProperty({ example: 'BATCH_NOT_FOUND', description: 'stable error code' })
  code: string;

  @ApiProperty({ example: 'no such batch' })
  message: string;

  @ApiProperty({ example: 404 })
  status: number;

  @ApiProperty({ required: false, description: 'the request correlation id, also in the logs' })
  correlationId?: string;

  @ApiProperty({ required: false, type: Object })
  details?: Record<string, unknown>;
}

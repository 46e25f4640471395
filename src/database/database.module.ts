import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { SqlService } from './sql.service';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig, applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.database.url, config.database.poolSize, applicationName),
          retryAttempts: 3,
          retryDelay: 1000,
        }),
      ],
      providers: [SqlService],
      exports: [SqlService],
    };
  }
}

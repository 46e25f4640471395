import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { CredentialService } from './credential.service';

@Global()
@Module({
  providers: [CredentialService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [CredentialService],
})
export class AuthModule {}

/** Credentials without the HTTP guard, for the worker process and the CLI. */
@Global()
@Module({ providers: [CredentialService], exports: [CredentialService] })
export class CredentialsModule {}

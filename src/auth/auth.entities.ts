import { CredentialEntity } from './credential.entity';
import { PlatformEntity } from './platform.entity';
import { UserEntity } from './user.entity';

export const AUTH_ENTITIES: Function[] = [PlatformEntity, UserEntity, CredentialEntity];

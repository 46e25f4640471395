import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { blindIndex, decryptPii, encryptPii } from './pii-crypto';

/** The configured keys applied to personal identifiers. Nothing here logs values. */
@Injectable()
export class PiiService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get encryptionKey(): Buffer {
    return this.config.secrets.piiEncryptionKey;
  }

  get indexKey(): Buffer {
    return this.config.secrets.piiIndexKey;
  }

  encrypt(plain: string): Buffer {
    return encryptPii(plain, this.encryptionKey);
  }

  decrypt(stored: Buffer): string {
    return decryptPii(stored, this.encryptionKey);
  }

  blindIndex(normalised: string): Buffer {
    return blindIndex(normalised, this.indexKey);
  }
}

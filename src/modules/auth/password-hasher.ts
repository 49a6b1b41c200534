import argon2 from 'argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** argon2id with the OWASP-recommended minimum (19 MiB, t=2, p=1) unless told otherwise. */
export class Argon2Hasher implements PasswordHasher {
  constructor(private readonly memoryCost = 19456) {}

  hash(password: string) {
    return argon2.hash(password, { type: argon2.argon2id, memoryCost: this.memoryCost, timeCost: 2, parallelism: 1 });
  }

  async verify(hash: string, password: string) {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }
}

import type { webcrypto } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

/** An RS256 signing key with its public JWK. */
export interface SigningKey {
  kid: string;
  privateKey: webcrypto.CryptoKey;
  publicJwk: JWK;
}

/** Loads the issuer's signing key from `file`, or makes one and stores it there (so tokens survive restarts). */
export async function loadOrCreateSigningKey(file?: string): Promise<SigningKey> {
  let privateJwk: JWK | undefined;
  if (file) {
    try {
      privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
    } catch {
      privateJwk = undefined;
    }
  }
  if (!privateJwk) {
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    privateJwk = await exportJWK(privateKey);
    if (file) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600 });
    }
  }
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicPart } = privateJwk;
  const kid = await calculateJwkThumbprint(publicPart);
  const privateKey = (await importJWK({ ...privateJwk, alg: 'RS256' }, 'RS256')) as webcrypto.CryptoKey;
  return { kid, privateKey, publicJwk: { ...publicPart, kid, alg: 'RS256', use: 'sig' } };
}

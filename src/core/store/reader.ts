/** The store as verification sees it: an `ObjectReader` that fetches and hashes objects by URL. */
import type { S3Client } from '@aws-sdk/client-s3';
import type { ObjectCheck, ObjectReader } from '../verify/stored.ts';
import { StoreError } from './client.ts';
import { digestObject } from './objects.ts';

/**
 * An ObjectReader over `client`: a missing object is `missing`, every other failure `unfetched`.
 * Once the store is unreachable or refuses the credentials, the other objects are not tried (each
 * would wait for the SDK's retries) and are unfetched for the same reason.
 */
export function objectReader(client: S3Client): ObjectReader {
  let down: string | undefined;
  return {
    async check(object: string, bytes: number): Promise<ObjectCheck> {
      if (down !== undefined) return { unfetched: down };
      try {
        return await digestObject(client, object, bytes);
      } catch (e) {
        if (!(e instanceof StoreError)) throw e;
        if (e.reason === 'missing') return { missing: 'is not in the object store' };
        if (e.reason === 'unreachable' || e.reason === 'credentials') down = e.message;
        return { unfetched: e.message };
      }
    },
  };
}

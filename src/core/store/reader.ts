/** The store as verification sees it: an `ObjectReader` that fetches and hashes objects by URL. */
import type { S3Client } from '@aws-sdk/client-s3';
import type { ObjectCheck, ObjectReader } from '../verify/stored.ts';
import { StoreError } from './client.ts';
import { digestObject } from './objects.ts';

/** An ObjectReader over `client`: a missing object is `missing`, every other failure `unfetched`. */
export function objectReader(client: S3Client): ObjectReader {
  return {
    async check(object: string, bytes: number): Promise<ObjectCheck> {
      try {
        return await digestObject(client, object, bytes);
      } catch (e) {
        if (!(e instanceof StoreError)) throw e;
        if (e.reason === 'missing') return { missing: 'is not in the object store' };
        return { unfetched: e.message };
      }
    },
  };
}

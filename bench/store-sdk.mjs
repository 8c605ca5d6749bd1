// The anchor of `npm run bench:store`: the AWS SDK's own upload or download of one file, in a
// process of its own (the bench measures it).
//   node bench/store-sdk.mjs upload|download <endpoint> <bucket> <key> <file>
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

const [op, endpoint, bucket, key, file] = process.argv.slice(2);
const client = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1' });
if (op === 'upload') {
  await new Upload({ client, params: { Bucket: bucket, Key: key, Body: createReadStream(file) } }).done();
} else if (op === 'download') {
  const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  await pipeline(r.Body, createWriteStream(file));
} else throw new Error(`unknown op ${op}`);

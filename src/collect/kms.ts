import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import type { KmsKey } from '../snapshot/types.js';
import { parseArn } from './arn.js';
import type { Collection } from './collection.js';
import { nullWhen } from '../aws/errors.js';

/** The region of a trail's key: the ARN says it; a bare key id or alias name is in the trail's home region. */
export function kmsKeyRegion(ref: string, trailHomeRegion: string): string {
  return parseArn(ref)?.region || trailHomeRegion;
}

/** DescribeKey accepts every form a trail or topic may name (key ARN, alias ARN, key id); a deleted key is `null`. Each key is described once. */
export async function describeKmsKey(collection: Collection, ref: string, region: string): Promise<KmsKey> {
  const client = collection.client('kms', region);
  const details = await collection.once(`kms:DescribeKey ${region} ${ref}`, () =>
    collection.read({ operation: 'kms:DescribeKey', region, resource: ref }, () =>
      nullWhen(['NotFoundException'], async () => {
        const { KeyMetadata: key } = await client.send(new DescribeKeyCommand({ KeyId: ref }));
        return { arn: key?.Arn ?? '', keyState: key?.KeyState ?? '', keyManager: key?.KeyManager ?? '', enabled: key?.Enabled ?? false };
      }),
    ),
  );
  return { ref, region, details };
}

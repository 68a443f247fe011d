import { IAMClient } from '@aws-sdk/client-iam';
import type { Clients } from '../collect/clients.js';
import type { ClientFor } from './apply.js';

/**
 * The clients `applyPlan` sends through: the collector's factory (one set of credentials, endpoint
 * and retry policy for every service and Region). That factory has no IAM client, which only
 * `fix` needs; the IAM client borrows the credentials of the factory's STS client so that a
 * profile or an assumed role applies to it as well.
 */
export function remediationClients(clients: Clients, endpointUrl: string | undefined): { clientFor: ClientFor; destroy(): void } {
  let iam: IAMClient | undefined;
  return {
    clientFor(service, region) {
      if (service !== 'iam') return clients.get(service, region);
      iam ??= new IAMClient({
        // IAM is global: its endpoint lives in us-east-1 (aws partition) whatever Region the call names.
        region,
        credentials: clients.get('sts', clients.homeRegion).config.credentials,
        ...(endpointUrl === undefined ? {} : { endpoint: endpointUrl }),
      });
      return iam;
    },
    destroy() {
      iam?.destroy();
      clients.destroy();
    },
  };
}

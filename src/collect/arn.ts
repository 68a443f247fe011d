/** The parts of an ARN the collector routes by: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

export function parseArn(text: string): Arn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, accountId, ...resource] = parts as [string, string, string, string, string, ...string[]];
  return { partition, service, region, accountId, resource: resource.join(':') };
}

/** Whether `text` is the ARN of a resource of `service`, e.g. an SNS topic among alarm actions. */
export function isArnOf(service: string, text: string): boolean {
  return parseArn(text)?.service === service;
}
